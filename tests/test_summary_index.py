"""The run's index on disk (summary/index.py, chain_index.py, batch/chain_plan_db.py; issue 15):
the parent of `govaudit summary` keeps nothing per report in memory, the
index says what the manifest says, and a run resumes from it whatever state
a kill left it in.

The reports are fictional (示例…县, tests/scale_reports.county)."""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import tracemalloc

import pytest

from govaudit.summary import chain_index
from govaudit.batch.chain_plan import plan
from govaudit.summary.index import INDEX, Index
from govaudit.summary.run import run_summary
from tests.scale_reports import county

REPORT = """# {name}人民政府{year}年政府信息公开工作年度报告

## 一、总体情况

{year}年，{name}新收政府信息公开申请12件，办结10件。

## 五、存在的主要问题及改进情况

{name}的问题是公开不够及时，下一步将加强培训。
"""


def _reports(folder, n, first=0):
    """n short reports, two consecutive years per issuer (so that they chain)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + n):
        k, second = divmod(i, 2)
        year = 2024 if second else 2023
        (folder / f"{county(k)}{year}年报告.md").write_text(REPORT.format(name=county(k), year=year), encoding="utf-8")
    return folder


def _summary(reports, out, **options):
    out.mkdir(exist_ok=True)
    return run_summary([str(reports)], str(out / "audit.html"), csv_path=str(out / "t.csv"), findings_csv_path=str(out / "f.csv"),
                       jobs=1, show_progress=False, **options)


# -- memory ------------------------------------------------------------------------------


def _peak(reports, out) -> int:
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    stats = _summary(reports, out, pages=False, page_size=100, run_dir=str(out / "run"))
    assert stats.reports == len(list(reports.iterdir())) - 1
    return tracemalloc.get_traced_memory()[1] - before


def test_the_parents_memory_does_not_grow_with_the_number_of_reports(tmp_path):
    few, many = _reports(tmp_path / "few", 200), _reports(tmp_path / "many", 800)
    for folder in (few, many):
        # Reading a file reserves a buffer of the size limit, counted by tracemalloc: a small limit.
        (folder / "govaudit.toml").write_text("[limits]\nmax_file_bytes = 100000\n", encoding="utf-8")
    _summary(few, tmp_path / "warm", pages=False)  # imports and caches filled first
    tracemalloc.start()
    try:
        small = _peak(few, tmp_path / "o1")
        large = _peak(many, tmp_path / "o2")
    finally:
        tracemalloc.stop()
    # Each report's path, issuer, year, offsets, plan and link target in dicts grew the
    # peak by about 1.85 kB a report (1.11 MB from 200 to 800 here); with them on disk,
    # 0.09 MB: a chunk of rows read at a time (index.CHUNK) and one page's table rows
    # (page_size), both bounded whatever the number of reports.
    assert large - small < 250_000, (small, large)
    rows = list(csv.DictReader((tmp_path / "o2" / "t.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert len(rows) == 800 and sum(bool(r["跨年核对"].startswith("已与")) for r in rows) == 400


# -- what the index holds -----------------------------------------------------------------


def _db(run_dir):
    return sqlite3.connect(str(run_dir / INDEX))


def test_the_index_after_a_run_says_what_the_manifest_says(tmp_path):
    reports = _reports(tmp_path / "reports", 4)
    (reports / "README.md").write_text("说明", encoding="utf-8")
    (reports / "坏.md").write_text("这不是一份报告。\n", encoding="utf-8")
    out = tmp_path / "out"
    stats = _summary(reports, out, run_dir=str(out / "run"))
    assert (stats.reports, stats.chained, len(stats.failed)) == (4, 2, 1)
    manifest = (out / "run" / "manifest.jsonl").read_bytes()
    db = _db(out / "run")
    meta = dict(db.execute("SELECT key, value FROM meta"))
    assert meta["end"] == len(manifest) and manifest[meta["last"]:].count(b"\n") == 1  # the whole manifest, to its last line
    rows = {r[0]: r[1:] for r in db.execute("SELECT path, audited, failed IS NOT NULL, issuer, year, chained, record_at FROM report")}
    甲23, 甲24, 乙23, 乙24 = (str(reports / f"{county(k)}{y}年报告.md") for k in (0, 1) for y in (2023, 2024))
    assert {p: r[:5] for p, r in rows.items()} == {
        甲23: (1, 0, "示例甲县人民政府", 2023, 0), 甲24: (1, 0, "示例甲县人民政府", 2024, 1),
        乙23: (1, 0, "示例乙县人民政府", 2023, 0), 乙24: (1, 0, "示例乙县人民政府", 2024, 1),
        str(reports / "坏.md"): (0, 1, None, None, 0),
    }
    # Each record offset is the line of its latest record: the chained one for a 2024 report.
    for path, (*_, chained, at) in rows.items():
        if at is not None:
            event = json.loads(manifest[at:manifest.index(b"\n", at)])
            assert (event.get("chained") or event["audited"])["path"] == path and ("chained" in event) == bool(chained)
    assert list(db.execute("SELECT ord, path, grp, year, previous, short FROM entry ORDER BY ord")) == [  # 乙 (U+4E59) before 甲
        (1, 乙23, "示例乙县人民政府", 2023, None, "—"), (2, 乙24, "示例乙县人民政府", 2024, 乙23, "已核对 ←2023"),
        (3, 甲23, "示例甲县人民政府", 2023, None, "—"), (4, 甲24, "示例甲县人民政府", 2024, 甲23, "已核对 ←2023"),
    ]
    assert list(db.execute("SELECT path, why FROM skipped")) == [(str(reports / "README.md"), "说明文件，不是报告")]
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- the plan in SQL is chain.plan's --------------------------------------------------------

_PLACES = (["甲乙省", "丙丁省", ""], ["戊己市", "庚辛市", ""], ["子丑县", "寅卯区", "辰巳县"])
_TAILS = ["人民政府", "人民政府办公室", "市场监督管理局", "城关镇人民政府"]


def _random_reports(rng, n):
    """(path, issuer, year): merged names, spellings, gaps, two reports of a year, unnamed ones."""
    out = []
    for i in range(n):
        name = "".join(rng.choice(p) for p in _PLACES) + rng.choice(_TAILS)
        if rng.random() < 0.1:
            name = name[:2] + " " + name[2:]
        issuer = None if rng.random() < 0.05 else "" if rng.random() < 0.02 else name
        year = None if rng.random() < 0.05 else rng.randint(2019, 2024)
        out.append((f"r/{rng.randint(0, 9)}/{i:03d}.html", issuer, year))
    return out


def _index_of(tmp_path, reports, name):
    index = Index(str(tmp_path / name), durable=False)
    for k, (path, issuer, year) in enumerate(reports):
        index.add_file(path, "html")
        index.apply({"audited": {"path": path, "issuer": issuer, "year": year}, "blob": None}, k, k + 1)
    index.commit()
    return index


def test_the_plan_made_in_the_index_is_the_plan_made_in_memory(tmp_path):
    rng = random.Random(15)
    for case in range(30):
        reports = _random_reports(rng, rng.randint(1, 60))
        index = _index_of(tmp_path, reports, f"i{case}.sqlite")
        planned = chain_index.plan(index.db)
        expected = plan(reports)
        rows = {r[0]: r[1:] for r in index.db.execute("SELECT path, ord, grp, previous, note, short FROM entry")}
        previous = {path: prev for task in expected.tasks for path, prev in task}
        assert {p: r[1:] for p, r in rows.items()} == {
            p: (expected.group_of.get(p), previous.get(p), expected.notes[p], expected.short[p]) for p, _, _ in reports}
        # The table order of the summary before the index: group (else issuer, else last), year, path.
        order = sorted(reports, key=lambda r: (expected.group_of.get(r[0]) or r[1] or "\uffff", r[2] or 0, r[0]))
        assert sorted(rows, key=lambda p: rows[p][0]) == [p for p, _, _ in order]
        assert (planned.reports, planned.steps, planned.merged) == (len(reports), len(previous), len(expected.merged))
        assert planned.issuers == sum(1 for g in expected.groups.values() if sum(map(len, g.values())) > 1)
        assert chain_index.merged_names(index.db, 1, len(reports)) == expected.merged
        index.close()


# -- resuming from the index, whatever state it was left in ------------------------------------


def _tables(out):
    return (out / "t.csv").read_bytes(), (out / "f.csv").read_bytes()


@pytest.fixture()
def finished_run(tmp_path, monkeypatch):
    """A run of six reports with its run folder, and a log of the reports audited from now on."""
    reports = _reports(tmp_path / "reports", 6)
    out = tmp_path / "out"
    _summary(reports, out, run_dir=str(out / "run"))
    log = tmp_path / "audits.log"
    monkeypatch.setenv("GOVAUDIT_AUDIT_LOG", str(log))
    return reports, out, _tables(out), log


def _resume(reports, out, log):
    for name in ("t.csv", "f.csv"):
        (out / name).unlink()
    stats = _summary(reports, out, run_dir=str(out / "run"), resume=True)
    assert (stats.reports, stats.chained) == (6, 3)
    return sorted(log.read_text(encoding="utf-8").splitlines()) if log.exists() else []


def test_an_index_behind_the_manifest_takes_up_the_lines_past_it(finished_run):
    """A kill before the index's last commit: what it had not committed is read again from the manifest."""
    reports, out, tables, log = finished_run
    lines = (out / "run" / "manifest.jsonl").read_bytes().splitlines(keepends=True)
    # The index as its last commit left it: the header and three reports; three reports and the chains not.
    index = Index(str(out / "run" / INDEX))
    index.clear()
    at = 0
    for line in lines[:4]:
        index.apply(json.loads(line), at, at + len(line))
        at += len(line)
    index.close()
    assert _db(out / "run").execute("SELECT count(*), sum(chained) FROM report").fetchone() == (3, 0)
    assert _resume(reports, out, log) == []  # nothing audited again
    assert _tables(out) == tables


