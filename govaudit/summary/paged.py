"""A summary of many reports on pages of bounded size.

Up to `page_size` reports everything is on one page, as before. Past it:

- `audit.p1.html`, `audit.p2.html`, …: each a whole summary page of at most
  `page_size` reports, in the table's order: their table (sort, filter), the
  charts and common problems of its reports (following the filter on that
  page), the cross-year chains of the issuers on it, and the reports' details.
- `audit.u1.html`, …: the files that could not be read or were skipped,
  `page_size` to a page, when there are more than that (else on the index).
- `audit.html`, the index: the charts and common problems over all reports
  (drawn once, not following a filter: the filter works on each page), one
  row per page (its reports, issuers from–to, errors, scores), the scoring model.

So every page holds at most `page_size` reports; the index grows by one row
(about 0.4 kB) per page, i.e. per `page_size` reports. Only one page's
rows are in memory at a time; each report's record is read back from the
run folder when its details are written.
"""

from __future__ import annotations

import os
import re

from ..output.write import atomic_file
from .html import HtmlWriter, esc
from .tally import Tally

PAGE_SIZE = 500  # reports per page: about 2.7 MB at about 5.3 kB each (row and details)


def part_name(output: str, k: int, kind: str = "p") -> str:
    """`kind`: p for a page of reports, u for a page of unreadable files."""
    stem = os.path.splitext(os.path.basename(output))[0]
    return f"{stem}.{kind}{k}.html"


def is_part_page(path: str, output: str) -> bool:
    """Whether `path` is one of our own pages (not a report to audit)."""
    folder, name = os.path.split(os.path.abspath(path))
    stem = os.path.splitext(os.path.basename(output))[0]
    return folder == os.path.dirname(os.path.abspath(output)) and re.fullmatch(re.escape(stem) + r"\.[pu]\d+\.html", name) is not None


def plan_parts(n: int, output: str, page_size: int) -> list[dict]:
    """The pages of `n` reports in table order, each {href, first, last} (places
    from 1); none when all fit on one page."""
    if n <= page_size:
        return []
    return [{"href": part_name(output, k + 1), "first": start + 1, "last": min(n, start + page_size)}
            for k, start in enumerate(range(0, n, page_size))]


def target_of(n: int, output: str, page_size: int):
    """place → the link target of the details of the report there: an anchor
    (`r5`) when all fits on one page, else `audit.p1.html#r5`."""
    if n <= page_size:
        return lambda place: f"r{place}"
    return lambda place: f"{part_name(output, (place - 1) // page_size + 1)}#r{place}"


def write_parts(parts: list, meta: dict, output: str, rows, record, chains, rules: dict) -> list[dict]:
    """Each page of reports. `rows(first, last)` yields (row, record) of the
    reports of those places in turn, read back from the run folder (and fed
    to the tables and the overall counts on the way); `record(path)` reads
    one back again for its details; `chains(first, last)` → (chains, merged
    names) of the issuers of those reports. Returns each page's summary for the index."""
    folder = os.path.dirname(os.path.abspath(output))
    index = os.path.basename(output)
    summaries = []
    for k, part in enumerate(parts):
        tally = Tally()
        table = []  # one page's rows (about 2 kB each); records are read again for the details
        for row, found in rows(part["first"], part["last"]):
            tally.add(row, found["findings"])
            table.append(row)
        pager = {
            "here": part["href"], "index": index, "number": k + 1, "pages": len(parts), "first": part["first"], "last": part["last"],
            "prev": parts[k - 1]["href"] if k else None, "next": parts[k + 1]["href"] if k + 1 < len(parts) else None,
        }
        with atomic_file(os.path.join(folder, part["href"]), "w", encoding="utf-8") as out:
            page = HtmlWriter(out, output)
            page.begin(meta, pager)
            for row in table:
                page.row(row)
            page.end_table()
            page.frequent(tally.frequent(rules), "本页报告的问题数和涉及报告数，随本页汇总表的筛选变化。")
            page.chains(*chains(part["first"], part["last"]))
            page.begin_reports()
            for row in table:
                page.report(row, record(row["path"]))
            page.finish()
        summaries.append({**pager, "tally": tally})
    return summaries


def write_unreadable(failed: list, skipped: list, output: str, meta: dict, page_size: int) -> list[dict]:
    """The unreadable and skipped files on pages of their own when there are
    more than `page_size`; [] when they fit on the index."""
    entries = [("failed", f) for f in failed] + [("skipped", s) for s in skipped]
    if len(entries) <= page_size:
        return []
    folder = os.path.dirname(os.path.abspath(output))
    index = os.path.basename(output)
    pages = []
    for start in range(0, len(entries), page_size):
        chunk = entries[start : start + page_size]
        name = part_name(output, len(pages) + 1, "u")
        title = f"{meta['title']}：无法读取和跳过的文件（第 {start + 1}–{start + len(chunk)} 个）"
        with atomic_file(os.path.join(folder, name), "w", encoding="utf-8") as out:
            page = HtmlWriter(out, output)
            page.head(title)
            page.w(f'<p class="sub"><a href="{esc(index)}">返回索引页</a></p>\n</header>\n<main>\n')
            page.unreadable([e for kind, e in chunk if kind == "failed"], [e for kind, e in chunk if kind == "skipped"])
            page.w("</main>\n</body>\n</html>\n")
        pages.append({"href": name, "first": start + 1, "last": start + len(chunk)})
    return pages
