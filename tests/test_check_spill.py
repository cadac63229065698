"""`check`'s per-report tables (batch/spill.py): in memory for a small run, in
a private temporary SQLite database once they outgrow THRESHOLD entries, with
the same output either way (issue 15, item 4). The reports are fictional."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from govaudit.batch import spill
from govaudit.batch.spill import SpillDict, SpillList, Store
from govaudit.cli.app import cli
from tests.conftest import ROOT
from tests.scale_reports import county
from tests.test_check_stream import REPORT


@pytest.fixture(params=["memory", "disk"])
def threshold(request, monkeypatch):
    """Both homes of a table: the default threshold, and disk past 2 entries, read 2 rows at a time."""
    if request.param == "disk":
        _small_tables(monkeypatch, 2)
    return request.param


def _small_tables(monkeypatch, n: int) -> None:
    from govaudit.batch import chain_plan_db, chaining

    monkeypatch.setattr(spill, "THRESHOLD", n)
    for module in (spill, chaining, chain_plan_db):
        monkeypatch.setattr(module, "CHUNK", n)


def test_a_spill_dict_is_a_dict_wherever_it_is(threshold):
    store = Store()
    d, model = SpillDict(store), {}
    for i in range(9):
        d[f"报告{i}.md"] = model[f"报告{i}.md"] = (i, i * 10) if i % 2 else i
    d["报告3.md"] = model["报告3.md"] = None  # a key with no value is still there
    assert store.spilled == (threshold == "disk")
    assert len(d) == 9 and d["报告4.md"] == 4 and d["报告5.md"] == (5, 50)
    assert "报告3.md" in d and d.get("报告3.md", "无") is None and d.get("无.md", "无") == "无"
    assert d.pop("报告1.md") == (1, 10) and d.pop("报告1.md", "无") == "无" and "报告1.md" not in d
    del d["报告2.md"]
    with pytest.raises(KeyError):
        d["报告2.md"]
    with pytest.raises(KeyError):
        del d["报告2.md"]
    model = {k: v for k, v in model.items() if k not in ("报告1.md", "报告2.md")}
    # Read in key order, a chunk at a time; what has been given may be removed meanwhile.
    seen = []
    for key, value in d.items():
        seen.append((key, value))
        d.discard(key)
    assert seen == sorted(model.items()) and len(d) == 0
    store.close()


def test_a_spill_list_keeps_its_order(threshold):
    store = Store()
    items = SpillList(store, [(f"{county(k)}.md", k % 3) for k in range(7)])
    items.append(("最后.md", 0))
    assert len(items) == 8 and items.spilled == (threshold == "disk")
    assert list(items) == [*((f"{county(k)}.md", k % 3) for k in range(7)), ("最后.md", 0)]
    assert list(items) == list(items)  # read again from the start
    store.close()


def _folder(tmp_path):
    """Reports under two configurations, chained and not: consecutive years, a
    gap, two reports of one year, one without issuer, one that cannot be read."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    for k in range(6):
        for year in (2023, 2024):
            (root / f"{county(k)}{year}.md").write_text(REPORT.format(name=county(k), year=year), encoding="utf-8")
    (root / "sub" / "govaudit.toml").write_text('select = ["GA101", "GA502", "GA503"]\n', encoding="utf-8")
    for i, (k, year) in enumerate([(1, 2022), (50, 2024), (50, 2022), (51, 2023), (51, 2023), (51, 2024)]):
        (root / "sub" / f"{county(k)}{year}-{i}.md").write_text(REPORT.format(name=county(k), year=year), encoding="utf-8")
    (root / "无名.md").write_text("# 某报告\n\n没有机关和年度。\n", encoding="utf-8")
    (root / "坏.docx").write_bytes(b"not a docx")
    return root


FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit"]


def _outputs(root, monkeypatch) -> dict:
    monkeypatch.chdir(root.parent)
    out = {}
    for fmt in FORMATS:
        for chain in ([], ["--no-chain"]):
            done = CliRunner().invoke(cli, ["check", "-j", "1", "--output-format", fmt, *chain, root.name])
            out[(fmt, *chain)] = (done.exit_code, done.stdout)
    for options in (["--statistics"], ["-j", "2", "--output-format", "concise"], ["-j", "2", "--output-format", "sarif"]):
        done = CliRunner().invoke(cli, ["check", *options, root.name])
        out[tuple(options)] = (done.exit_code, done.stdout)
    done = CliRunner().invoke(cli, ["check", "--write-baseline", "基线.json", f"{root.name}/sub"])
    out["--write-baseline"] = (done.exit_code, (root.parent / "基线.json").read_text(encoding="utf-8"))
    done = CliRunner().invoke(cli, ["check", "--baseline", "基线.json", root.name])
    out["--baseline"] = (done.exit_code, done.stdout, done.stderr)
    return out