def test_an_index_ahead_of_the_manifest_is_rebuilt_from_it(finished_run):
    """The manifest cut back (a reboot lost its end; or by hand): the index, which says more, is not trusted."""
    reports, out, tables, log = finished_run
    manifest = out / "run" / "manifest.jsonl"
    lines = manifest.read_bytes().splitlines(keepends=True)
    assert all("audited" in json.loads(line) for line in lines[1:7])
    manifest.write_bytes(b"".join(lines[:4]) + lines[4][:30])  # three reports, then a line cut off
    kept = {json.loads(line)["audited"]["path"] for line in lines[1:4]}
    assert _resume(reports, out, log) == sorted({str(p) for p in reports.iterdir()} - kept)
    assert _tables(out) == tables


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_missing_or_damaged_index_is_rebuilt_from_the_manifest(finished_run, damage):
    """A run folder of an earlier version has no index; a damaged one holds nothing the manifest does not."""
    reports, out, tables, log = finished_run
    index = out / "run" / INDEX
    if damage == "missing":
        index.unlink()
    else:
        index.write_bytes(b"\x00garbage, not SQLite" * 100)
    assert _resume(reports, out, log) == []
    assert _tables(out) == tables
    assert _db(out / "run").execute("SELECT count(*) FROM report WHERE audited").fetchone() == (6,)


