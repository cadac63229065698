"""The corpus HTML reports rendered to PDF by LibreOffice read as the HTML does.

Another producer than the office suite the corpus PDFs come from: tables
run over two and three pages, rules around blank cells, header cells
wrapped over lines. Rendered on A4 as it comes (portrait; 表四 and a wide
表三 may not fit, and what falls off the page is not read) and on a
landscape page: every 表三/表四 fact of the landscape rendering equals the
HTML's and so are the table checks' findings; the portrait one never has
a wrong value nor an arithmetic error the HTML does not have.

Needs LibreOffice (`soffice`; Debian's libreoffice-writer-nogui) and CJK
fonts (fonts-noto-cjk); .ci/run installs both.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from govaudit.api import audit
from tests.conftest import CORPUS

pytest.importorskip("pypdfium2")
pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LANDSCAPE = "<style>@page { size: 29.7cm 21cm; margin: 1.5cm }</style>"
TABLE_RULES = ("GA2", "GA3", "GA5")  # 表三, 表四 and the checks across them


def _reports() -> list:
    return sorted(CORPUS.glob("*.html")) if CORPUS.is_dir() else []


def _render(sources: list, out_dir, profile) -> None:
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--infilter=HTML (StarWriter)",
         "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, sources)],
        check=True, capture_output=True, timeout=600,
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) 未安装：无法把 HTML 报告转成 PDF（Debian: apt-get install libreoffice-writer-nogui fonts-noto-cjk）")
    reports = _reports()
    if not reports:
        pytest.skip(f"语料库不存在或没有 HTML 报告：{CORPUS}")
    base = tmp_path_factory.mktemp("lo")
    portrait, landscape, wide_src = base / "portrait", base / "landscape", base / "src"
    for d in (portrait, landscape, wide_src):
        d.mkdir()
    for report in reports:
        html = report.read_text(encoding="utf-8", errors="replace")
        at = html.lower().find("<head>")
        html = html[: at + 6] + LANDSCAPE + html[at + 6 :] if at >= 0 else LANDSCAPE + html
        (wide_src / report.name).write_text(html, encoding="utf-8")
    _render(reports, portrait, base / "profile")
    _render(sorted(wide_src.glob("*.html")), landscape, base / "profile")
    return {r.stem: (r, portrait / f"{r.stem}.pdf", landscape / f"{r.stem}.pdf") for r in reports}


def _table_facts(result) -> dict:
    facts: dict = {}
    for f in result.facts:
        if f.source == "table" and f.key.startswith(("t3.", "t4.")):
            facts.setdefault(f.key, []).append((f.value, f.blank))
    return facts


def _arithmetic(result, severities=("error", "warning", "info")) -> list:
    return sorted((f.rule, f.severity, f.message) for f in result.findings if f.rule.startswith(TABLE_RULES) and f.severity in severities)


@pytest.mark.parametrize("name", [p.stem for p in _reports()] or ["(no corpus)"])
def test_libreoffice_pdf_reads_as_the_html(rendered, name):
    html, portrait, landscape = rendered[name]
    want = audit(html)
    want_facts = _table_facts(want)
    assert want_facts, "the HTML report has 表三/表四 facts"

    wide = audit(landscape)
    assert _table_facts(wide) == want_facts
    assert _arithmetic(wide) == _arithmetic(want)

    narrow = audit(portrait)
    got = _table_facts(narrow)
    wrong = {k: (v, want_facts.get(k)) for k, v in got.items() if want_facts.get(k) != v}
    assert wrong == {}, "a figure read from the portrait PDF differs from the HTML"
    # What fell off the page is said to be unread (info), never an error.
    assert _arithmetic(narrow, ("error",)) == _arithmetic(want, ("error",))
