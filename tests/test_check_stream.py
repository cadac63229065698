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


# A folder as a national crawl might name it: what is kept of each report (its
# path, several times) is then big enough to be measured, not lost in the noise.
DEEP = "/".join(["示例省示例市各县区政府信息公开工作年度报告归档"] * 4)


def _reports(folder, n, deep: bool = False):
    """n short reports, two consecutive years per issuer (so that they chain);
    `deep`: in a folder with a long name (DEEP)."""
    into = folder / DEEP if deep else folder
    into.mkdir(parents=True)
    for i in range(n):
        k, second = divmod(i, 2)
        year = 2024 if second else 2023
        (into / f"{county(k)}{year}年报告.md").write_text(REPORT.format(name=county(k), year=year), encoding="utf-8")
    # Reading a file reserves a buffer of the size limit (64 MB by default), untouched
    # but counted by tracemalloc: a small limit keeps the peak about what is held.
    (folder / "govaudit.toml").write_text("[limits]\nmax_file_bytes = 100000\n", encoding="utf-8")
    return folder


def _peak(args, held) -> int:
    """Bytes allocated at the peak of one `check` run, above what was held before it;
    held[-1] becomes what the run still held when every report had been written."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    done = CliRunner().invoke(cli, ["check", "-j", "1", *args])
    assert done.exit_code == 1, done.output  # every report has findings
    held[-1] -= before
    return tracemalloc.get_traced_memory()[1] - before


@pytest.fixture
def small_tables(monkeypatch):
    """The per-report tables (batch/spill.py) go to disk past 16 entries and are
    read 16 rows at a time, so that a run of a few hundred reports is kept as
    one of 10⁵ is (the defaults, 1,024 and 512, would keep it all in memory)."""
    from govaudit.batch import chain_plan_db, chaining, spill

    monkeypatch.setattr(spill, "THRESHOLD", 16)
    for module in (spill, chaining, chain_plan_db):
        monkeypatch.setattr(module, "CHUNK", 16)


@pytest.mark.parametrize("options", [[], ["--no-chain"], ["--output-format", "sarif", "--no-chain"]],
                         ids=["full-chained", "full", "sarif"])
def test_memory_does_not_grow_with_the_number_of_reports(tmp_path, options, small_tables, monkeypatch):
    from govaudit.cli.check_run import CheckRun

    held: list[int] = []
    finish = CheckRun._finish

    def finish_noting_what_is_held(self, *args):
        held.append(tracemalloc.get_traced_memory()[0])  # every report written, the run's tables still alive
        return finish(self, *args)

    few, many = _reports(tmp_path / "few", 50, deep=True), _reports(tmp_path / "many", 200, deep=True)
    out = str(tmp_path / ("out.sarif" if "sarif" in options else "out.txt"))
    for warm_up in (few, many):  # imports, caches and the interpreter's own tables filled first
        CliRunner().invoke(cli, ["check", "-j", "1", "-o", out, *options, str(warm_up)])
    monkeypatch.setattr(CheckRun, "_finish", finish_noting_what_is_held)
    tracemalloc.start()
    try:
        small = _peak(["-o", out, *options, str(few)], held)
        large = _peak(["-o", out, *options, str(many)], held)
    finally:
        tracemalloc.stop()
    # Holding every report's findings and quoted lines grew the peak by about
    # 16 kB a report (2.4 MB from 50 to 200). Keeping each report's path,
    # configuration, place and plan in dicts and lists held, from 50 to 200 of
    # these reports, 143 kB more (chained), 30 kB (full) and 38 kB (SARIF), and
    # the peak grew by 175, 61 and 50 kB. In spill tables on disk neither grows
    # (measured: −10 to 0 kB held, −67 to +1 kB at the peak).
    assert held[-1] - held[-2] < 15_000, held
    assert large - small < 25_000, (small, large)
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
