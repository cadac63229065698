"""Hostile and broken inputs through the command line (issue "Hostile input").

Every input of `tests/hostile_inputs.py` is built in a temporary directory
and given to `govaudit extract` and `govaudit check`, each in a subprocess
with a time limit and an address-space cap, so a hang or unbounded memory is
a failure, not a stuck CI job; the peak memory is checked as well. The
outcome is either exit 2 with exactly one line on stderr naming the file and
the problem in Chinese (and the limit setting, when a limit was hit), or
exit 0/1 with normal output. Never a traceback, never an internal error.

An input that hits a known bug outside the loaders can be marked a strict
xfail naming the bug (`Case.xfail`), so the fix is noticed.
Slow cases are marked `slow` (still run by default): see `SLOW` below.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hostile_inputs import Case, all_cases, report_html

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 30  # seconds per command; a hang shows up as a failure
MEMORY_CAP = 2 << 30  # RLIMIT_AS of the command: 2 GiB, past it allocation fails
PEAK_RSS = 1 << 30  # and what it may really use at its peak: 1 GiB
# `python -m govaudit`, plus a note of its peak memory when it exits: VmHWM,
# the high-water mark of the process image exec started (ru_maxrss would
# count the forking parent, pytest, in).
LAUNCHER = """
import atexit, os
def _peak():
    try:
        with open('/proc/self/status') as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith('VmHWM:'))
    except (OSError, StopIteration):
        peak = 0
    with open(os.environ['GOVAUDIT_TEST_PEAK'], 'w') as out:
        out.write(str(peak * 1024))
atexit.register(_peak)
import runpy
runpy.run_module('govaudit', run_name='__main__', alter_sys=True)
"""
CJK = re.compile(r"[\u4e00-\u9fff]")

try:
    import resource
except ImportError:  # not POSIX: no memory cap
    resource = None

# Bytecode of the children's imports, cached outside the tree.
PYCACHE = Path(tempfile.gettempdir()) / f"govaudit-test-pycache-{os.getuid() if hasattr(os, 'getuid') else 0}"


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_cli(args: list[str], cwd: Path, time_limit: float = TIME_LIMIT) -> tuple[subprocess.CompletedProcess | None, float, int]:
    """(the finished process, seconds, peak RSS in bytes or 0 where /proc
    has none); the process is None when it hung."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    # Bytecode cached outside the tree, so two hundred runs do not each
    # compile every module again (PYTHONDONTWRITEBYTECODE may be set).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    peak_file = cwd / f".peak-{args[0]}"
    env["GOVAUDIT_TEST_PEAK"] = str(peak_file)
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", LAUNCHER, *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=time_limit,
            preexec_fn=_cap_memory if resource else None,
        )
    except subprocess.TimeoutExpired:
        proc = None
    seconds = time.monotonic() - start
    try:
        peak = int(peak_file.read_text())
        peak_file.unlink()
    except (OSError, ValueError):
        peak = 0
    return proc, seconds, peak


CASES = all_cases()
BY_NAME = {case.name: case for case in CASES}
# Cases that take a few seconds each (10 MB inputs, gigabyte bombs, the
# guard's own timeout): marked `slow`, and run by default all the same.
SLOW = {
    "line-10mb-in-section.txt",
    "html-line-10mb-text",
    "html-torture-lt-only",
    "html-p-li-td-1e5-unclosed",
    "html-10mb-many-elements",
    "pdf-stream-bomb-1gb",
}
assert SLOW <= set(BY_NAME), SLOW - set(BY_NAME)


def _params():
    for case in CASES:
        for command in case.commands:
            marks = []
            if case.name in SLOW or case.slow:
                marks.append(pytest.mark.slow)
            if case.skip:
                marks.append(pytest.mark.skip(reason=case.skip))
            if case.xfail and command in case.xfail_on:
                marks.append(pytest.mark.xfail(reason=case.xfail, strict=True))
            yield pytest.param(case.name, command, id=f"{case.name}-{command}", marks=marks)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _command_args(case: Case, command: str, path: Path) -> list[str]:
    args = [command, str(path)]
    if command == "check" and case.config:
        config = path.parent / "govaudit.toml"
        config.write_text("[limits]\n" + "".join(f"{k} = {v}\n" for k, v in case.config.items()), encoding="utf-8")
        args[1:1] = ["--config", str(config)]
    return args


