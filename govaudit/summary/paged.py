"""The details of many reports on pages of their own, so that no page grows
with the number of reports: `audit.html` keeps the table, the charts and
the overviews, and lists `audit.p1.html`, `audit.p2.html`, … each holding
the details of at most `page_size` reports, in the table's order. Up to
`page_size` reports everything stays on one page, as before."""

from __future__ import annotations

import os

from ..output.write import atomic_file
from .html import HtmlWriter

PAGE_SIZE = 500  # reports' details per page: 2.5–10 MB at 5–21 kB each


def part_name(output: str, k: int) -> str:
    stem = os.path.splitext(os.path.basename(output))[0]
    return f"{stem}.p{k}.html"


def is_part_page(path: str, output: str) -> bool:
    """Whether `path` is one of our own pages of details (not a report to audit)."""
    folder, name = os.path.split(os.path.abspath(path))
    stem = os.path.splitext(os.path.basename(output))[0]
    head, _, tail = name.rpartition(".p")
    return (folder == os.path.dirname(os.path.abspath(output)) and head == stem
            and tail.endswith(".html") and tail[:-5].isdigit())


def plan_parts(readable: list, anchors: dict, output: str, page_size: int):
    """(path → link target of its details, [part]) for readable [(path,
    issuer, year)] in page order. Targets are anchors (`r5`) when all fits
    on one page, else `audit.p1.html#r5`; no parts then."""
    if len(readable) <= page_size:
        return dict(anchors), []
    targets, parts = {}, []
    for start in range(0, len(readable), page_size):
        chunk = readable[start : start + page_size]
        name = part_name(output, len(parts) + 1)
        for path, _, _ in chunk:
            targets[path] = f"{name}#{anchors[path]}"
        parts.append({
            "href": name,
            "first": start + 1,
            "last": start + len(chunk),
            "from": chunk[0][1] or "（未识别）",
            "to": chunk[-1][1] or "（未识别）",
            "paths": [path for path, _, _ in chunk],
        })
    return targets, parts


def write_parts(parts: list, meta: dict, output: str, details) -> None:
    """Each part's page; `details(path)` → (row, record) of one report, read
    back from the run folder as it is written (never all at once)."""
    folder = os.path.dirname(os.path.abspath(output))
    for part in parts:
        with atomic_file(os.path.join(folder, part["href"]), "w", encoding="utf-8") as out:
            page = HtmlWriter(out, output)
            page.begin_part(meta, part, os.path.basename(output))
            page.begin_reports()
            for path in part["paths"]:
                page.report(*details(path))
            page.finish_part()
