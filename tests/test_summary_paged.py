"""The summary past `page_size` reports: pages `audit.p1.html`, … of at most
`page_size` reports each (their table, charts, common problems, chains and
details), unreadable files on `audit.u1.html`, … when many, and `audit.html`
an index of one row per page with the charts over all reports. Every page is
bounded in size whatever the number of reports; every report is on exactly
one page; every link to a report lands on it."""

from __future__ import annotations

import csv
import html
import re

import pytest

from tests.scale_reports import generate

PAGE = 4


def _summary(tmp, n: int, unreadable: int = 0):
    from govaudit.summary.run import run_summary

    reports = tmp / "reports"
    generate(reports, n)
    for i in range(unreadable):
        (reports / f"说明{i}.txt").write_text("这不是年度报告，只是一段说明。\n", encoding="utf-8")
    out = reports / "audit.html"  # inside the folder audited: our own pages are not reports
    stats = run_summary([reports], str(out), csv_path=str(tmp / "t.csv"), jobs=2, show_progress=False, page_size=PAGE)
    assert stats.reports == n and len(stats.failed) == unreadable
    return reports, out


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    return _summary(tmp_path_factory.mktemp("paged"), 10)


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """The same kind of reports at 12 and at 24: what grows with the number of reports."""
    return {n: _summary(tmp_path_factory.mktemp(f"paged{n}"), n, unreadable=n // 2) for n in (12, 24)}


def _articles(text: str) -> list[str]:
    return re.findall(r'<article class="report" id="(r\d+)">', text)


def _row_paths(text: str) -> list[str]:
    """The file of each row of the table of reports (its last cell's title)."""
    body = text.split('<table id="summary-table">', 1)[1].split("</table>", 1)[0] if 'id="summary-table"' in text else ""
    return [html.unescape(p) for p in re.findall(r'<td class="muted" title="([^"]*)">[^<]*</td></tr>', body)]


def _pages(reports) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(reports.glob("audit.p*.html"))}


def test_reports_are_split_into_pages_of_at_most_page_size_each_on_exactly_one(paged, tmp_path):
    reports, out = paged
    index = out.read_text(encoding="utf-8")
    pages = _pages(reports)
    assert list(pages) == ["audit.p1.html", "audit.p2.html", "audit.p3.html"]
    assert [len(_articles(pages[f"audit.p{k}.html"])) for k in (1, 2, 3)] == [4, 4, 2]
    assert [len(_row_paths(pages[f"audit.p{k}.html"])) for k in (1, 2, 3)] == [4, 4, 2]
    assert sum((_articles(pages[k]) for k in pages), []) == [f"r{i}" for i in range(1, 11)]
    # Every report (by its file) is a row on exactly one page: the pages together are the whole table.
    rows = sum((_row_paths(text) for text in pages.values()), [])
    assert sorted(rows) == sorted(str(p) for p in reports.iterdir() if p.suffix in (".html", ".md") and not p.name.startswith("audit"))
    assert len(rows) == len(set(rows)) == 10
    # The index has no row and no details of a report: one row per page, in order, with the reports' numbers.
    assert _articles(index) == [] and _row_paths(index) == [] and "<script>" not in index
    listed = re.findall(r'<tr><td><a href="(audit\.p\d\.html)">第 (\d) 页</a></td><td>第 (\d+)–(\d+) 份</td>', index)
    assert listed == [("audit.p1.html", "1", "1", "4"), ("audit.p2.html", "2", "5", "8"), ("audit.p3.html", "3", "9", "10")]
    for name, text in pages.items():
        assert 'href="audit.html"' in text and "<script>" in text  # back to the index; its own table's script


def test_each_page_counts_its_own_reports_and_the_index_all(paged):
    reports, out = paged
    index = out.read_text(encoding="utf-8")
    pages = _pages(reports)
    # The fictional 2024 reports have 6 errors each (GA201 ×2, GA203, GA301, GA502, GA701), the 2023 ones none.
    totals = re.findall(r'<td class="n">(\d+)</td><td class="n">(\d+)</td><td class="n">(\d+)</td><td class="n">([\d.]+)</td><td class="n">(\d+)</td></tr>', index)
    assert totals == [("12", "2", "2", "66.5", "33"), ("12", "2", "2", "66.5", "33"), ("6", "1", "1", "66.5", "33")]
    # The index's charts are drawn over all 10 reports; the pages' charts by their script, from their own rows.
    score_chart = index.split('id="chart-score"', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'data-label="([^"]+)">(\d+)</text>', score_chart)[:1] == [("90–100", "5")]
    assert 'data-label="30–39">5<' in score_chart
    assert '<svg role="img" aria-label="得分分布（份）"></svg>' in pages["audit.p1.html"]
    # Common problems: over all reports on the index (GA201 twice in each of 5 reports), of the page's reports on a page.
    assert re.search(r'data-rule="GA201".*?<td class="n">10</td><td class="n">5</td>', index)
    assert re.search(r'data-rule="GA201".*?<td class="n">4</td><td class="n">2</td>', pages["audit.p1.html"])
    assert re.search(r'data-rule="GA201".*?<td class="n">2</td><td class="n">1</td>', pages["audit.p3.html"])
    # Chains: in numbers on the index, each issuer's years on the page of its reports.
    assert "同一机关有多个年度报告的：5 个机关；相邻年度已做跨年核对的报告 5 份。" in index
    assert [len(re.findall(r"<li>示例.县人民政府：", pages[f"audit.p{k}.html"])) for k in (1, 2, 3)] == [2, 2, 1]


def test_every_link_to_a_report_lands_on_its_details(paged):
    reports, out = paged
    pages = _pages(reports)
    where = {a: name for name, text in pages.items() for a in _articles(text)}
    for name, text in pages.items():
        rows = re.findall(r'<tr data-target="(r\d+)"[^>]*?( data-href="[^"]+")?><td><a href="([^"]+)">', text)
        assert rows
        for anchor, data_href, link in rows:
            assert where[anchor] == name  # a page's rows are its own reports
            assert link == f"#{anchor}" and data_href == ""  # so they link within the page
        # Chains and previous-year links: within the page, or to the page holding the report.
        for page, a in re.findall(r'<a href="(audit\.p\d\.html)?#(r\d+)">20\d\d</a>', text):
            assert where[a] == (page or name)
        for page, a in re.findall(r'上一年度报告：<a href="(audit\.p\d\.html)?#(r\d+)"', text):
            assert where[a] == (page or name)
    chain_links = sum((re.findall(r'<a href="(?:audit\.p\d\.html)?#(r\d+)">20\d\d</a>', t) for t in pages.values()), [])
    assert sorted(chain_links, key=lambda a: int(a[1:])) == [f"r{i}" for i in range(1, 11)]


def test_every_page_is_bounded_whatever_the_number_of_reports(twice):
    sizes = {}
    for n, (reports, out) in twice.items():
        parts = [len(p.read_bytes()) for p in reports.glob("audit.p*.html")]
        failed = [len(p.read_bytes()) for p in reports.glob("audit.u*.html")]
        assert len(parts) == n // PAGE and len(failed) == -(-(n // 2) // PAGE)
        sizes[n] = (max(parts), max(failed), len(out.read_bytes()))
    (part12, failed12, index12), (part24, failed24, index24) = sizes[12], sizes[24]
    # A page of reports: the page's own table, charts and details, nothing of the other pages.
    assert part24 <= part12 + 500 and part24 < 60_000
    assert failed24 <= failed12 + 500
    # The index: one row per page (3 pages more at 24 reports), nothing per report.
    assert 0 < index24 - index12 <= 3 * 500, (index12, index24)


def test_unreadable_files_past_page_size_are_on_pages_of_their_own(twice, tmp_path):
    reports, out = twice[24]
    index = out.read_text(encoding="utf-8")
    assert re.findall(r'<li><a href="(audit\.u\d\.html)">第 (\d+)–(\d+) 个</a></li>', index) == [
        ("audit.u1.html", "1", "4"), ("audit.u2.html", "5", "8"), ("audit.u3.html", "9", "12")]
    listed = []
    for name in ("audit.u1.html", "audit.u2.html", "audit.u3.html"):
        listed += re.findall(r"<tr><td><a href=\"[^\"]+\">([^<]+)</a></td><td>没有找到报告的任何部分", (reports / name).read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(str(reports / f"说明{i}.txt") for i in range(12))
    # The CSV still has every file, read or not, once.
    rows = list(csv.DictReader((reports.parent / "t.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == len({r["文件"] for r in rows}) == 36


def test_up_to_page_size_everything_stays_on_one_page(tmp_path):
    from govaudit.summary.run import run_summary

    reports = tmp_path / "reports"
    generate(reports, PAGE)
    out = tmp_path / "audit.html"
    run_summary([reports], str(out), jobs=1, show_progress=False, page_size=PAGE)
    assert len(_articles(out.read_text(encoding="utf-8"))) == PAGE
    assert list(tmp_path.glob("audit.[pu]*.html")) == []


def test_a_page_filters_sorts_and_redraws_its_charts_and_a_row_opens_its_report(paged, tmp_path):
    from tests.test_summary_browser import Browser, chromium_path, console_errors, evaluate, open_page

    reports, out = paged
    browser = Browser(chromium_path(), tmp_path / "profile")
    try:
        session = open_page(browser, out.resolve().as_uri())
        # The index: charts drawn over all reports, no script needed.
        assert evaluate(browser, session, "document.querySelectorAll('#chart-score rect').length") == 10
        assert evaluate(browser, session, "document.querySelector('#pages-table a').textContent") == "第 1 页"
        browser.events.clear()  # the index's own load event is not page 2's
        evaluate(browser, session, "document.querySelectorAll('#pages-table a')[1].click()")
        browser.wait_event("Page.loadEventFired")
        assert evaluate(browser, session, "location.href") == (reports / "audit.p2.html").resolve().as_uri()
        # On page 2: its 4 reports; the charts follow the filter (2024 only: 2 reports, both at 30–39).
        assert evaluate(browser, session, "document.getElementById('shown').textContent") == "4"
        evaluate(browser, session, "var f=document.getElementById('filter');f.value='2024';f.dispatchEvent(new Event('input'))")
        assert evaluate(browser, session, "document.getElementById('shown').textContent") == "2"
        bars = evaluate(browser, session, "Array.from(document.querySelectorAll('#chart-score text.v')).map(t=>t.getAttribute('data-label')+'='+t.textContent).filter(s=>!s.endsWith('=0'))")
        assert bars == ["30–39=2"]
        evaluate(browser, session, "document.querySelector('tr[data-target=r6] td:nth-child(5)').click()")
        assert evaluate(browser, session, "location.hash") == "#r6"
        assert evaluate(browser, session, "document.getElementById('r6').tagName") == "ARTICLE"
        assert console_errors(browser) == []
    finally:
        browser.close()
