"""Every finding carries what it rests on (evidence) and a place a person can
find (finding.where()); the terminal shows source text for every format."""

import re

import pytest

from govaudit.api import audit
from govaudit.lint.config import Config
from govaudit.output.text import render_text

from tests.conftest import CORPUS

ALL = Config(min_confidence="H")  # every rule, the inferred ones too
# Last year's report of the same issuer: the cross-year rules (GA502, GA503) run too.
PREVIOUS = {"pingtan-2023.html": "pingtan-2019.html", "pingtan-2024.html": "pingtan-2023.html",
            "pingtan-2025.html": "pingtan-2024.html", "hongze-2024.pdf": "hongze-2023.pdf"}
SOURCE_PLACE = re.compile(r"第\d+行第\d+列$|表\d+\[")  # a source line/column or a table's order in the file


def corpus_reports():
    if not CORPUS.is_dir():
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.name != "README.md")


@pytest.mark.parametrize("name", corpus_reports())
def test_every_corpus_finding_has_evidence_and_a_human_place(corpus, name):
    previous = PREVIOUS.get(name)
    result = audit(str(corpus(name)), previous=str(corpus(previous)) if previous else None, config=ALL)
    assert result.findings
    for finding in result.findings:
        assert finding.evidence and finding.evidence.strip(), (finding.rule, finding.message)
        where = finding.where()
        assert where and not SOURCE_PLACE.search(where), (finding.rule, where)


def test_section_rules_quote_the_heading_and_the_text_searched(corpus):
    result = audit(str(corpus("hongze-2023.pdf")), config=ALL)
    ga608 = next(f for f in result.findings if f.rule == "GA608")
    assert ga608.evidence.startswith("第五部分“存在的主要问题及改进情况”：2023年，洪泽区政府信息公开工作取得一定的成效")
    assert ga608.evidence.endswith("……") and len(ga608.evidence) == len("第五部分“存在的主要问题及改进情况”：") + 80 + 2
    ga301 = [f for f in result.findings if f.rule == "GA301"]
    assert ga301[0].evidence == ("表四“行政复议”行“总计”列：0；表四“行政复议”行“结果维持”列：10；表四“行政复议”行“结果纠正”列：1；"
                                 "表四“行政复议”行“其他结果”列：0；表四“行政复议”行“尚未审结”列：0")


def test_a_pdf_table_is_named_by_its_own_name_not_its_order_in_the_file(corpus):
    result = audit(str(corpus("hongze-2023.pdf")), config=ALL)
    ga108 = next(f for f in result.findings if f.rule == "GA108")
    assert ga108.location.table == 2  # the second table in the file …
    assert ga108.where() == "第4页 表三“（六）其他处理”行“自然人”列"  # … is 表三, its row and column by their labels
    assert [f.where() for f in result.findings if f.rule == "GA301"] == ["第4页 表四“行政复议”行“总计”列", "第4页 表四“复议后起诉”行“总计”列"]


def test_prose_equations_quote_every_figure(corpus):
    result = audit(str(corpus("hubei-2019.txt")), config=ALL)
    ga201 = next(f for f in result.findings if f.rule == "GA201")
    assert ga201.evidence == "全省本年度新收到政府信息公开申请9378份；上年结转139份；全年办结9355份；结转下年办理159份"


def test_cross_year_similarity_quotes_both_years(corpus):
    result = audit(str(corpus("pingtan-2024.html")), previous=str(corpus("pingtan-2023.html")), config=ALL)
    for finding in (f for f in result.findings if f.rule == "GA503"):
        assert finding.evidence.startswith("本年：") and "；2023年报告：" in finding.evidence


def test_the_terminal_shows_place_and_evidence_for_pdf_findings(corpus):
    result = audit(str(corpus("hongze-2023.pdf")), config=ALL)
    text = render_text([result])
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if " GA301 [error] 表四“行政复议”" in line)
    assert lines[i].startswith(str(corpus("hongze-2023.pdf")) + ":p4:表3[4,5]: ")  # the editor's prefix stays
    assert lines[i + 1] == "  = 位置：第4页 表四“行政复议”行“总计”列"
    assert lines[i + 2].startswith("  = 原文：表四“行政复议”行“总计”列：0；表四“行政复议”行“结果维持”列：10；")


def test_html_findings_keep_their_source_line_in_the_terminal(corpus):
    result = audit(str(corpus("pingtan-2019.html")))
    lines = render_text([result]).splitlines()
    assert re.match(r".*pingtan-2019\.html:\d+:\d+: GA", lines[0])
    assert lines[1].endswith(" |") and " | " in lines[2]  # the source line, ruff style


T4 = """四、政府信息公开行政复议、行政诉讼情况

| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 2 | 1 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_word_findings_name_the_table_by_its_own_name_and_show_evidence(tmp_path):
    from govaudit.api import extract
    from tests.docx_builder import build_docx
    from tests.test_holes import t3

    markdown = tmp_path / "示例县.md"
    markdown.write_text(t3() + "\n" + T4, encoding="utf-8")
    word = build_docx(extract(str(markdown)).document, tmp_path / "示例县.docx")
    result = audit(str(word), config=Config(select=["GA301", "GA606"]))
    ga301 = next(f for f in result.findings if f.rule == "GA301")
    assert ga301.location.table == 2  # the second table of the file is 表四
    assert ga301.where() == "表四“行政复议”行“总计”列"
    lines = render_text([result]).splitlines()
    i = next(i for i, line in enumerate(lines) if " GA301 [error] " in line)
    assert lines[i + 1:i + 3] == [
        "  = 位置：表四“行政复议”行“总计”列",
        "  = 原文：表四“行政复议”行“总计”列：2；表四“行政复议”行“结果维持”列：2；表四“行政复议”行“结果纠正”列：1；"
        "表四“行政复议”行“其他结果”列：0；表四“行政复议”行“尚未审结”列：0",
    ]