@pytest.fixture(scope="module")
def outcomes(request, workdir):
    """Every selected (case, command), started up front and run as many at a
    time as there are CPUs: the runs are subprocesses, so the suite takes
    the wall time of its slowest half, not the sum. Inputs are built once
    per case, for both commands."""
    selected = []
    for item in request.session.items:
        if getattr(item, "originalname", None) != "test_hostile" or item.get_closest_marker("skip"):
            continue
        selected.append((item.callspec.params["name"], item.callspec.params["command"]))
    paths: dict[str, Path] = {}
    for name, _ in selected:
        if name not in paths:
            folder = workdir / re.sub(r"[^\w.-]", "_", name)
            folder.mkdir(exist_ok=True)
            paths[name] = BY_NAME[name].make(folder)
    pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1))
    futures = {}
    # Longest first, so a slow case does not start last.
    for name, command in sorted(selected, key=lambda nc: nc[0] not in SLOW):
        case, path = BY_NAME[name], paths[name]
        futures[name, command] = (path, pool.submit(run_cli, _command_args(case, command, path), path.parent, case.time_limit))
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def assert_one_line_error(proc: subprocess.CompletedProcess, path: Path, case: Case) -> str:
    stderr = proc.stderr.decode("utf-8", "replace")
    lines = stderr.splitlines()
    assert len(lines) == 1, f"stderr should be one line, got {len(lines)}:\n{stderr[-3000:]}"
    line = lines[0]
    assert "Traceback" not in line
    assert "内部错误" not in line, f"an internal error is a bug: {line}"
    assert line.startswith("govaudit: 错误: "), line
    assert str(path) in line, f"the message should name the file: {line}"
    problem = line.split(str(path), 1)[1]
    assert CJK.search(problem), f"the problem should be said in Chinese: {line}"
    for word in case.mentions:
        assert word in problem, f"the message should mention {word!r}: {line}"
    return line


def assert_normal_output(proc: subprocess.CompletedProcess, command: str, case: Case) -> None:
    stderr = proc.stderr.decode("utf-8", "replace")
    stdout = proc.stdout.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "内部错误" not in stderr, stderr[-3000:]
    assert stdout.strip(), "normal output expected on stdout"
    if command == "extract":
        data = json.loads(stdout)
        assert isinstance(data, list) and len(data) == 1
        if case.verify:
            case.verify(data)
    else:
        # Nothing quoted from a report may reach a terminal as a control sequence.
        assert "\x1b" not in stdout and "\x07" not in stdout, "control characters from the report reached the output"


@pytest.mark.parametrize("name,command", list(_params()))
def test_hostile(name: str, command: str, outcomes):
    case = BY_NAME[name]
    path, future = outcomes[name, command]
    proc, seconds, peak = future.result()
    if proc is None:
        pytest.fail(f"govaudit {command} hung: no exit within {case.time_limit:g} s")
    assert peak <= PEAK_RSS, f"peak memory {peak >> 20} MB"
    code = proc.returncode
    stderr = proc.stderr.decode("utf-8", "replace")
    assert code in (0, 1, 2), f"exit code {code} (killed by a signal or the memory cap?):\n{stderr[-3000:]}"
    assert "Traceback" not in stderr, stderr[-3000:]
    if case.expect == "refused":
        assert code == 2, f"should be refused (exit 2), got {code}:\n{stderr[-2000:]}"
    elif case.expect == "read":
        assert code in (0, 1), f"should be read (exit 0/1), got {code}:\n{stderr[-2000:]}"
    if code == 2:
        assert_one_line_error(proc, path, case)
    else:
        assert_normal_output(proc, command, case)


# ---------------------------------------------------------------- the guard


def test_guard_names_the_timeout_setting():
    from govaudit.core.errors import InputError
    from govaudit.core.guard import bounded

    with pytest.raises(InputError, match="timeout_seconds") as info:
        with bounded("slow.html", 0.2):
            while True:
                pass
    assert info.value.path == "slow.html"


