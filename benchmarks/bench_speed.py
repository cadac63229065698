"""Start-up and per-report speed of the command line, against a bare interpreter.

    python benchmarks/bench_speed.py [--runs 15] [--copies 7] [--corpus DIR] [--against CHECKOUT]

Measures, each from process start to exit and as the median of --runs
rounds (every command once per round, so that a machine slowing down for a
while slows the bare start and the commands alike):

- `python -c pass`: the floor every command pays;
- one cold `govaudit check` (or `extract`, if there is no `check` yet) of
  pingtan-2024.html (as `python -m govaudit`, and as the installed
  `govaudit` command runs it, without runpy), and of pingtan-2019.html (the largest, and one whose
  topic checks need jieba's dictionary, as most real reports do);
- one `govaudit check` over 40+ HTML reports in one process (copies of the
  corpus HTML reports in a temporary folder), per report;
- one cold `govaudit check` of hongze-2023.pdf (a five-page PDF, read in a
  worker process as every PDF is);

with the peak resident memory of each (VmHWM of the child at exit: ru_maxrss
would count the forking parent in), and the ratio of each time to the bare
start. Then the in-process
`extract` of the largest corpus HTML report (pingtan-2019.html), warm, and
the time per page of loading each corpus PDF (warm, each tree in a child
process, in rounds with the bare start, so also as a multiple of it).

Not a test: numbers depend on the machine. Run it before and after a change
that touches imports or the loaders; `--against` times another checkout (a
`git worktree add /tmp/before main`) in the same rounds, for a before/after
that the machine's noise does not decide.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("GOVAUDIT_CORPUS", ROOT.parent / "shared" / "corpus"))


# Runs what it is given (python -m govaudit …, or nothing) and notes the
# peak memory at exit: VmHWM, the high-water mark of the image exec started.
# (ru_maxrss from wait4 would report at least the forking parent's size.)
LAUNCHER = """
import atexit, os, sys
def _peak():
    try:
        with open('/proc/self/status') as status:
            peak = next(int(l.split()[1]) * 1024 for l in status if l.startswith('VmHWM:'))
    except (OSError, StopIteration):
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    with open(os.environ['BENCH_PEAK_FILE'], 'w') as out:
        out.write(str(peak))
atexit.register(_peak)
if len(sys.argv) > 1:
    import runpy
    runpy.run_module('govaudit', run_name='__main__', alter_sys=True)
"""


# What the `govaudit` script pip installs does (project.scripts): no runpy.
SCRIPT = """
import sys
try:
    from govaudit.cli.console import main
except ImportError:  # a checkout from before the cli/ folder (--against)
    from govaudit.console import main
sys.argv[0] = "govaudit"
sys.exit(main())
"""


def child_env(cwd: Path, tree: Path = ROOT, **extra: str) -> dict:
    """The children import the checkout `tree`, with bytecode cached (in a
    folder of its own) as an installed package has it, whatever
    PYTHONDONTWRITEBYTECODE says here: otherwise every run compiles every
    module again."""
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tree), env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache" / tree.name)
    return env


def run_once(argv: list[str], cwd: Path, tree: Path = ROOT) -> tuple[float, int]:
    """(seconds from start to exit, exit code) of one child process."""
    env = child_env(cwd, tree)
    start = time.perf_counter()
    code = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - start, code


def peak_memory(args: list[str], cwd: Path) -> int:
    """Peak resident memory, bytes, of `python -m govaudit ARGS` (nothing
    but the interpreter when ARGS is empty)."""
    peak_file = cwd / ".peak"
    env = child_env(cwd, BENCH_PEAK_FILE=str(peak_file))
    subprocess.run([sys.executable, "-c", LAUNCHER, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return int(peak_file.read_text())


def interleaved(commands: list[tuple[str, Path, list[str]]], cwd: Path, runs: int) -> dict:
    """{name: (median seconds, best seconds, worst exit code)} of each (name, tree, argv),
    run in turn, round after round: a machine that slows down for a while
    slows every command alike, the bare start included, and the ratios hold.
    The first round writes the bytecode caches and is not counted."""
    times: dict = {name: [] for name, _, _ in commands}
    codes: dict = {name: 0 for name, _, _ in commands}
    for round_ in range(runs + 1):
        for name, tree, argv in commands:
            seconds, code = run_once(argv, cwd, tree)
            if round_:
                times[name].append(seconds)
                codes[name] = max(codes[name], code)
    return {name: (statistics.median(t), min(t), codes[name]) for name, t in times.items()}


def no_chain(tree: Path, cwd: Path) -> list[str]:
    """`--no-chain` where the tree's check has it: the copies in the batch are
    several years of a few issuers, and chaining would add cross-year checks
    that a tree without it does not make (per report is an audit, compared alike).
    Asked from `cwd` (not a checkout), so that the tree's own package answers."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    helped = subprocess.run([sys.executable, "-m", "govaudit", "check", "--help"], env=env, capture_output=True, text=True,
                            cwd=cwd)
    return ["--no-chain"] if "--no-chain" in helped.stdout else []


