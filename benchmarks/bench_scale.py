"""How `govaudit summary --jobs 2` scales: time per report, memory and page
sizes at growing numbers of generated fictional reports (not a timed test).

    python benchmarks/bench_scale.py [--sizes 500,1000,2000] [--jobs 2]

The reports are the examples (示例县, fictional) under issuer names of their
own, two years each (so that half are chained), HTML and Markdown mixed
(tests/scale_reports.py). Each size runs in a fresh process with a run
folder, the CSV, the annotated pages and the pages of details, as a
reviewer would run it. Printed per size: wall seconds and CPU milliseconds
per report (parent and workers together, which other load on the machine
changes less than wall time), peak resident memory of the parent and of
the largest worker (ru_maxrss, which counts the pages a forked worker
shares with the parent), the largest private memory of any worker (sampled
from /proc every 0.2 s: what a worker itself holds), the index page, the
largest page of reports, the annotated pages per report and the run folder
per report, and the load average of the machine around the run (other work
on it slows wall time). Time linear and memory flat show as constant columns.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _private_kb(pid: int) -> int:
    """Private (not shared with the parent) resident memory of a process, in kB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) for line in f if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except OSError:
        return 0  # gone meanwhile


class WorkerSampler(threading.Thread):
    """The largest private memory seen in any child of this process."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self):
        me = os.getpid()
        while not self.stop.wait(0.2):
            try:
                kids = open(f"/proc/{me}/task/{me}/children").read().split()
            except OSError:
                continue
            for pid in kids:
                self.peak_kb = max(self.peak_kb, _private_kb(int(pid)))


def child(folder: str, jobs: int, out: str, parquet: bool) -> None:
    """Run one summary in this process and print its figures as JSON."""
    sys.path.insert(0, str(ROOT))
    from govaudit.summary.run import run_summary

    out_dir = Path(out)
    sampler = WorkerSampler()
    sampler.start()
    start = time.perf_counter()
    stats = run_summary([folder], str(out_dir / "audit.html"), csv_path=str(out_dir / "t.csv"), jobs=jobs,
                        show_progress=False, run_dir=str(out_dir / "run"), parquet_dir=str(out_dir / "pq") if parquet else None)
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    parts = list(out_dir.glob("audit.p*.html"))
    print(json.dumps({
        "reports": stats.reports,
        "failed": len(stats.failed),
        "chained": stats.chained,
        "seconds": elapsed,
        "cpu": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime,
        "parent_mb": me.ru_maxrss / 1024,  # kilobytes on Linux
        "worker_mb": workers.ru_maxrss / 1024,  # the largest worker
        "worker_private_mb": sampler.peak_kb / 1024,
        "parent_private_mb": _private_kb(os.getpid()) / 1024,
        "index_mb": (out_dir / "audit.html").stat().st_size / 1e6,
        "part_mb": max((p.stat().st_size for p in parts), default=0) / 1e6,
        "parts": len(parts),
        "annotated_kb": _size(out_dir / "audit.reports") / 1e3 / max(1, stats.reports),
        "run_kb": _size(out_dir / "run") / 1e3 / max(1, stats.reports),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,1000,2000", help="comma-separated numbers of reports")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--parquet", action="store_true", help="also write the Parquet tables (needs pyarrow)")
    parser.add_argument("--child", nargs=4, metavar=("FOLDER", "JOBS", "OUT", "PARQUET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2], args.child[3] == "1")
        return
    sys.path.insert(0, str(ROOT))
    from tests.scale_reports import generate

    work = Path(tempfile.mkdtemp(prefix="govaudit-scale-"))
    try:
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; --jobs {args.jobs}")
        print(f"{'reports':>7}  {'chained':>7}  {'s':>6}  {'ms/report':>9}  {'CPU ms/rep':>10}  {'parent MB':>9}  {'worker MB':>9}"
              f"  {'w.priv MB':>9}  {'index MB':>8}  {'pages':>5}  {'page MB':>7}  {'annot kB/rep':>12}  {'run kB/rep':>10}  load",
              flush=True)
        for n in [int(s) for s in args.sizes.split(",")]:
            reports = work / f"reports-{n}"
            generate(reports, n)
            out = work / f"out-{n}"
            out.mkdir()
            load = os.getloadavg()[0]
            proc = subprocess.run([sys.executable, __file__, "--child", str(reports), str(args.jobs), str(out), "1" if args.parquet else "0"],
                                  capture_output=True, text=True, check=False)
            if proc.returncode:
                raise SystemExit(proc.stderr)
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{r['reports']:>7}  {r['chained']:>7}  {r['seconds']:>6.0f}  {1000 * r['seconds'] / r['reports']:>9.1f}"
                  f"  {1000 * r['cpu'] / r['reports']:>10.1f}  {r['parent_mb']:>9.0f}  {r['worker_mb']:>9.0f}"
                  f"  {r['worker_private_mb']:>9.1f}  {r['index_mb']:>8.3f}  {r['parts']:>5}  {r['part_mb']:>7.2f}  {r['annotated_kb']:>12.1f}"
                  f"  {r['run_kb']:>10.1f}  {load:.1f}→{os.getloadavg()[0]:.1f}", flush=True)
            shutil.rmtree(reports, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