def test_guard_timeout_survives_except_exception():
    """Libraries catch Exception all over: the limit must still end the work."""
    from govaudit.core.errors import InputError
    from govaudit.core.guard import bounded

    swallowed = 0
    with pytest.raises(InputError, match="timeout_seconds"):
        with bounded("slow.pdf", 0.2):
            while True:
                try:
                    sum(range(10_000))
                except Exception:  # noqa: BLE001 (as a library would)
                    swallowed += 1
    assert swallowed == 0


@pytest.mark.slow
def test_guard_timeout_is_what_the_user_sees(tmp_path):
    """When every other bound is lifted, the per-file time limit still ends
    the work with one line naming timeout_seconds."""
    path = tmp_path / "elements.html"
    path.write_text(report_html(body_extra="<b>x</b>" * 1_000_000), encoding="utf-8")
    config = tmp_path / "govaudit.toml"
    config.write_text("[limits]\nmax_elements = 100000000\ntimeout_seconds = 1\n", encoding="utf-8")
    proc, seconds, _ = run_cli(["check", "--config", str(config), str(path)], tmp_path)
    assert proc is not None, "hung"
    assert proc.returncode == 2, proc.stderr.decode("utf-8", "replace")[-2000:]
    line = assert_one_line_error(proc, path, Case("guard", lambda d: path, "refused", ("timeout_seconds",)))
    assert "超时" in line
    assert seconds < 15


# ---------------------------------------------------------------- the HTML tokenizer


def _corpus_html() -> list[Path]:
    from tests.conftest import CORPUS

    files = sorted(CORPUS.glob("*.html")) + sorted((ROOT / "examples").glob("*.html"))
    return files


@pytest.mark.parametrize("path", _corpus_html(), ids=lambda p: p.name)
def test_tokenizer_gives_the_stdlib_events_on_real_pages(path):
    """The linear tokenizer emits what html.parser does, at the same
    positions, on every real page: only its cost on hostile input differs."""
    from html.parser import HTMLParser

    from govaudit.load.encoding import decode
    from govaudit.load.html import _tokenize

    class Recorder:
        def __init__(self):
            self.events = []
            self.position = (1, 0)

        def getpos(self):
            return self.position

        def handle_starttag(self, tag, attrs):
            self.events.append(("start", tag, tuple(attrs), self.getpos()))

        def handle_startendtag(self, tag, attrs):
            self.events.append(("startend", tag, tuple(attrs), self.getpos()))

        def handle_endtag(self, tag):
            self.events.append(("end", tag, self.getpos()))

        def handle_data(self, data):
            self.events.append(("data", data, self.getpos()))

    class Stdlib(Recorder, HTMLParser):
        def __init__(self):
            Recorder.__init__(self)
            HTMLParser.__init__(self, convert_charrefs=True)

        getpos = HTMLParser.getpos

    text = decode(str(path), path.read_bytes(), declared_search=True)
    ours, theirs = Recorder(), Stdlib()
    _tokenize(text, ours)
    theirs.feed(text)
    theirs.close()
    assert ours.events == theirs.events


@pytest.mark.parametrize(
    "markup",
    [
        "<a" * 1_000_000,
        "<a '" * 500_000,
        "<a b=" * 400_000,
        "</" * 1_000_000,
        "<?" * 1_000_000,
        "<!" * 1_000_000,
        "< " * 1_000_000,
        "<" * 2_000_000,
        "<p>" + "<![" * 500_000,
        "<script>" + "<" * 2_000_000,
        "&#" * 1_000_000,
        "<p" + " " * 2_000_000 + ">",
        "<p " + "a=1 " * 500_000 + ">",
    ],
    ids=["lt-letter", "lt-quote", "lt-equals", "lt-slash", "lt-question", "lt-bang", "lt-space", "lt", "marked",
         "unclosed-script", "ampersands", "spaces-in-tag", "attributes"],
)
def test_tokenizer_is_linear(markup):
    """2 MB of each: the stdlib parser takes from seconds to hours on most
    of these; the tokenizer must stay well under a second, and so it does at
    10 MB (tests above)."""
    from govaudit.load.html import _tokenize

    class Sink:
        position = (1, 0)

        def handle_starttag(self, tag, attrs):
            pass

        handle_startendtag = handle_starttag

        def handle_endtag(self, tag):
            pass

        def handle_data(self, data):
            pass

    start = time.perf_counter()
    _tokenize(markup, Sink())
    assert time.perf_counter() - start < 1.0


