"""`govaudit summary --parquet DIR`: reports.parquet and findings.parquet hold
the rows of the CSV tables, written row group by row group; without pyarrow
the option is a one-line error (exit 2) before any report is read."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.scale_reports import generate

N = 7


def _csv_rows(path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))


def _text(value) -> str:
    """A Parquet value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    pytest.importorskip("pyarrow")
    from govaudit.summary import parquet
    from govaudit.summary.run import run_summary

    tmp = tmp_path_factory.mktemp("parquet")
    reports = tmp / "reports"
    generate(reports, N)
    (reports / "说明.txt").write_text("这不是年度报告，只是一段说明。\n", encoding="utf-8")  # a failed row
    out = tmp / "out"
    out.mkdir()
    saved, parquet.ROW_GROUP = parquet.ROW_GROUP, 3  # several row groups from a few reports
    try:
        stats = run_summary([reports], str(out / "audit.html"), csv_path=str(out / "t.csv"),
                            findings_csv_path=str(out / "f.csv"), jobs=1, show_progress=False,
                            parquet_dir=str(out / "pq"))
    finally:
        parquet.ROW_GROUP = saved
    assert stats.reports == N and len(stats.failed) == 1
    return out


def test_parquet_tables_equal_the_csv_rows(written):
    import pyarrow.parquet as pq

    for name, csv_name in (("reports.parquet", "t.csv"), ("findings.parquet", "f.csv")):
        table = pq.read_table(written / "pq" / name)
        header, *rows = _csv_rows(written / csv_name)
        assert table.column_names == header
        assert [[_text(v) for v in row.values()] for row in table.to_pylist()] == rows
    reports = pq.read_table(written / "pq" / "reports.parquet")
    assert reports.num_rows == N + 1  # the file that could not be read has its row, as in the CSV
    findings = pq.read_table(written / "pq" / "findings.parquet")
    assert findings.num_rows == len(_csv_rows(written / "f.csv")) - 1 > 0


def test_parquet_columns_are_typed_and_written_in_row_groups(written):
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(written / "pq" / "reports.parquet")
    schema = meta.schema_arrow
    assert schema.field("年度").type == pa.int64() and schema.field("错误").type == pa.int64()
    assert schema.field("得分").type == pa.float64() and schema.field("新收").type == pa.float64()
    assert schema.field("机关").type == pa.string()
    # ROW_GROUP = 3 in this run: 8 rows in groups of 3, 3, 2 — written as they came, not at the end.
    assert [meta.metadata.row_group(i).num_rows for i in range(meta.num_row_groups)] == [3, 3, 2]
    years = pq.read_table(written / "pq" / "reports.parquet").column("年度").to_pylist()
    assert sorted(y for y in years if y is not None) == [2023] * 4 + [2024] * 3


PROBE = """
import sys
sys.modules["pyarrow"] = None  # as on a machine without pyarrow
from govaudit.cli.app import main
sys.argv = ["govaudit", "summary", *sys.argv[1:]]
main()
"""


def test_without_pyarrow_parquet_is_a_one_line_error_before_any_report_is_read(tmp_path):
    reports = tmp_path / "reports"
    generate(reports, 2)
    log = tmp_path / "audited.log"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(reports), "-o", str(tmp_path / "a.html"), "--parquet", str(tmp_path / "pq")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env={**_env(), "GOVAUDIT_AUDIT_LOG": str(log)})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["govaudit: 错误: 写 Parquet 需要 pyarrow：pip install pyarrow（或在 govaudit 的检出目录中 pip install '.[parquet]'）"]
    assert not log.exists() and not (tmp_path / "a.html").exists()


def test_pyarrow_is_imported_only_when_parquet_is_asked_for(tmp_path):
    reports = tmp_path / "reports"
    generate(reports, 2)
    probe = ("import sys\nfrom govaudit.cli.app import main\nsys.argv = ['govaudit', 'summary', *sys.argv[1:]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\nprint('pyarrow' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", probe, str(reports), "-o", str(tmp_path / "a.html"), "--csv", str(tmp_path / "t.csv"),
                           "--jobs", "1"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "False", proc.stderr


def test_a_file_given_as_the_parquet_folder_is_exit_2(tmp_path):
    pytest.importorskip("pyarrow")
    reports = tmp_path / "reports"
    generate(reports, 2)
    (tmp_path / "pq").write_text("x", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "govaudit", "summary", str(reports), "-o", str(tmp_path / "a.html"),
                           "--parquet", str(tmp_path / "pq")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"govaudit: 错误: {tmp_path / 'pq'}: 这不是一个目录，不能作为 Parquet 输出目录"]


def _env() -> dict:
    import os

    return dict(os.environ)
