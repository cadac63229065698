"""Work that misbehaves as the file's name says: what the batch runner's
workers and check's read-ahead must each survive, costing only that file."""

from __future__ import annotations

import os
import signal
import time

from govaudit.core.errors import InputError


def misbehave(path: str) -> None:
    """crash.pdf: the process dies; hang.pdf: it never returns and only SIGKILL
    stops it; bad.pdf: an unusable file; bug.pdf: a bug of ours. Else nothing."""
    name = os.path.basename(path)
    if name == "crash.pdf":
        os._exit(1)  # as a crash inside a parsing library
    if name == "hang.pdf":
        # As a hang inside C code (pdfium): no signal the process's own alarm
        # sends can stop it; only a SIGKILL at the deadline can.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
        while True:
            time.sleep(3600)
    if name == "bad.pdf":
        raise InputError(path, "文件已损坏")
    if name == "bug.pdf":
        raise KeyError("oops")
