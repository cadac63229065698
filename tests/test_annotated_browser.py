"""The annotated page in headless Chromium (driven as in test_summary_browser):
no console error (a CSP refusal is one), no script of the report runs, every
mark is drawn (it has a size and a colour), a number leads to its note, and
each printed page carries the report's name."""

from __future__ import annotations

import base64
import os
import unicodedata
from pathlib import Path

import pytest

from govaudit import audit
from govaudit.lint.config import Config
from govaudit.output.annotated import render_annotated
from tests.test_annotated import EXAMPLE_MD, HOSTILE
from tests.test_summary_browser import Browser, chromium_path, cjk_glyphs, console_errors, evaluate, open_page

# Every element carrying a finding's number: its box and how it stands out.
DRAWN = """Array.from(document.querySelectorAll('[data-f]')).map(el => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return {tag: el.tagName, f: el.dataset.f, w: r.width, h: r.height, bg: s.backgroundColor, border: s.borderLeftWidth,
          shadow: s.boxShadow, hidden: s.visibility !== 'visible' || s.display === 'none'};
})"""


def _plain(style: dict) -> bool:
    return style["bg"] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") and style["border"] in ("0px", "") and style["shadow"] == "none"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("annotated")
    source = EXAMPLE_MD.read_text(encoding="utf-8").replace("| （一）予以公开 | （一）予以公开 | 58 |", "| （一）予以公开 | （一）予以公开 | 60 |")
    (tmp / "示例县.md").write_text(source, encoding="utf-8")
    (tmp / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    out = {}
    for name in ("示例县.md", "hostile.md"):
        page = tmp / (name + ".html")
        page.write_text(render_annotated(audit(str(tmp / name), config=Config(min_confidence="R"))), encoding="utf-8")
        out[name] = page
    return out


def _shot(browser, session, name: str, tmp_path: Path) -> bytes:
    png = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"])
    folder = os.environ.get("GOVAUDIT_SCREENSHOT_DIR")
    (Path(folder) if folder else tmp_path).joinpath(name).write_bytes(png)
    return png


def test_marks_are_drawn_and_lead_to_their_notes(pages, tmp_path):
    browser = Browser(chromium_path(), tmp_path / "profile")
    try:
        session = open_page(browser, pages["示例县.md"].resolve().as_uri())
        assert evaluate(browser, session, "document.title") == "报告审核：示例县人民政府2024年政府信息公开工作年度报告"
        drawn = evaluate(browser, session, DRAWN)
        assert len(drawn) == 9  # 8 marks (the 统计期限 sentence … the 表四 total) and the 第六部分 heading
        for style in drawn:
            assert style["w"] > 0 and style["h"] > 0 and not style["hidden"], style
            assert not _plain(style), style
        suspect = evaluate(
            browser,
            session,
            "(() => { const td = document.querySelector('td.suspect'); const s = td.querySelector('.should');"
            " return [s.textContent, s.getBoundingClientRect().height > 0, getComputedStyle(td).boxShadow !== 'none']; })()",
        )
        assert suspect == ["应为 58", True, True]
        _shot(browser, session, "annotated-top.png", tmp_path)

        # a number beside a mark opens its note: the note is the :target and in view
        target = evaluate(
            browser,
            session,
            "(() => { const a = document.querySelector('td a.badge'); a.click(); const note = document.querySelector(location.hash);"
            " const r = note.getBoundingClientRect(); return [location.hash === a.getAttribute('href'), note.matches(':target'),"
            " r.top >= 0 && r.top < innerHeight, getComputedStyle(note).outlineStyle]; })()",
        )
        assert target == [True, True, True, "solid"]
        png = _shot(browser, session, "annotated-table.png", tmp_path)
        assert len(png) > 20_000

        glyphs, fonts = cjk_glyphs(browser, session, "mark[data-f]")
        assert glyphs >= 10, f"no CJK font (install fonts-noto-cjk): {fonts}"
        assert console_errors(browser) == []
    finally:
        browser.close()


def test_a_hostile_report_runs_nothing(pages, tmp_path):
    browser = Browser(chromium_path(), tmp_path / "profile")
    try:
        session = open_page(browser, pages["hostile.md"].resolve().as_uri())
        assert evaluate(browser, session, "typeof window.pwned") == "undefined"
        assert evaluate(browser, session, "document.scripts.length") == 0
        assert evaluate(browser, session, "document.images.length") == 0
        assert evaluate(browser, session, "getComputedStyle(document.body).display") == "block"
        assert all(style["w"] > 0 for style in evaluate(browser, session, DRAWN))
        _shot(browser, session, "annotated-hostile.png", tmp_path)
        assert console_errors(browser) == []
    finally:
        browser.close()


def test_every_printed_page_names_the_report(pages, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")  # a dependency of govaudit[pdf], installed by [test]
    browser = Browser(chromium_path(), tmp_path / "profile")
    try:
        session = open_page(browser, pages["示例县.md"].resolve().as_uri())
        pdf = browser.send("Page.printToPDF", {"preferCSSPageSize": True}, session=session, timeout=60)
        data = base64.b64decode(pdf["data"])
        assert console_errors(browser) == []
    finally:
        browser.close()
    doc = pdfium.PdfDocument(data)
    try:
        texts = [_plain_text(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()
    assert len(texts) >= 3
    name = _plain_text("报告审核：示例县人民政府2024年政府信息公开工作年度报告（示例县.md）")
    for i, text in enumerate(texts, 1):
        assert name in text, (i, text[:200])
        assert f"{i}/{len(texts)}" in text


def _plain_text(text: str) -> str:
    """The CJK font's ToUnicode gives some characters as radicals (⽰ for 示,
    ⺠ for 民): NFKC maps the Kangxi ones back, the supplement's one by hand."""
    return unicodedata.normalize("NFKC", text).replace("⺠", "民").replace(" ", "")