def test_the_output_is_the_same_with_the_tables_on_disk(tmp_path, monkeypatch):
    root = _folder(tmp_path)
    in_memory = _outputs(root, monkeypatch)
    _small_tables(monkeypatch, 1)  # every table, and the cross-year plan, on disk
    from govaudit.batch import chaining

    planned, plan = [], chaining._plan_on_disk
    monkeypatch.setattr(chaining, "_plan_on_disk", lambda *args: planned.append(1) or plan(*args))
    on_disk = _outputs(root, monkeypatch)
    assert on_disk == in_memory
    assert len(planned) == 13  # in each of the 13 runs that chain
    full = in_memory[("full",)][1]
    # The plan made in the database says what the one made in memory says.
    assert "reports/示例甲县2024.md: 已与上一年度报告 reports/示例甲县2023.md 做跨年核对\n" in full
    assert "reports/示例乙县2023.md: 已与上一年度报告 reports/sub/示例乙县2022-0.md 做跨年核对\n" in full
    assert "reports/sub/示例己甲县2024-1.md: 同一机关的上一份报告是2022年度，不是上一年度（缺2023年度），未做跨年核对\n" in full
    assert ("reports/sub/示例己乙县2024-5.md: 同一机关2023年度有2份报告，无法确定哪一份是上一年度报告，未做跨年核对\n"
            in full)
    assert "reports/无名.md: 未能识别机关或年度，未做跨年核对\n" in full
    assert in_memory[("full",)][0] == 2  # the .docx could not be read


PROBE = """
import sys
from govaudit.batch import spill
spill.THRESHOLD = int(sys.argv[1])
from govaudit.cli.app import main
sys.argv = ["govaudit", "check", "-j", "1", "-o", sys.argv[2], *sys.argv[3:]]
try:
    main()
except SystemExit:
    pass
print("sqlite3" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize("threshold, expected", [(spill.THRESHOLD, "False"), (2, "True")])
def test_only_a_large_run_opens_a_database_and_it_leaves_no_file(tmp_path, threshold, expected):
    root = _folder(tmp_path)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    proc = subprocess.run([sys.executable, "-c", PROBE, str(threshold), str(tmp_path / "out.txt"), str(root)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)
    assert proc.stderr.strip().splitlines()[-1] == expected, proc.stderr
    assert list(temp.iterdir()) == []  # SQLite removes its temporary file as soon as it has opened it
    assert "已与上一年度报告" in (tmp_path / "out.txt").read_text(encoding="utf-8")


SLOW_PROBE = """
import sys, time
from govaudit.batch import spill
spill.THRESHOLD, spill.CACHE_KB = 2, 8  # on disk at once, and past SQLite's page cache into its file
import govaudit.api
audit = govaudit.api.audit

def slowly(*args, **kwargs):
    time.sleep(0.05)
    return audit(*args, **kwargs)

govaudit.api.audit = slowly
from govaudit.cli.app import main
sys.argv = ["govaudit", "check", "-j", "1", "-o", sys.argv[1], sys.argv[2]]
main()
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to see the open files")
def test_a_terminated_check_leaves_no_database_file(tmp_path):
    """The database is a file in the temp folder that SQLite unlinks as soon as
    it has opened it: while the run goes on it is open but has no name, so
    SIGTERM (or anything else) cannot leave it behind."""
    import signal
    import time

    from tests.scale_reports import generate

    generate(tmp_path / "reports", 200)
    temp = tmp_path / "temp"
    temp.mkdir()
    out = tmp_path / "out.txt"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_PROBE, str(out), str(tmp_path / "reports")], cwd=ROOT,
                            env=dict(os.environ, TMPDIR=str(temp)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    database = []
    deadline = time.monotonic() + 120
    while not database and proc.poll() is None and time.monotonic() < deadline:
        for fd in os.listdir(f"/proc/{proc.pid}/fd"):
            try:
                target = os.readlink(f"/proc/{proc.pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith(str(temp)) and "etilqs" in target:
                database.append(target)
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert database and all(target.endswith(" (deleted)") for target in database), database
    assert proc.returncode == 128 + signal.SIGTERM and "已终止" in stderr
    assert list(temp.iterdir()) == [] and not out.exists()
