"""Peak memory of `govaudit check` over growing numbers of generated
fictional reports (tests/scale_reports.py), with --jobs 1 and --jobs 2
(not a timed test).

    python benchmarks/bench_check_memory.py [--sizes 100,400,1600] [--jobs 1,2] [--format text] [--no-chain]

Each run is a fresh process that runs the command line in itself and then
prints its own peak resident memory (ru_maxrss) and the largest of its
workers'. Flat memory shows as equal figures across sizes; the output
written (the findings themselves) grows with the reports, and goes to a file.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_EXTENSION = {"json": "json", "json-lines": "jsonl", "sarif": "sarif", "junit": "xml", "gitlab": "json"}


def child(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from govaudit.cli.app import main

    sys.argv = ["govaudit", "check", *argv]
    start = time.perf_counter()
    try:
        main()
    except SystemExit:
        pass
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": time.perf_counter() - start, "parent_mb": me.ru_maxrss / 1024, "worker_mb": kids.ru_maxrss / 1024,
                      "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,400,1600")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--format", default="text", help="check --format (text, json, sarif, …)")
    parser.add_argument("--no-chain", action="store_true", help="check --no-chain (no cross-year pass)")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    sys.path.insert(0, str(ROOT))
    from tests.scale_reports import generate

    work = Path(tempfile.mkdtemp(prefix="govaudit-checkmem-"))
    try:
        chain = ["--no-chain"] if args.no_chain else []
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; --format {args.format} {' '.join(chain)}")
        print(f"{'reports':>7}  {'jobs':>4}  {'s':>6}  {'CPU ms/rep':>10}  {'parent MB':>9}  {'worker MB':>9}  {'output MB':>9}", flush=True)
        for n in [int(s) for s in args.sizes.split(",")]:
            reports = work / f"reports-{n}"
            generate(reports, n)
            for jobs in [int(j) for j in args.jobs.split(",")]:
                out = work / f"out.{_EXTENSION.get(args.format, 'txt')}"
                proc = subprocess.run([sys.executable, __file__, "--child", "--jobs", str(jobs), "--format", args.format, "-o", str(out),
                                       *chain, str(reports)], capture_output=True, text=True, check=False)
                r = json.loads(proc.stderr.strip().splitlines()[-1])
                print(f"{n:>7}  {jobs:>4}  {r['seconds']:>6.1f}  {1000 * r['cpu'] / n:>10.1f}  {r['parent_mb']:>9.0f}  {r['worker_mb']:>9.0f}"
                      f"  {out.stat().st_size / 1e6:>9.2f}", flush=True)
            shutil.rmtree(reports, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
