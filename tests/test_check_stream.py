"""`check` writes each report's output as its result comes (issue 15, item 4):
memory stays flat in the number of reports, the output keeps the order of
the reports named, and a file is still written whole or not at all.

The reports are fictional (示例…县, tests/scale_reports.county), short so
that many of them are checked quickly."""

from __future__ import annotations

import tracemalloc
import types

import pytest
from click.testing import CliRunner

from govaudit.batch.inorder import InOrder
from govaudit.cli.app import cli
from tests.scale_reports import county

REPORT = """# {name}人民政府{year}年政府信息公开工作年度报告

## 一、总体情况

{year}年，{name}新收政府信息公开申请12件，办结10件。

## 五、存在的主要问题及改进情况

{name}的问题是公开不够及时，下一步将加强培训。
"""


def _reports(folder, n):
    """n short reports, two consecutive years per issuer (so that they chain)."""
    folder.mkdir(parents=True)
    for i in range(n):
        k, second = divmod(i, 2)
        year = 2024 if second else 2023
        (folder / f"{county(k)}{year}年报告.md").write_text(REPORT.format(name=county(k), year=year), encoding="utf-8")
    # Reading a file reserves a buffer of the size limit (64 MB by default), untouched
    # but counted by tracemalloc: a small limit keeps the peak about what is held.
    (folder / "govaudit.toml").write_text("[limits]\nmax_file_bytes = 100000\n", encoding="utf-8")
    return folder


def _peak(args) -> int:
    """Bytes allocated at the peak of one `check` run, above what was held before it."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    done = CliRunner().invoke(cli, ["check", "-j", "1", *args])
    assert done.exit_code == 1, done.output  # every report has findings
    return tracemalloc.get_traced_memory()[1] - before


@pytest.mark.parametrize("options", [[], ["--output-format", "sarif", "--no-chain"]], ids=["full-chained", "sarif"])
def test_memory_does_not_grow_with_the_number_of_reports(tmp_path, options):
    few, many = _reports(tmp_path / "few", 50), _reports(tmp_path / "many", 200)
    out = str(tmp_path / ("out.sarif" if "sarif" in options else "out.txt"))
    CliRunner().invoke(cli, ["check", "-j", "1", "-o", out, *options, str(few)])  # imports and caches filled first
    tracemalloc.start()
    try:
        small = _peak(["-o", out, *options, str(few)])
        large = _peak(["-o", out, *options, str(many)])
    finally:
        tracemalloc.stop()
    # Holding every report's findings and quoted lines grew the peak by about
    # 16 kB a report (2.4 MB from 50 to 200 here); what stays per report now
    # is its path and a few integers (under 1 kB, chained reports included).
    assert large - small < 400_000, (small, large)
    assert out.endswith(".sarif") or open(out, encoding="utf-8").read().endswith("（200 个文件）\n")


def test_the_output_keeps_the_order_of_the_reports_named(tmp_path, monkeypatch):
    """Reports under another configuration are checked as a group of their
    own, after the others: what comes ahead of its turn waits (in a file)."""
    for name in ("a.md", "c.md", "sub/b.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(REPORT.format(name="示例县", year=2024), encoding="utf-8")
    (tmp_path / "sub" / "govaudit.toml").write_text('select = ["GA101"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["check", "--output-format", "concise", "a.md", "sub/b.md", "c.md"])
    order = [line.split(":")[0] for line in done.stdout.splitlines() if ": GA" in line]
    assert [k for i, k in enumerate(order) if k not in order[:i]] == ["a.md", "sub/b.md", "c.md"]
    assert [line for line in done.stdout.splitlines() if line.startswith("sub/")] == [
        "sub/b.md:1:3: GA101 [error] 缺少第二、三、四、六部分（按格式应有 一 至 六 六个部分）"]


def test_an_interrupted_check_leaves_the_output_file_as_it_was(tmp_path, monkeypatch):
    import govaudit.api

    folder = _reports(tmp_path / "r", 6)
    out = tmp_path / "out.txt"
    out.write_text("上次的结果\n", encoding="utf-8")
    audit, seen = govaudit.api.audit, []

    def stopped_at_the_fourth(path, **kwargs):
        seen.append(path)
        if len(seen) == 4:
            raise KeyboardInterrupt
        return audit(path, **kwargs)

    monkeypatch.setattr(govaudit.api, "audit", stopped_at_the_fourth)
    done = CliRunner().invoke(cli, ["check", "-j", "1", "--no-chain", "-o", str(out), str(folder)])
    assert done.exit_code == 130
    assert out.read_text(encoding="utf-8") == "上次的结果\n"  # three reports were written to the temporary file only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "r"]


def _result(path, findings=("F",)):
    lines = ["第一行"]
    return types.SimpleNamespace(path=path, findings=list(findings),
                                 extraction=types.SimpleNamespace(document=types.SimpleNamespace(source_lines=lines)))


def test_results_pass_on_in_order_as_soon_as_their_turn_comes():
    emitted = []
    ordered = InOrder(["a", "b", "c", "d", "e"], lambda r: emitted.append((r.path, r.findings)))
    ordered.put("a", _result("a"))
    assert emitted == [("a", ["F"])] and ordered.parked == 0  # its turn: passed on at once, never parked
    ordered.put("c", _result("c"))  # ahead of b: waits
    ordered.put("b", _result("b"), hold=True)  # may be chained: waits, and c behind it
    assert emitted == [("a", ["F"])]
    ordered.put("d", None)  # unreadable: nothing to pass on
    ordered.put("e", _result("e"), hold=True)
    ordered.settle(["b"])  # only b is compared: e is final
    assert emitted == [("a", ["F"])]
    ordered.replace("b", _result("b", ["跨年"]))
    assert emitted == [("a", ["F"]), ("b", ["跨年"]), ("c", ["F"]), ("e", ["F"])]
    assert ordered.parked == 3  # c, b (as first read) and e waited on disk
    ordered.flush()


def test_a_held_result_that_stays_as_it_was_is_passed_on_from_its_file():
    emitted = []
    ordered = InOrder(["a", "b"], lambda r: emitted.append((r.path, r.findings, r.extraction.document.source_lines)))
    ordered.put("a", _result("a", ["自己的"]), hold=True)
    ordered.put("b", _result("b"))
    ordered.release("a")  # its comparison failed: its own findings stand
    assert emitted == [("a", ["自己的"], ["第一行"]), ("b", ["F"], ["第一行"])]


def test_output_on_the_terminal_is_written_above_the_progress_bar():
    import io

    from govaudit.batch.progress import Progress

    bar, out = io.StringIO(), []
    progress = Progress(4, "检查", stream=bar, enabled=True)
    progress.advance()
    drawn = bar.getvalue()
    progress.above(lambda: out.append(bar.getvalue()))
    assert out == [drawn + "\r\x1b[K"]  # the bar cleared before our output is written
    assert bar.getvalue() == drawn + "\r\x1b[K" + drawn  # and drawn again below it
