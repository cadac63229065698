"""Every 表三 and 表四 fact of the corpus HTML reports equals the published table.

The key figures are asserted here (corpus README); every cell was compared by
eye with the page once, and the whole extract output is held by a snapshot.
"""

import pytest

from govaudit import extract
from govaudit.data.keys import T3_COLUMNS, T3_LEGAL_COLUMNS
from govaudit.output.extract_output import extraction_json
from tests.conftest import corpus_file

HTML = ["pingtan-2019.html", "pingtan-2023.html", "pingtan-2024.html", "pingtan-2025.html", "shanghai-bgt-2019.html", "shuyang-fgj-2023.html"]

# 一 新收, 二 上年结转, (七) 总计, 四 结转下年度 (total column); 表四 totals.
TOTALS = {
    "pingtan-2019.html": ((23, 0, 23, 0), (0, 0, 0)),
    "pingtan-2023.html": ((81, 0, 81, 0), (2, 5, 2)),
    "pingtan-2024.html": ((218, 0, 218, 0), (7, 0, 19)),
    "pingtan-2025.html": ((154, 0, 148, 6), (36, 6, 3)),
    "shanghai-bgt-2019.html": ((859, 18, 805, 72), (7, 9, None)),
    "shuyang-fgj-2023.html": ((26, 0, 26, 0), (1, 0, 0)),
}


def table_facts(name):
    result = extract(corpus_file(name))
    return result, {f.key: f for f in result.facts if f.source == "table"}


@pytest.mark.parametrize("name", HTML)
def test_key_figures(name):
    result, facts = table_facts(name)
    t3, t4 = TOTALS[name]
    rows = ("new_received", "carried_over", "total_processed", "carried_forward")
    assert tuple(facts[f"t3.{r}.total"].value for r in rows) == t3
    assert tuple(facts[f"t4.{g}.total"].value for g in ("review", "suit_direct", "suit_after_review")) == t4
    assert [s.number for s in result.segmentation.sections] == list("一二三四五六")


@pytest.mark.parametrize("name", HTML)
def test_every_cell_read(name):
    result, facts = table_facts(name)
    n_rows = 23 if result.t3_other_rows == 1 else 25
    assert len([k for k in facts if k.startswith("t3.")]) == n_rows * 7
    assert len([k for k in facts if k.startswith("t4.")]) == 15
    assert result.notes == []


def test_shuyang_blank_legal_columns_stay_blank():
    _, facts = table_facts("shuyang-fgj-2023.html")
    legal = [f for k, f in facts.items() if k.startswith("t3.") and k.rsplit(".", 1)[1] in T3_LEGAL_COLUMNS]
    assert len(legal) == 25 * 5 and all(f.blank and f.value is None for f in legal)
    assert facts["t3.new_received.natural_person"].value == 26 and not facts["t3.new_received.natural_person"].blank
    assert facts["t4.review.pending"].value == 1


def test_shanghai_blank_total_column_stays_blank():
    _, facts = table_facts("shanghai-bgt-2019.html")
    totals = {k.split(".", 1)[1].rsplit(".", 1)[0]: f for k, f in facts.items() if k.startswith("t3.") and k.endswith(".total")}
    filled = {k for k, f in totals.items() if not f.blank}
    assert filled == {"new_received", "carried_over", "total_processed", "carried_forward"}
    assert facts["t3.granted.natural_person"].value == 258
    assert facts["t3.withheld.prohibited_by_law.natural_person"].blank
    # The six applicant columns balance: 859 + 18 = 805 + 72 column by column.
    for col in T3_COLUMNS[:-1]:
        value = lambda row: facts[f"t3.{row}.{col}"].value or 0
        assert value("new_received") + value("carried_over") == value("total_processed") + value("carried_forward")


def test_pingtan_2019_table2_uses_2019_layout():
    result, facts = table_facts("pingtan-2019.html")
    assert result.segmentation.layout == "2019"
    assert facts["t2.procurement.projects"].value == 135
    assert str(facts["t2.procurement.amount"].value) == "75394432.52" and facts["t2.procurement.amount"].unit == "元"
    assert result.t3_other_rows == 1


