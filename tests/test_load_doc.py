"""Word 97 (.doc) and WPS (.wps): read through LibreOffice, then as .docx.

The .doc is made here (an HTML page of a fictional 示例县 report converted
by LibreOffice itself). Where soffice is absent the conversion tests skip,
except under CI (GOVAUDIT_REQUIRE_SOFFICE=1, set by .ci/run), where they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

import pytest

from govaudit.api import audit, extract
from govaudit.core.errors import InputError
from govaudit.core.limits import Limits
from govaudit.load import load
from govaudit.load.convert import OLE2

from tests.builders import SECTION_HEADINGS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("GOVAUDIT_REQUIRE_SOFFICE"),
    reason="LibreOffice (soffice) 未安装：apt-get install libreoffice-writer-nogui（CI 安装后运行）",
)

T4_TOP = ["行政复议"] * 5 + ["行政诉讼"] * 10
T4_MID = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
T4_LOW = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
T4_FIGURES = [2, 1, 0, 0, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1]  # 行政复议's 总计 4 ≠ 2 + 1


def report_html() -> str:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in (T4_TOP, T4_MID, T4_LOW, T4_FIGURES))
    body = ["<p>示例县人民政府2024年政府信息公开工作年度报告</p>"]
    for heading in SECTION_HEADINGS:
        body.append(f"<p>{heading}</p>")
        if heading.startswith("四"):
            body.append(f"<table border=1>{rows}</table>")
        else:
            body.append("<p>本部分内容从略。</p>")
    return "<html><head><meta charset='utf-8'></head><body>" + "".join(body) + "</body></html>"


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory) -> str:
    if SOFFICE is None:
        pytest.fail("GOVAUDIT_REQUIRE_SOFFICE is set but soffice is not on PATH")
    folder = tmp_path_factory.mktemp("doc")
    source = folder / "示例县.html"
    source.write_text(report_html(), encoding="utf-8")
    profile = (folder / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    made = folder / "示例县.doc"
    assert made.read_bytes().startswith(OLE2)
    return str(made)


@needs_soffice
def test_a_doc_is_read_through_libreoffice_with_its_facts_and_locations(doc_file):
    extraction = extract(doc_file)
    assert extraction.document.format == "doc"
    facts = {f.key: (f.value, f.location.table, f.location.row, f.location.col)
             for f in extraction.facts if f.key.startswith("t4.")}
    assert facts["t4.review.upheld"] == (2, 1, 4, 1)
    assert facts["t4.suit_after_review.total"] == (1, 1, 4, 15)
    assert {k: v[0] for k, v in facts.items()} == dict(zip(
        [f"t4.{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
         for c in ("upheld", "corrected", "other", "pending", "total")], T4_FIGURES))
    assert [s.number for s in extraction.segmentation.sections] == list("一二三四五六")
    heading = extraction.segmentation.section("四").location
    assert heading.paragraph is not None and heading.line is None  # by paragraph, as in .docx
    errors = [(f.rule, f.message) for f in audit(doc_file).findings if f.severity == "error"]
    assert errors == [("GA301", "表四“行政复议”：总计4，不等于 结果维持2 + 结果纠正1 + 其他结果0 + 尚未审结0 = 3（相差1）")]


@needs_soffice
def test_a_wps_file_is_read_the_same_way_and_leaves_nothing_behind(doc_file, tmp_path, private_tmp):
    # WPS 文字 .wps files are the same compound-file format as Word 97's.
    wps = tmp_path / "示例县.wps"
    shutil.copy(doc_file, wps)
    extraction = extract(wps)
    assert extraction.document.format == "wps"
    facts = {f.key: f.value for f in extraction.facts if f.key.startswith("t4.review.")}
    assert facts == {"t4.review.upheld": 2, "t4.review.corrected": 1, "t4.review.other": 0,
                     "t4.review.pending": 0, "t4.review.total": 4}
    assert list(private_tmp.iterdir()) == []  # the conversion's folder (and LibreOffice's profile) removed


def ole_file(tmp_path, name="示例县.doc"):
    path = tmp_path / name
    path.write_bytes(OLE2 + b"\0" * 2000)
    return path


def test_without_soffice_one_line_naming_what_to_install_and_exit_2(tmp_path):
    path = ole_file(tmp_path)
    env = dict(os.environ, PATH=str(tmp_path / "empty"))
    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", str(path)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "需要 LibreOffice（soffice）" in lines[0] and "apt-get install libreoffice-writer-nogui" in lines[0]


def fake_soffice(tmp_path, script: str) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    os.environ["PATH"] = str(folder)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", os.environ["PATH"])  # restored after fake_soffice changes it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path / "tmp"


def test_a_conversion_that_hangs_is_killed_and_its_folder_removed(tmp_path, private_tmp):
    pids = tmp_path / "pids"
    # soffice starts a child of its own: both must go.
    sleep = shutil.which("sleep")
    fake_soffice(tmp_path, f"{sleep} 600 &\necho $! >> {pids}\necho $$ >> {pids}\nwait\n")
    start = time.monotonic()
    with pytest.raises(InputError, match=r"LibreOffice 转换超时（超过 1 秒）"):
        load(str(ole_file(tmp_path)), Limits(timeout_seconds=1))
    assert time.monotonic() - start < 30
    assert list(private_tmp.iterdir()) == []
    for pid in map(int, pids.read_text().split()):
        assert not alive(pid)


def alive(pid: int) -> bool:
    """Running (a zombie awaiting its reaper is not)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state == "Z":
            return False
        time.sleep(0.05)
    return True


def test_a_conversion_that_writes_nothing_is_said_so(tmp_path, private_tmp):
    fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 0\n")
    with pytest.raises(InputError, match="LibreOffice 无法转换此文件：Error: source file could not be loaded；可在 Word/WPS 中另存为 .docx 后再检查"):
        load(str(ole_file(tmp_path)))
    assert list(private_tmp.iterdir()) == []


def test_a_doc_that_is_no_word_file_is_refused_before_conversion(tmp_path, private_tmp):
    fake_soffice(tmp_path, f"touch {tmp_path}/ran\n")
    path = tmp_path / "假.wps"
    path.write_bytes(b"\x00\x01binary junk" * 50)
    with pytest.raises(InputError, match=r"不是有效的WPS 文字（.wps）文件"):
        load(str(path))
    assert not (tmp_path / "ran").exists()


def test_a_docx_saved_under_a_doc_name_is_read_as_docx(tmp_path):
    import docx

    path = tmp_path / "改名.doc"
    word = docx.Document()
    for text in ("示例县人民政府2024年政府信息公开工作年度报告", "一、总体情况"):
        word.add_paragraph(text)
    word.save(str(path))
    doc = load(str(path))
    assert [p.text for p in doc.paragraphs] == ["示例县人民政府2024年政府信息公开工作年度报告", "一、总体情况"]
