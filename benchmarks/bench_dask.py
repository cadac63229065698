"""`govaudit summary --dask` against `--jobs` on this machine (not a timed test).

    python benchmarks/bench_dask.py [--sizes 100,300] [--workers 2] [--repeat 2]

Starts a real cluster as an operator would (`dask scheduler`, then `dask
worker ADDRESS --nworkers N --nthreads 1`, separate processes), generates
fictional reports (tests/scale_reports.py: 示例县 under issuer names of its
own, two years each, so half are chained), and runs `govaudit summary` on
them with `--jobs N` and with `--dask ADDRESS`, each in a fresh process,
with a run folder, the CSV and the annotated pages. Printed per size and
way: wall seconds, wall and CPU milliseconds per report (the command and
its workers; with Dask the cluster's processes and the children its tasks
fork), and whether the CSV is the same byte for byte. Each way runs
`--repeat` times in turn, the best wall time kept (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu(pids) -> float:
    """CPU seconds of the cluster's processes, their reaped children included."""
    import psutil

    total = 0.0
    for pid in pids:
        for proc in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
            try:
                t = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system + t.children_user + t.children_system
    return total


def _start_cluster(workers: int, log: Path):
    dask = str(Path(sys.executable).parent / "dask")
    out = open(log, "w")
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
                                 stdout=out, stderr=subprocess.STDOUT)
    address = None
    deadline = time.monotonic() + 60
    while address is None and time.monotonic() < deadline:
        time.sleep(0.2)
        found = re.search(r"Scheduler at:\s+(tcp://\S+)", log.read_text())
        address = found and found.group(1)
    if address is None:
        raise SystemExit("the scheduler did not start: " + log.read_text())
    worker = subprocess.Popen([dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"],
                              stdout=out, stderr=subprocess.STDOUT)
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, [scheduler, worker]


def _summary(folder: Path, out: Path, how: list[str]) -> tuple[float, float]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "govaudit", "summary", str(folder), "-o", str(out / "audit.html"),
                           "--csv", str(out / "t.csv"), "--run-dir", str(out / "run"), *how],
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,300")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from tests.scale_reports import generate

    tmp = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    address, procs = _start_cluster(args.workers, tmp / "cluster.log")
    try:
        print(f"cluster {address}: {args.workers} worker processes × 1 thread; --jobs {args.workers} for comparison")
        print("| reports | way | wall s | wall ms/report | CPU ms/report | same CSV |")
        print("| ---: | --- | ---: | ---: | ---: | --- |")
        for n in (int(s) for s in args.sizes.split(",")):
            folder = tmp / f"reports{n}"
            generate(folder, n)
            best = {}
            for _ in range(args.repeat):
                for way, how in (("jobs", ["--jobs", str(args.workers)]), ("dask", ["--dask", address])):
                    cluster_before = _cpu([p.pid for p in procs]) if way == "dask" else 0.0
                    wall, cpu = _summary(folder, tmp / f"out-{way}", how)
                    if way == "dask":
                        cpu += _cpu([p.pid for p in procs]) - cluster_before
                    if way not in best or wall < best[way][0]:
                        best[way] = (wall, cpu)
            same = (tmp / "out-jobs" / "t.csv").read_bytes().replace(b"out-jobs", b"") == \
                (tmp / "out-dask" / "t.csv").read_bytes().replace(b"out-dask", b"")
            for way in ("jobs", "dask"):
                wall, cpu = best[way]
                label = f"--jobs {args.workers}" if way == "jobs" else f"--dask（{args.workers} 个工作进程）"
                print(f"| {n} | {label} | {wall:.1f} | {wall / n * 1000:.0f} | {cpu / n * 1000:.0f} | {'是' if same else '否'} |")
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