def has_check(cwd: Path) -> bool:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "govaudit", "check", "--help"], cwd=cwd, env=env,
                          capture_output=True).returncode == 0


def in_process_extract(path: Path, runs: int) -> tuple[float, float]:
    """(first call, median of the warm calls) of govaudit.api.extract, seconds."""
    sys.path.insert(0, str(ROOT))
    from govaudit.api import extract

    start = time.perf_counter()
    extract(path)
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(path)
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


# Loads each PDF once (imports, caches), then times one more load of each.
PDF_PROBE = """
import json, sys, time
from govaudit.load import load
for path in sys.argv[1:]:
    load(path)
out = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    load(path)
    out[path] = time.perf_counter() - start
print(json.dumps(out))
"""


def pdf_pages(corpus: Path, runs: int, trees: list[tuple[str, Path]], cwd: Path) -> list[tuple[str, str, int, float, float]]:
    """(tree label, name, pages, warm median seconds per page, that as a
    multiple of `python -c pass`) of loading each corpus PDF, each tree in
    a child process of its own, round after round with the bare start."""
    try:
        import pypdfium2  # (the [pdf] extra) here only to count the pages
    except ImportError:
        return []
    paths = sorted(corpus.glob("*.pdf"))
    if not paths:
        return []
    pages = {}
    for path in paths:
        pdf = pypdfium2.PdfDocument(str(path))
        pages[str(path)] = len(pdf)
        pdf.close()
    bare: list[float] = []
    times: dict = {(label, str(p)): [] for label, _ in trees for p in paths}
    for _ in range(runs):
        bare.append(run_once([sys.executable, "-c", "pass"], cwd)[0])
        for label, tree in trees:
            proc = subprocess.run([sys.executable, "-c", PDF_PROBE, *map(str, paths)], cwd=cwd, env=child_env(cwd, tree),
                                  capture_output=True, text=True)
            if proc.returncode:
                continue
            for path, seconds in json.loads(proc.stdout).items():
                times[(label, path)].append(seconds)
    floor = statistics.median(bare)
    out = []
    for (label, path), ts in times.items():
        if ts:
            per_page = statistics.median(ts) / pages[path]
            out.append((label, Path(path).name, pages[path], per_page, per_page / floor))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds (every command once per round)")
    parser.add_argument("--copies", type=int, default=7, help="copies of each corpus HTML report for the batch run")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="another checkout of govaudit (e.g. a git worktree of main) to time in the same rounds")
    args = parser.parse_args()

    corpus = args.corpus
    single = corpus / "pingtan-2024.html"
    pdf = corpus / "hongze-2023.pdf"
    largest = corpus / "pingtan-2019.html"
    pages = sorted(corpus.glob("*.html"))
    if not single.exists() or not pages:
        raise SystemExit(f"corpus not found: {corpus} (--corpus DIR)")
    command = "check" if has_check(ROOT) else "extract"
    py = sys.executable

    trees = [("", ROOT)] + ([(" [against]", args.against.resolve())] if args.against else [])
    with tempfile.TemporaryDirectory(prefix="govaudit-bench-") as tmp:
        folder = Path(tmp)
        batch = []
        for i in range(args.copies):
            for page in pages:
                target = folder / f"{page.stem}-{i:02d}.html"
                shutil.copyfile(page, target)
                batch.append(str(target))

        commands = [("bare", ROOT, [py, "-c", "pass"])]
        for suffix, tree in trees:
            commands += [
                ("import" + suffix, tree, [py, "-c", "import govaudit.cli.app"]),
                ("one" + suffix, tree, [py, "-m", "govaudit", command, str(single)]),
                ("script" + suffix, tree, [py, "-c", SCRIPT, command, str(single)]),
                ("big" + suffix, tree, [py, "-m", "govaudit", command, str(largest)]),
                ("many" + suffix, tree, [py, "-m", "govaudit", command, *no_chain(tree, folder), *batch]),
            ]
            if pdf.exists():
                commands.append(("pdf" + suffix, tree, [py, "-m", "govaudit", command, str(pdf)]))
        timed = interleaved(commands, folder, args.runs)
        memory = {
            "bare": peak_memory([], folder),
            "import": peak_memory(["--version"], folder),
            "one": peak_memory([command, str(single)], folder),
            "big": peak_memory([command, str(largest)], folder),
            "many": peak_memory([command, *no_chain(ROOT, folder), *batch], folder),
        }

    bare, bare_best, _ = timed["bare"]
    rows = [("python -c pass", timed["bare"], memory["bare"], "")]
    for suffix, tree in trees:
        label = f"  ({tree})" if suffix else ""
        rss = memory if not suffix else {}
        many = timed["many" + suffix]
        rows += [
            ("python -c 'import govaudit.cli.app'" + suffix, timed["import" + suffix], rss.get("import"),
             "(memory: govaudit --version)" + label),
            (f"govaudit {command} {single.name} (cold){suffix}", timed["one" + suffix], rss.get("one"), ""),
            (f"  the same as the installed `govaudit` command{suffix}", timed["script" + suffix], None, "(no runpy)"),
            (f"govaudit {command} {largest.name} (cold){suffix}", timed["big" + suffix], rss.get("big"), ""),
            (f"govaudit {command} ×{len(batch)} reports, one process{suffix}", many, rss.get("many"), ""),
            ("  … per report" + suffix, (many[0] / len(batch), many[1] / len(batch), None), None, ""),
        ]
        if "pdf" + suffix in timed:
            rows.append((f"govaudit {command} {pdf.name} (cold){suffix}", timed["pdf" + suffix], None, ""))
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; {args.runs} interleaved rounds: "
          f"the median, and the best (what the code costs when nothing else on the machine interferes)\n")
    print(f"{'':58} {'median':>8} {'× bare':>7} {'best':>8} {'× bare':>7} {'peak RSS':>9}")
    for label, (median, best, code), rss, note in rows:
        mem = f"{rss / 2**20:6.1f} MB" if rss is not None else ""
        exit_note = f"exit {code}" if code is not None and label != "python -c pass" else ""
        print(f"{label:58} {median:8.3f} {median / bare:7.1f} {best:8.3f} {best / bare_best:7.1f} {mem:>9}  "
              f"{' '.join(x for x in (exit_note, note) if x)}")
    print()
    first, warm = in_process_extract(largest, args.runs)
    print(f"in-process extract of {largest.name} ({largest.stat().st_size // 1024} kB): "
          f"first call {first:.3f} s (imports, profiles), warm median {warm * 1000:.1f} ms")
    with tempfile.TemporaryDirectory(prefix="govaudit-bench-") as tmp:
        for label, name, n, per_page, ratio in pdf_pages(corpus, args.runs, trees, Path(tmp)):
            print(f"PDF {name}{label}: {n} pages, {per_page * 1000:.1f} ms per page (load, warm median), "
                  f"{ratio:.2f} × python -c pass")


if __name__ == "__main__":
    main()
