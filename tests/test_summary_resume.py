"""`govaudit summary --run-dir DIR`: a run killed half-way (SIGKILL, workers
and all) resumes with --resume; every report appears once in the outputs,
and no report finished before the kill is audited again."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

from tests.conftest import ROOT
from tests.scale_reports import generate

N = 20


def summary_args(reports, out, *extra):
    return [sys.executable, "-m", "govaudit", "summary", str(reports), "-o", str(out / "audit.html"), "--csv", str(out / "t.csv"),
            "--findings-csv", str(out / "f.csv"), "--run-dir", str(out / "run"), "--jobs", "1", *extra]


def manifest_events(run_dir) -> list[dict]:
    events = []
    with open(run_dir / "manifest.jsonl", "rb") as f:
        for line in f:
            if line.endswith(b"\n"):
                events.append(json.loads(line))
    return events


def finished(run_dir) -> set[str]:
    done = set()
    for e in manifest_events(run_dir):
        if "audited" in e:
            done.add(e["audited"]["path"])
        elif "failed" in e:
            done.add(e["failed"]["path"])
    return done


def test_a_killed_run_resumes_without_auditing_a_finished_report_again(tmp_path):
    reports = tmp_path / "reports"
    paths = {str(p) for p in generate(reports, N)}
    out = tmp_path / "out"
    out.mkdir()
    log = tmp_path / "audits.log"
    env = {**os.environ, "GOVAUDIT_AUDIT_LOG": str(log)}
    proc = subprocess.Popen(summary_args(reports, out), cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    manifest = out / "run" / "manifest.jsonl"
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and len(finished(out / "run")) >= N // 2:
            break
        time.sleep(0.005)
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read()}"
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, as a crash would
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    before = finished(out / "run")
    assert N // 2 <= len(before) < N
    assert not (out / "audit.html").exists() and not (out / "t.csv").exists()  # outputs only at the end
    # The index beside the manifest, killed mid-run: a consistent SQLite file that says no more than the manifest.
    import sqlite3

    index = sqlite3.connect(str(out / "run" / "index.sqlite"))
    assert index.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    end = dict(index.execute("SELECT key, value FROM meta")).get("end", 0)
    assert end <= (out / "run" / "manifest.jsonl").stat().st_size
    assert {p for (p,) in index.execute("SELECT path FROM report WHERE audited OR failed IS NOT NULL")} <= before
    index.close()

    resumed = subprocess.run(summary_args(reports, out, "--resume"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"已审核 {N} 份报告（跨年核对 {N // 2} 份）" in resumed.stdout
    assert resumed.stdout.rstrip().endswith(f"；各报告的标注页在 {out / 'audit.reports'}")

    audits = Counter(log.read_text(encoding="utf-8").splitlines())
    assert set(audits) == paths
    for path in before:
        assert audits[path] == 1, f"{path} was finished before the kill and audited again"
    # Each report's first audit is in the manifest once; a report that was being audited at the
    # kill (logged, not finished) is the only one that may be audited twice.
    assert sum(audits.values()) - N <= 1
    assert Counter(e["audited"]["path"] for e in manifest_events(out / "run") if "audited" in e) == Counter(paths)

    raw = (out / "t.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(raw.splitlines()))
    assert sorted(r["文件"] for r in rows) == sorted(paths)
    assert all(r["状态"] == "已审核" for r in rows)
    # The cross-year check ran for every 2024 report (its carried-over figure is checked against 2023).
    chained = [r for r in rows if "2024年" in r["文件"]]
    assert len(chained) == N // 2 and all(r["跨年核对"] for r in chained)
    findings = list(csv.DictReader((out / "f.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert {f["文件"] for f in findings if f["规则"] == "GA502"} == {r["文件"] for r in chained}
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert html.count('<tr data-target="r') == N


def test_a_run_folder_in_use_is_not_overwritten_and_resume_needs_one(tmp_path):
    reports = tmp_path / "reports"
    generate(reports, 2)
    out = tmp_path / "out"
    out.mkdir()
    first = subprocess.run(summary_args(reports, out), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(summary_args(reports, out), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2
    assert "--resume" in again.stderr and "Traceback" not in again.stderr
    # Resuming a finished run audits nothing and writes the same table.
    table = (out / "t.csv").read_bytes()
    log = tmp_path / "audits.log"
    resumed = subprocess.run(summary_args(reports, out, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "GOVAUDIT_AUDIT_LOG": str(log)})
    assert resumed.returncode == 0, resumed.stderr
    assert not log.exists()
    assert (out / "t.csv").read_bytes() == table
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = subprocess.run(summary_args(reports, empty, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "没有审核记录" in missing.stderr and "Traceback" not in missing.stderr
    no_dir = subprocess.run([sys.executable, "-m", "govaudit", "summary", str(reports), "-o", str(out / "x.html"), "--resume"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert no_dir.returncode == 2 and "--run-dir" in no_dir.stderr


def test_a_report_whose_blob_was_lost_is_audited_again(tmp_path):
    """After a reboot the manifest may name a blob that never reached the
    disk: that report is not done, and only it is audited again."""
    reports = tmp_path / "reports"
    paths = sorted(str(p) for p in generate(reports, 4))
    out = tmp_path / "out"
    out.mkdir()
    first = subprocess.run(summary_args(reports, out), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    tables = (out / "t.csv").read_bytes(), (out / "f.csv").read_bytes()
    events = manifest_events(out / "run")
    last = max((e for e in events if "audited" in e and e["blob"]), key=lambda e: e["blob"][0])
    with open(out / "run" / "blobs.bin", "r+b") as f:
        f.truncate(last["blob"][0] + last["blob"][1] - 1)
    log = tmp_path / "audits.log"
    resumed = subprocess.run(summary_args(reports, out, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "GOVAUDIT_AUDIT_LOG": str(log)})
    assert resumed.returncode == 0, resumed.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [last["audited"]["path"]]
    assert "已审核 4 份报告（跨年核对 2 份）" in resumed.stdout
    rows = list(csv.DictReader((out / "t.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert sorted(r["文件"] for r in rows) == paths
    # Its cross-year check was done again as well: the tables are those of the first run.
    assert ((out / "t.csv").read_bytes(), (out / "f.csv").read_bytes()) == tables