def test_table_cells_are_located_in_the_html_source():
    result, facts = table_facts("pingtan-2025.html")
    fact = facts["t3.total_processed.total"]
    line = result.document.source_lines[fact.location.line - 1]
    assert line[fact.location.column - 1 :].startswith("<td")
    assert "148" in line[fact.location.column - 1 :][:400]


def _relative(data, path, name):
    if isinstance(data, dict):
        return {k: _relative(v, path, name) for k, v in data.items()}
    if isinstance(data, list):
        return [_relative(v, path, name) for v in data]
    return name if data == path else data


@pytest.mark.parametrize("name", HTML)
def test_whole_extract_snapshot(name, data_regression):
    path = corpus_file(name)
    data = extraction_json(extract(path))
    data_regression.check(_relative(data, str(path), name), basename=f"extract_{name.replace('.', '_')}")


@pytest.mark.parametrize("name", HTML)
def test_prose_figures_point_at_their_digits_in_the_html(name):
    # Figures inside markup-split paragraphs (<span>, <font>…) are located exactly.
    result = extract(corpus_file(name))
    prose = [f for f in result.facts if f.source == "text"]
    assert prose or name == "pingtan-2019.html"
    for fact in prose:
        line = result.document.source_lines[fact.location.line - 1]
        assert line[fact.location.column - 1 :].startswith(str(fact.value)), (fact.key, fact.location)


def test_prose_figures_after_character_references_point_at_their_digits(tmp_path):
    """A reference (&nbsp; &ldquo; &#65288; &amp;…) is one character in the
    text and several in the source: the columns of what follows it count
    the source's."""
    page = tmp_path / "refs.html"
    sentence = ("<p>&nbsp;&nbsp;2024年，本县共收到&ldquo;政府信息公开申请&rdquo;&#65288;含网络&#65289;&amp;信函 128件，"
                "办结&#x31;2件。</p>")
    page.write_text(f"<html><body>\n<p>&nbsp;一、总体情况</p>\n{sentence}\n</body></html>\n", encoding="utf-8")
    extraction = extract(page)
    found = {f.key: (f.value, f.location.line, f.location.column) for f in extraction.facts if f.source == "text"}
    line = page.read_text(encoding="utf-8").splitlines()[2]
    assert found["summary.received"] == (128, 3, line.index("128") + 1)
    assert found["summary.processed"] == (12, 3, line.index("&#x31;2") + 1)  # its first digit is the reference
    heading = extraction.segmentation.sections[0].location
    assert (heading.line, heading.column, heading.end_column) == (2, 10, 16)  # 一、总体情况, after the &nbsp;


def test_a_sentence_before_table_three_does_not_hide_its_figures(tmp_path):
    """本年度新收到申请9件 stated before 表三 is a text fact; the table's own 新收
    (6) is still read, so the two can be compared."""
    report = tmp_path / "r.md"
    report.write_text(
        "示例县人民政府2024年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度办理政府信息公开申请。\n\n"
        "三、收到和处理政府信息公开申请情况\n\n本年度新收到申请9件。\n\n"
        "| 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 "
        "| 法律服务机构 | 其他 | 总计 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| 一、本年新收政府信息公开申请数量 | | 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n",
        encoding="utf-8",
    )
    facts = extract(report).facts
    assert sorted((f.source, f.value) for f in facts if f.key == "t3.new_received.total") == [("table", 6), ("text", 9)]


def test_a_paragraph_indented_with_em_spaces_starts_at_its_first_character(tmp_path):
    from govaudit.load import load

    page = tmp_path / "p.html"
    page.write_text("<html><body>\n<p>&emsp;&emsp;\u2002正文内容</p>\n</body></html>\n", encoding="utf-8")
    [paragraph] = load(str(page)).paragraphs
    line = page.read_text(encoding="utf-8").splitlines()[1]
    assert paragraph.text == "正文内容"
    assert (paragraph.location.line, paragraph.location.column) == (2, line.index("正") + 1)
