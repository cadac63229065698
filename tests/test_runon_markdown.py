"""Run-on page text saved as Markdown (issue 12, form 1 in a .md file).

A crawler's text of an article page saved as .md: a `#` title line, then the
whole report on one line, headings inline, tables flattened. The Markdown
loader cuts it as the plain-text loader does (load/runon.py); the fictional
示例县 reports come from tests/test_runon.py's builder.
"""

from govaudit import audit
from tests.test_runon import run_on_report, table_facts

SECTIONS = [
    ("一", "总体情况"), ("二", "主动公开政府信息情况"), ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"), ("五", "存在的主要问题及改进情况"), ("六", "其他需要报告的事项"),
]


def as_markdown(text: str) -> str:
    """The page title as a Markdown heading, a blank line, the run-on article."""
    title, body = text.split("\n", 1)
    return f"# {title}\n\n{body}"


def write_both(tmp_path, text: str):
    txt, md = tmp_path / "示例县.txt", tmp_path / "示例县.md"
    txt.write_text(text, encoding="utf-8")
    md.write_text(as_markdown(text), encoding="utf-8")
    return txt, md


def facts_of(result):
    return {k: (f.value, f.blank, f.split_from_run, f.location.column) for k, f in table_facts(result.extraction, ("t2.", "t3.", "t4.")).items()}


def test_run_on_markdown_with_a_glued_table_reads_as_the_text_does(tmp_path):
    # 新收 3 (自然人 2, 商业企业 1), all granted; （七）总计 left at zero.
    rows = {0: [2, 1, 0, 0, 0, 0, 3], 2: [2, 1, 0, 0, 0, 0, 3], 23: [0] * 7}
    txt, md = write_both(tmp_path, run_on_report(rows, [1, 0, 0, 0, 1] + [0] * 10))
    got, want = audit(md), audit(txt)
    sections = got.extraction.segmentation.sections
    assert [(s.number, s.title, s.match) for s in sections] == [(n, t, "exact") for n, t in SECTIONS]
    line = md.read_text(encoding="utf-8").splitlines()[2]
    assert [(s.location.line, s.location.column) for s in sections] == [(3, line.index(f"{n}、{t}") + 1) for n, t in SECTIONS]
    assert got.extraction.tables == {"t2": [], "t3": [1], "t4": [2]}
    facts = table_facts(got.extraction)
    assert len(facts) == 175 + 15
    assert (facts["t3.new_received.natural_person"].value, facts["t3.new_received.commercial"].value) == (2, 1)
    assert facts["t3.total_processed.total"].value == 0 and facts["t3.total_processed.total"].split_from_run
    assert facts["t4.review.upheld"].value == 1 and facts["t4.review.total"].value == 1
    # The same facts, at the same columns (a line further down), as from the .txt.
    assert facts_of(got) == facts_of(want)
    errors = [(f.rule, f.message) for f in got.findings if f.severity == "error"]
    assert ("GA201", "表三“总计”列：新收3 + 上年结转0 = 3，不等于 办结0 + 结转下年0 = 0（相差3）") in errors
    assert errors == [(f.rule, f.message) for f in want.findings if f.severity == "error"]
    assert not [f for f in got.findings if f.rule in ("GA100", "GA101", "GA109")]


def test_run_on_markdown_with_spaced_figures(tmp_path):
    rows = {0: [12, 1, 0, 0, 0, 0, 13], 2: [12, 1, 0, 0, 0, 0, 13], 23: [12, 1, 0, 0, 0, 0, 13]}
    txt, md = write_both(tmp_path, run_on_report(rows, [0] * 15, sep=" "))
    got = audit(md)
    assert [s.number for s in got.extraction.segmentation.sections] == list("一二三四五六")
    facts = table_facts(got.extraction)
    assert [facts[f"t3.new_received.{c}"].value for c in ("natural_person", "commercial", "total")] == [12, 1, 13]
    assert not any(f.split_from_run for f in facts.values())
    assert facts_of(got) == facts_of(audit(txt))
    assert not [f for f in got.findings if f.severity == "error" or f.rule in ("GA100", "GA101", "GA109")]


def test_run_on_markdown_without_a_table(tmp_path):
    text = (
        "示例县人民政府2024年政府信息公开工作年度报告\n"
        "一、总体情况2024年，示例县推进主动公开工作。二、主动公开政府信息情况本年度主动公开政府信息120条。"
        "三、收到和处理政府信息公开申请情况本年度未收到政府信息公开申请。四、政府信息公开行政复议、行政诉讼情况本年度未发生行政复议、行政诉讼。"
        "五、存在的主要问题及改进情况上年问题已整改。六、其他需要报告的事项本年度未收取信息处理费。\n"
    )
    md = tmp_path / "示例县.md"
    md.write_text(as_markdown(text), encoding="utf-8")
    result = audit(md)
    sections = result.extraction.segmentation.sections
    assert [(s.number, s.title) for s in sections] == SECTIONS
    assert result.extraction.tables == {"t2": [], "t3": [], "t4": []}
    paragraphs = [b.text for b in result.extraction.document.blocks]
    assert paragraphs[:4] == ["示例县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "2024年，示例县推进主动公开工作。", "二、主动公开政府信息情况"]
    assert not [f for f in result.findings if f.rule in ("GA100", "GA101")]


def test_ambiguous_glued_row_in_markdown_is_named_not_guessed(tmp_path):
    # 121000013 reads as 12 1 0 0 0 0 13 and as 1 2 10 0 0 0 13: both add up.
    rows = {0: [12, 1, 0, 0, 0, 0, 13], 2: [12, 1, 0, 0, 0, 0, 13], 23: [12, 1, 0, 0, 0, 0, 13]}
    txt, md = write_both(tmp_path, run_on_report(rows, [0] * 15))
    got, want = audit(md), audit(txt)
    notes = [f.message for f in got.findings if f.rule == "GA109"]
    assert len(notes) == 1 and notes[0].startswith("表三中有3行的数字连写在一起，无法确定拆分方式，未读取：")
    assert notes == [f.message for f in want.findings if f.rule == "GA109"]
    facts = table_facts(got.extraction)
    assert facts["t3.new_received.total"].value is None and not facts["t3.new_received.total"].blank


def test_markdown_a_person_wrote_is_not_cut(tmp_path):
    # Headings on lines of their own and a short line that names 二、 inside a
    # sentence: nothing run-on, read as Markdown.
    md = tmp_path / "示例县.md"
    md.write_text(
        "# 示例县人民政府2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n本年度推进公开工作，详见下文二、三部分。\n\n"
        "## 二、主动公开政府信息情况\n\n本年度主动公开政府信息120条。\n",
        encoding="utf-8",
    )
    result = audit(md)
    texts = [b.text for b in result.extraction.document.blocks]
    assert "本年度推进公开工作，详见下文二、三部分。" in texts
    assert [s.number for s in result.extraction.segmentation.sections][:2] == ["一", "二"]
