"""`govaudit extract` over folders and mixed batches: what can be read is
output, what cannot is named, exit 1 (issue 14, item 4)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from tests.conftest import run_govaudit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
Y2023 = EXAMPLES / "示例县2023年政府信息公开工作年度报告.html"
Y2024 = EXAMPLES / "示例县2024年政府信息公开工作年度报告.html"


_run = run_govaudit


def _folder(tmp_path) -> Path:
    folder = tmp_path / "reports"
    (folder / "old").mkdir(parents=True)
    shutil.copy(Y2023, folder / "old" / "a2023.html")
    shutil.copy(Y2024, folder / "b2024.html")
    (folder / "empty.md").write_bytes(b"")
    (folder / "notes.xlsx").write_bytes(b"PK")  # not a report extension: passed over, not an error
    return folder


def test_a_folder_is_searched_and_an_unreadable_file_is_named(tmp_path):
    _folder(tmp_path)
    done = _run(tmp_path, "extract", "reports")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert [d["path"] for d in data] == ["reports/b2024.html", "reports/old/a2023.html"]
    assert [d["year"] for d in data] == [2024, 2023]
    assert done.stderr == (
        "govaudit: 错误: reports/empty.md: 文件为空\n"
        "govaudit: 已读取 2 个文件，1 个无法读取\n"
    )


def test_only_good_files_exit_zero(tmp_path):
    folder = _folder(tmp_path)
    (folder / "empty.md").unlink()
    done = _run(tmp_path, "extract", "reports")
    assert (done.returncode, done.stderr) == (0, "")
    assert len(json.loads(done.stdout)) == 2


def test_nothing_readable_is_exit_2(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "none").mkdir()
    done = _run(tmp_path, "extract", "empty.md", "none")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "govaudit: 错误: none: 目录中没有报告文件（.txt .text .md .markdown .html .htm .shtml .xhtml .docx .doc .wps .pdf）",
        "govaudit: 错误: empty.md: 文件为空",
    ]


def test_csv_file_starts_with_a_bom_and_holds_the_good_files(tmp_path):
    _folder(tmp_path)
    done = _run(tmp_path, "extract", "reports", "--format", "csv", "-o", "facts.csv")
    assert done.returncode == 1
    raw = (tmp_path / "facts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpath,key,value,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["path"] for r in rows} == {"reports/b2024.html", "reports/old/a2023.html"}
    # A pipe gets plain UTF-8: no BOM in front of the first column's name.
    piped = _run(tmp_path, "extract", "reports/b2024.html", "--format", "csv")
    assert piped.stdout.startswith("path,key,value,")


def test_the_json_of_a_folder_equals_the_json_of_its_files(tmp_path):
    _folder(tmp_path)
    whole = json.loads(_run(tmp_path, "extract", "reports").stdout)
    one = json.loads(_run(tmp_path, "extract", "reports/b2024.html").stdout)
    assert whole[0] == one[0]
