"""PATHS → the report files to audit, and the files passed over (and why)."""

from __future__ import annotations

import os

from ..load import EXTENSIONS

SUFFIXES = tuple(EXTENSIONS)  # every extension a loader reads (.shtml pages of a crawl too)
# Files a folder of reports often holds beside the reports.
NOT_REPORTS = ("readme", "license", "licence", "changelog", "contributing")


def _passed_over(name: str) -> str | None:
    if name.startswith("~$"):
        return "Word 的临时锁定文件"
    if name.startswith("."):
        return "隐藏文件"
    stem = os.path.splitext(name)[0].lower()
    if stem in NOT_REPORTS:
        return "说明文件，不是报告"
    return None


def collect(paths, exclude=()) -> tuple[list[str], list[tuple[str, str]]]:
    """Files named are taken as given (an unusable one is reported as
    unreadable); folders are searched recursively for report files.
    `exclude`: our own output files, which may sit in a folder searched."""
    files: list[str] = []
    skipped: list[tuple[str, str]] = []
    for path, why in walk(paths, {os.path.realpath(p) for p in exclude}):
        if why:
            skipped.append((path, why))
        else:
            files.append(path)
    return files, skipped


def walk(paths, seen):
    """collect one file at a time: (path, None) for a file to audit, (path,
    why) for one passed over. `seen`: the real paths met so far (a set, or
    anything with `in` and add(): summary keeps them on disk), our outputs in
    it from the start; a file met again is left out."""

    def new(path: str) -> bool:
        key = os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in map(str, paths):
        if not os.path.isdir(path):
            if new(path):
                yield path, None
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.lower().endswith(SUFFIXES):
                    continue
                full = os.path.join(root, name)
                why = _passed_over(name)
                if os.path.realpath(full) in seen:
                    continue
                if why:
                    yield full, why
                elif new(full):
                    yield full, None
