"""The `govaudit` command as a process: tuned for a short life, then the CLI.

A run allocates a burst of objects that live until it exits (modules,
classes, the rule set, each report's tree). With the collector's default
thresholds, a cold `check` walks them some forty times on the way (5 ms of
90), and once more at exit (9 ms), though reference counting frees nearly
all of them and the rest go with the process. So: collections only every
50,000 allocations, and none at exit.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.set_threshold(50_000, 20, 20)
    from .app import main as cli_main

    try:
        cli_main()
    finally:
        gc.freeze()  # frozen objects are not walked by the collection at exit
