"""The annotated page of each report beside the summary (`audit.reports/`):
written by the workers after the cross-year check, linked from the row of
the HTML table, the CSV (标注页) and the XLSX (a hyperlink)."""

from __future__ import annotations

import csv
import html
import re
import urllib.parse

import pytest

from tests.scale_reports import generate


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    from govaudit.summary.run import run_summary

    tmp = tmp_path_factory.mktemp("pages")
    reports = tmp / "reports"
    generate(reports, 4)  # two issuers, 2023 and 2024 each
    # Written inside the folder audited: a second run must not take the pages for reports.
    out = reports / "audit.html"
    stats = run_summary([reports], str(out), csv_path=str(tmp / "t.csv"), xlsx_path=str(tmp / "t.xlsx"), jobs=2, show_progress=False)
    assert (stats.reports, stats.chained) == (4, 2)
    rows = list(csv.DictReader((tmp / "t.csv").read_bytes().decode("utf-8-sig").splitlines()))
    return reports, out, tmp, rows


def _page(reports, href):
    assert href.startswith("audit.reports/") and "/" not in href[len("audit.reports/"):]
    return reports / urllib.parse.unquote(href)


def test_every_report_has_its_page_with_the_cross_year_findings(summary):
    reports, out, tmp, rows = summary
    assert len(rows) == 4
    pages = {r["文件"]: r["标注页"] for r in rows}
    assert len(set(pages.values())) == 4
    for path, href in pages.items():
        text = _page(reports, href).read_text(encoding="utf-8")
        assert "<title>报告审核：" in text and html.escape(path) in text
        # GA502 (carried-over figure against last year's) is a cross-year finding: only on the page
        # written after the chained audit, so on the 2024 pages and never on the 2023 ones.
        assert ("GA502" in text) == ("2024年" in path), path
    assert sorted(p.name for p in (reports / "audit.reports").iterdir()) == sorted(urllib.parse.unquote(h).split("/")[1] for h in pages.values())


def test_the_html_row_and_the_xlsx_row_link_to_the_same_page(summary):
    openpyxl = pytest.importorskip("openpyxl")
    reports, out, tmp, rows = summary
    page = out.read_text(encoding="utf-8")
    expected = {r["标注页"] for r in rows}
    in_rows = set()
    for tr in re.findall(r'<tr data-target="r\d+".*?</tr>', page, re.S):
        links = re.findall(r'<a class="page-link" href="([^"]+)">查看</a>', tr)
        assert len(links) == 1, tr[:200]
        in_rows.add(html.unescape(links[0]))
    assert in_rows == expected
    sheet = openpyxl.load_workbook(tmp / "t.xlsx")["汇总"]
    header = [c.value for c in sheet[1]]
    column = header.index("标注页")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == expected
    assert all(c.hyperlink is not None and c.hyperlink.target == c.value for c in cells)


def test_a_second_run_does_not_audit_the_pages_of_the_first(summary):
    from govaudit.summary.run import run_summary

    reports, out, tmp, rows = summary
    stats = run_summary([reports], str(out), jobs=1, show_progress=False)
    assert (stats.reports, stats.failed, stats.skipped) == (4, [], 0)


def test_a_page_that_cannot_be_drawn_costs_the_page_not_the_audit(tmp_path, monkeypatch):
    from govaudit.output import annotated
    from govaudit.summary.run import run_summary

    def broken(result, rules=None):
        raise ValueError("坏了")

    monkeypatch.setattr(annotated, "render_annotated", broken)
    reports = tmp_path / "reports"
    generate(reports, 2)
    out = tmp_path / "audit.html"
    stats = run_summary([reports], str(out), csv_path=str(tmp_path / "t.csv"), jobs=1, show_progress=False)
    assert (stats.reports, stats.failed) == (2, [])
    page = out.read_text(encoding="utf-8")
    assert page.count('<td class="muted" title="内部错误（请报告此问题）：ValueError: 坏了">（未生成）</td>') == 2
    rows = list(csv.DictReader((tmp_path / "t.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert [r["标注页"] for r in rows] == ["", ""]