def test_a_run_folder_whose_index_is_in_use_is_a_one_line_error(finished_run, monkeypatch):
    """Another run holding the index (a second summary on the same folder): said, never taken for damage."""
    from govaudit.core.errors import GovauditError

    reports, out, _, _ = finished_run
    holder = _db(out / "run")
    holder.execute("BEGIN EXCLUSIVE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "timeout": 0.1}))  # no 5 s wait here
    try:
        with pytest.raises(GovauditError, match="^.*index.sqlite: 无法打开运行目录的索引（database is locked）；是否有另一次审核正在使用这个运行目录？$"):
            _summary(reports, out, run_dir=str(out / "run"), resume=True)
    finally:
        holder.rollback()
        holder.close()
    assert _db(out / "run").execute("SELECT count(*) FROM report WHERE audited").fetchone() == (6,)  # not removed


def test_a_run_stopped_before_any_report_leaves_nothing_to_resume(tmp_path):
    """A mistake (no report in the folder named) is said; the run folder is then free for the real run."""
    from govaudit.core.errors import GovauditError

    out = tmp_path / "out"
    (tmp_path / "empty").mkdir()
    with pytest.raises(GovauditError, match="没有找到报告文件"):
        _summary(tmp_path / "empty", out, run_dir=str(out / "run"))
    assert (out / "run" / "manifest.jsonl").read_bytes() == b""  # no record
    stats = _summary(_reports(tmp_path / "reports", 2), out, run_dir=str(out / "run"))
    assert (stats.reports, stats.chained) == (2, 1)
