"""The summary past `page_size` reports: the table, charts and overviews on
`audit.html`, each report's details on one of `audit.p1.html`, … (at most
`page_size` each), every link from the table landing on its report."""

from __future__ import annotations

import html
import re

import pytest

from tests.scale_reports import generate

N = 10


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    from govaudit.summary.run import run_summary

    tmp = tmp_path_factory.mktemp("paged")
    reports = tmp / "reports"
    generate(reports, N)
    out = reports / "audit.html"  # inside the folder audited: the pages of details are not reports
    stats = run_summary([reports], str(out), jobs=2, show_progress=False, page_size=4)
    assert stats.reports == N and stats.failed == []
    return reports, out


def _articles(text: str) -> list[str]:
    return re.findall(r'<article class="report" id="(r\d+)">', text)


def test_details_are_split_into_pages_of_at_most_page_size_reports(paged):
    reports, out = paged
    index = out.read_text(encoding="utf-8")
    assert _articles(index) == []
    assert sorted(p.name for p in reports.glob("audit.p*.html")) == ["audit.p1.html", "audit.p2.html", "audit.p3.html"]
    parts = {p.name: p.read_text(encoding="utf-8") for p in reports.glob("audit.p*.html")}
    assert [len(_articles(parts[f"audit.p{k}.html"])) for k in (1, 2, 3)] == [4, 4, 2]
    assert sum((_articles(parts[k]) for k in sorted(parts)), []) == [f"r{i}" for i in range(1, N + 1)]
    # The index lists the pages, in order, with the reports' numbers.
    listed = re.findall(r'<li><a href="(audit\.p\d\.html)">第 (\d+)–(\d+) 份</a>', index)
    assert listed == [("audit.p1.html", "1", "4"), ("audit.p2.html", "5", "8"), ("audit.p3.html", "9", "10")]
    for text in parts.values():
        assert "<script>" not in text and 'href="audit.html#summary"' in text


def test_every_link_to_a_report_lands_on_its_details(paged):
    reports, out = paged
    index = out.read_text(encoding="utf-8")
    where = {}
    for p in reports.glob("audit.p*.html"):
        for a in _articles(p.read_text(encoding="utf-8")):
            where[a] = p.name
    rows = re.findall(r'<tr data-target="(r\d+)"[^>]* data-href="([^"]+)"><td><a href="([^"]+)">', index)
    assert len(rows) == N
    for anchor, data_href, link in rows:
        assert html.unescape(data_href) == html.unescape(link) == f"{where[anchor]}#{anchor}"
    # The chains and the previous-year links go across pages too.
    chain_links = re.findall(r'<a href="(audit\.p\d\.html)#(r\d+)">20\d\d</a>', index)
    assert len(chain_links) == N and all(where[a] == page for page, a in chain_links)
    for p in reports.glob("audit.p*.html"):
        for page, a in re.findall(r'上一年度报告：<a href="(?:(audit\.p\d\.html))?#(r\d+)"', p.read_text(encoding="utf-8")):
            assert where[a] == (page or p.name)


def test_up_to_page_size_everything_stays_on_one_page(tmp_path):
    from govaudit.summary.run import run_summary

    reports = tmp_path / "reports"
    generate(reports, 4)
    out = tmp_path / "audit.html"
    run_summary([reports], str(out), jobs=1, show_progress=False, page_size=4)
    assert len(_articles(out.read_text(encoding="utf-8"))) == 4
    assert list(tmp_path.glob("audit.p*.html")) == []


def test_a_click_on_a_row_opens_its_details_on_their_page(paged, tmp_path):
    from tests.test_summary_browser import Browser, chromium_path, console_errors, evaluate, open_page

    reports, out = paged
    browser = Browser(chromium_path(), tmp_path / "profile")
    try:
        session = open_page(browser, out.resolve().as_uri())
        evaluate(browser, session, "document.querySelector('tr[data-target=r6] td:nth-child(5)').click()")
        browser.wait_event("Page.loadEventFired")
        assert evaluate(browser, session, "location.href") == (reports / "audit.p2.html").resolve().as_uri() + "#r6"
        assert evaluate(browser, session, "document.getElementById('r6').tagName") == "ARTICLE"
        assert console_errors(browser) == []
    finally:
        browser.close()
