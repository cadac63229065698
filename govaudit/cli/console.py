"""The `govaudit` command as a process: tuned for a short life, then the CLI.

A run allocates a burst of objects that live until it exits (modules,
classes, the rule set, each report's tree). With the collector's default
thresholds, a cold `check` walks them some forty times on the way (5 ms of
90), and once more at exit (9 ms), though reference counting frees nearly
all of them and the rest go with the process. So: collections only every
50,000 allocations, and none at exit. And `check PATH…` with no option is
run without click (plain_files below).
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.set_threshold(50_000, 20, 20)
    try:
        files = plain_files(sys.argv[1:])
        if files is not None:  # `check PATH…`: no option to parse, so no click
            from .check_run import run_plain

            run_plain(files)
        from .app import main as cli_main

        cli_main()
    finally:
        gc.freeze()  # frozen objects are not walked by the collection at exit


def plain_files(argv: list[str]) -> list[str] | None:
    """The reports of `check PATH…` with no option (how pre-commit and most
    scripts call it), else None. Such a call has nothing for click to parse:
    it is run without importing click (a sixth of a cold check).
    Anything else, `-h` or a path that looks like an option included, is
    click's; so is every call on Windows, where click expands `*.html`
    itself (the shell does not)."""
    if len(argv) < 2 or argv[0] != "check" or os.name == "nt":
        return None
    files = argv[1:]
    if any(arg.startswith("-") and arg != "-" for arg in files):
        return None
    return files
