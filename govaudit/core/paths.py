"""One way to write a report's path in machine-readable output (baselines,
SARIF, GitHub annotations)."""

from __future__ import annotations

import os


def normalise_path(path: str) -> str:
    """Relative to the working directory when below it, with `/` separators,
    so that what one machine writes matches on another."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = path
        if not rel.startswith(".."):
            path = rel
    return os.path.normpath(path).replace(os.sep, "/")
