"""Throughput and memory of `govaudit summary` over a generated folder.

    python benchmarks/bench_summary.py [--reports 1000] [--jobs 1,2] [--corpus DIR]

Builds a temporary folder of N reports: copies of the corpus HTML reports,
each set under an issuer name of its own (so that an issuer's 2023→2024→2025
reports chain as in real data) and with about one table number in ten
changed (so that the identity rules have something to report). Then runs the
summary once per --jobs value, each in a fresh process, and prints reports
per second and the peak resident memory of the parent process (the one that
collects results and writes the outputs) and of the largest worker, and
the CPU time per report (parent and workers together), which other load on
the machine does not change as it changes wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("GOVAUDIT_CORPUS", ROOT.parent / "shared" / "corpus"))
# A number alone in a table cell, padding included: >&nbsp;23&nbsp;<
_CELL_NUMBER = re.compile(r"(>(?:\s|&nbsp;)*)(\d{1,5})((?:\s|&nbsp;)*<)")


def generate(corpus: Path, target: Path, n: int, seed: int = 1) -> int:
    """Write n reports into target; returns how many were written."""
    sys.path.insert(0, str(ROOT))
    from govaudit.api import extract

    sources = []
    for path in sorted(corpus.glob("*.htm*")):
        issuer = extract(path).segmentation.issuer
        if issuer:
            sources.append((path, issuer, path.read_bytes().decode("utf-8", errors="replace")))
    if not sources:
        raise SystemExit(f"no HTML reports with an issuer in {corpus}")
    rng = random.Random(seed)

    def perturb(match):
        if rng.random() >= 0.1:
            return match.group(0)
        return f"{match.group(1)}{int(match.group(2)) + rng.randint(1, 9)}{match.group(3)}"

    written = 0
    batch = 0
    while written < n:
        batch += 1
        folder = target / f"set{batch:04d}"
        folder.mkdir()
        for path, issuer, text in sources:
            if written >= n:
                break
            copy = text.replace(issuer, f"样本{batch:04d}{issuer}")
            copy = _CELL_NUMBER.sub(perturb, copy)
            (folder / path.name).write_text(copy, encoding="utf-8")
            written += 1
    return written


def child(folder: str, jobs: int, out: str) -> None:
    """Run one summary in this process and print its figures as JSON."""
    sys.path.insert(0, str(ROOT))
    from govaudit.summary.run import run_summary

    start = time.perf_counter()
    stats = run_summary([folder], os.path.join(out, "audit.html"), csv_path=os.path.join(out, "t.csv"), jobs=jobs, show_progress=False)
    elapsed = time.perf_counter() - start
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kb, children_kb = me.ru_maxrss, workers.ru_maxrss  # kilobytes on Linux; children: the largest worker
    cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime  # startup imports included
    print(
        json.dumps(
            {
                "reports": stats.reports,
                "failed": len(stats.failed),
                "chained": stats.chained,
                "seconds": elapsed,
                "cpu": cpu,
                "parent_mb": self_kb / 1024,
                "worker_mb": children_kb / 1024,
                "html_mb": os.path.getsize(os.path.join(out, "audit.html")) / 1e6,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to run")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    parser.add_argument("--child", nargs=3, metavar=("FOLDER", "JOBS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return
    work = Path(tempfile.mkdtemp(prefix="govaudit-bench-"))
    try:
        reports = work / "reports"
        reports.mkdir()
        t0 = time.perf_counter()
        n = generate(args.corpus, reports, args.reports)
        print(f"generated {n} reports in {time.perf_counter() - t0:.1f} s ({reports})")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(
            f"{'jobs':>4}  {'reports':>7}  {'chained':>7}  {'seconds':>7}  {'reports/s':>9}  {'CPU ms/report':>13}"
            f"  {'parent MB':>9}  {'worker MB':>9}  {'HTML MB':>7}"
        )
        for jobs in [int(j) for j in args.jobs.split(",")]:
            out = work / f"out-{jobs}"
            out.mkdir()
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(reports), str(jobs), str(out)],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                raise SystemExit(proc.stderr)
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"{jobs:>4}  {r['reports']:>7}  {r['chained']:>7}  {r['seconds']:>7.1f}  {r['reports'] / r['seconds']:>9.1f}"
                f"  {1000 * r['cpu'] / r['reports']:>13.1f}"
                f"  {r['parent_mb']:>9.0f}  {r['worker_mb']:>9.0f}  {r['html_mb']:>7.1f}"
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