def _tag_soup(rng, n_tags: int) -> str:
    """Start tags built from the pieces that separate the one-match path from
    the general one: odd names, spaces of every kind, quotes, '=', '/', '>'."""
    names = ["p", "td", "TD", "br", "a1", "my-el", "x:y", "_q", "é", "3"]
    attr_names = ["colspan", "ROWSPAN", "data-x", "a.b", ":c", "_d", "e\"f", "g'h", "i<j", "/", "k=l"]
    values = ['"2"', "'3'", "4", '"a > b"', "'x\"y'", "x'y", "", "=5", '"&amp;&#1234567890;"', "a/", "`b`", '"\n"']
    spaces = [" ", "  ", "\t", "\n", "\u3000", "\v", "\xa0", "/", " / ", ""]
    out = []
    for _ in range(n_tags):
        tag = "<" + rng.choice(names)
        for _ in range(rng.randrange(4)):
            tag += rng.choice(spaces) + rng.choice(attr_names)
            if rng.random() < 0.7:
                tag += rng.choice(["=", " = ", "==", "\u3000=", "= "]) + rng.choice(values)
        tag += rng.choice(["", " ", "/", " /", "\u3000", "\v"]) + rng.choice([">", ">", ">", ""])
        out.append(tag + rng.choice(["text", "", "</p>", "<", " & "]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(20))
def test_one_match_start_tags_read_as_the_general_path_does(seed, monkeypatch):
    """The one-match reading of common start tags is a shortcut, never a
    different reading: on random tag soup, the events (names, attributes,
    values, positions) are those of the general path alone."""
    import random
    import re

    import govaudit.load.html as html_loader

    class Recorder:
        position = (1, 0)

        def __init__(self):
            self.events = []

        def handle_starttag(self, tag, attrs):
            self.events.append(("start", tag, tuple(attrs), self.position))

        def handle_startendtag(self, tag, attrs):
            self.events.append(("startend", tag, tuple(attrs), self.position))

        def handle_endtag(self, tag):
            self.events.append(("end", tag, self.position))

        def handle_data(self, data):
            self.events.append(("data", data, self.position))

    soup = _tag_soup(random.Random(seed), 400)
    fast = Recorder()
    html_loader._tokenize(soup, fast)
    monkeypatch.setattr(html_loader, "_SIMPLE_START_TAG", re.compile(r"(?!)"))
    general = Recorder()
    html_loader._tokenize(soup, general)
    assert fast.events == general.events
    assert sum(e[0] != "data" for e in general.events) > 100


def test_common_references_are_unescaped_as_the_standard_library_does():
    import html
    import random

    from govaudit.load.charrefs import COMMON as _COMMON_REFS
    from govaudit.load.charrefs import unescape as _unescape

    for ref, char in _COMMON_REFS.items():
        assert html.unescape(ref) == char
    pieces = [*_COMMON_REFS, "&", "&amp", "&nbsp", "&copy;", "&#20013;", "&#x4e2d;", "&#128;", "&;", "a", "表", " ", ";"]
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 8)))
        assert _unescape(text) == html.unescape(text), text


def test_a_cell_with_a_million_attributes_costs_no_more_than_its_first_thousand():
    script = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from govaudit.load.html import _TreeBuilder, _tokenize
from govaudit.core.limits import Limits
markup = "<table><tr><td " + "a=1 " * 1_000_000 + ">1</td></tr></table>"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
builder = _TreeBuilder("t.html", Limits())
_tokenize(markup, builder)
td = builder.root.children[0].children[0].children[0]
print(len(td.attrs), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    n_attrs, grown_mb = map(int, subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True,
                                                text=True, check=True).stdout.split())
    assert n_attrs == 1000 and grown_mb < 50
