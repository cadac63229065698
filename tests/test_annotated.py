"""The annotated page of one report: every finding marked where it is (the
cell, the quoted sentence, the section heading), or listed at the top;
suspected cells marked with the value they should have; nothing from the
report able to run or to escape its text."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from govaudit import audit
from govaudit.lint.config import Config
from govaudit.output.annotated import CSP, css_string, page_file_name, render_annotated, reports_dir, write_report_page

R = Config(min_confidence="R")  # GA604 (inferred from practice) gives the page its heading mark

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_HTML = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"
EXAMPLE_MD = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"


def page(result):
    return lxml.html.fromstring(render_annotated(result))


def _bare_text(el) -> str:
    """An element's text without the finding numbers and 应为 notes added to it."""
    el = copy.deepcopy(el)
    for extra in el.xpath('.//a[contains(@class,"badge")] | .//span[@class="should"]'):
        extra.drop_tree()
    return el.text_content()


def placements(tree) -> list[tuple]:
    """(rule, kind, marked text) of every note card, in page order, read
    from the page's structure: which element carries the finding's number."""
    out = []
    for note in tree.xpath('//div[contains(concat(" ",@class," ")," note ")]'):
        n = note.get("id")[1:]
        rule = note.get("data-rule")
        marked = [el for el in tree.xpath("//*[@data-f]") if n in el.get("data-f").split()]
        if not marked:
            group = note.getparent().get("id")
            out.append((rule, {"document-notes": "document", "unplaced-notes": "unplaced"}[group], None))
            continue
        tags = {el.tag for el in marked}
        assert len(tags) == 1, (n, tags)
        tag = tags.pop()
        kind = {"td": "cell", "mark": "text", "h1": "heading", "h2": "heading", "div": "block", "p": "heading"}[tag]
        out.append((rule, kind, "".join(_bare_text(el) for el in marked)))
        # the number that links the mark to its note is right there, once
        badge = tree.get_element_by_id(f"m{n}")
        assert badge.get("href") == f"#f{n}"
    return out


def cell_row_label(tree, rule: str, text: str) -> tuple[str, str]:
    """(table number, first cell of the row) of the cell marked for `rule` holding `text`."""
    for note in tree.xpath(f'//div[@data-rule="{rule}"]'):
        n = note.get("id")[1:]
        for td in tree.xpath("//td[@data-f]"):
            if n in td.get("data-f").split() and _bare_text(td) == text:
                return td.getparent().getparent().getparent().get("data-table"), _bare_text(td.getparent().xpath("td")[0])
    raise AssertionError(f"{rule} {text} not marked")


EXAMPLE_PLACEMENTS = [
    ("GA701", "text", "统计期限为2023年1月1日至2023年12月31日"),
    ("GA501", "text", "因政府信息公开工作被申请行政复议3件"),
    ("GA201", "cell", "126"),
    ("GA201", "cell", "155"),
    ("GA203", "cell", "6"),
    ("GA301", "cell", "5"),
    ("GA604", "heading", "六、其他需要报告的事项"),
]


@pytest.mark.parametrize("path", [EXAMPLE_HTML, EXAMPLE_MD], ids=["html", "md"])
def test_the_example_report_has_each_error_marked_at_its_place(path):
    result = audit(str(path), config=R)
    tree = page(result)
    assert placements(tree) == EXAMPLE_PLACEMENTS
    assert cell_row_label(tree, "GA203", "6") == ("2", "二、上年结转政府信息公开申请数量")
    assert cell_row_label(tree, "GA201", "126")[1] == "一、本年新收政府信息公开申请数量"
    assert cell_row_label(tree, "GA301", "5")[0] == "3"
    # the other figures of the 自然人 equation are outlined, and say which finding they belong to
    n = tree.xpath('//div[@data-rule="GA201"]')[0].get("id")[1:]
    figures = sorted(_bare_text(td) for td in tree.xpath("//td[@data-fig]") if n in td.get("data-fig").split())
    assert figures == ["125", "3", "4"]
    # beside each mark: message, place, quote and the rule's explanation
    note = tree.xpath('//div[@data-rule="GA501"]')[0]
    assert note.xpath('string(.//p[@class="msg"])') == "第一部分称“因政府信息公开工作被申请行政复议3件”，但表格中 行政复议 = 5"
    assert note.xpath("string(.//blockquote)") == "因政府信息公开工作被申请行政复议3件"
    assert note.xpath('string(.//p[@class="where"])') == "位置：第一部分"
    assert note.xpath('string(.//p[@class="expl"])').startswith("规则说明：")
    assert note.getparent().tag == "aside"
    assert tree.get_element_by_id("counts").text_content() == "共 7 个：错误 5，警告 2，提示 0"
    # a merged cell is written once, with its span
    corner = tree.xpath('//table[@data-table="2"]//td[starts-with(normalize-space(.),"（本列数据的勾稽关系")]')
    assert len(corner) == 1 and (corner[0].get("rowspan"), corner[0].get("colspan")) == (
        ("3", "3")  # Markdown repeats a merged cell in each row: shown once as well
    )
    # a label over three columns, then seven figures, each its own cell (equal numbers are never merged)
    new = tree.xpath('//table[@data-table="2"]//tr[td[1][starts-with(.,"一、本年新收")]]')[0]
    assert [(_bare_text(td), td.get("colspan")) for td in new.xpath("td")] == [
        ("一、本年新收政府信息公开申请数量", "3"), ("126", None), ("18", None), ("1", None), ("2", None), ("5", None), ("3", None), ("155", None)
    ]
    zeros = tree.xpath('//table[@data-table="2"]//td[.="1.属于国家秘密"]/following-sibling::td')
    assert [_bare_text(td) for td in zeros] == ["0"] * 7


def test_a_word_report_is_marked_by_paragraph_and_cell_index(tmp_path):
    from govaudit.load import load
    from tests.docx_builder import build_docx

    word = build_docx(load(str(EXAMPLE_HTML)), tmp_path / "示例县.docx")  # merged cells rebuilt as Word merges
    tree = page(audit(str(word), config=R))
    assert placements(tree) == EXAMPLE_PLACEMENTS
    assert cell_row_label(tree, "GA203", "6") == ("2", "二、上年结转政府信息公开申请数量")


def test_a_suspected_cell_is_marked_with_the_value_it_should_have(tmp_path):
    source = EXAMPLE_MD.read_text(encoding="utf-8").replace("| （一）予以公开 | （一）予以公开 | 58 |", "| （一）予以公开 | （一）予以公开 | 60 |")
    report = tmp_path / "示例县2024年报告（改）.md"
    report.write_text(source, encoding="utf-8")
    tree = page(audit(str(report), config=R))
    assert placements(tree) == [
        *EXAMPLE_PLACEMENTS[:5],
        ("GA203", "cell", "72"),  # the row's total, where the engine points
        ("GA202", "cell", "125"),  # the column's 办结
        *EXAMPLE_PLACEMENTS[5:],
    ]
    suspects = tree.xpath('//td[contains(concat(" ",@class," ")," suspect ")]')
    assert len(suspects) == 1
    cell = suspects[0]
    assert _bare_text(cell) == "60"
    assert cell.xpath('string(span[@class="should"])') == "应为 58"
    assert _bare_text(cell.getparent().xpath("td")[0]) == "三、本年度办理结果"
    numbers = {tree.xpath(f'//div[@id="f{n}"]')[0].get("data-rule") for n in cell.get("data-suspect").split()}
    assert numbers == {"GA202", "GA203"}
    note = tree.xpath('//div[@data-rule="GA202"]')[0]
    assert note.xpath('string(.//p[@class="sus"])') == "疑似填错：表三“予以公开”行“自然人”列 现为 60，应为 58（可使所有不成立的关系同时成立）"


def test_hubei_2019_prose_figures_and_headings(corpus):
    tree = page(audit(str(corpus("hubei-2019.txt")), config=R))
    assert placements(tree) == [
        ("GA704", "document", None),
        ("GA702", "text", "2019-07-07"),
        ("GA602", "heading", "一、总体情况"),  # 社会评议 and 责任追究, one finding
        # a heading that is itself the problem is marked whole; a quote from it, as text
        ("GA104", "heading", "二、行政机关主动公开政府信息情况"),
        ("GA103", "text", "行政机关主动公开政府信息情况"),
        ("GA105", "heading", "三、行政机关收到和处理政府信息公开申请情况"),
        ("GA103", "text", "行政机关收到和处理政府信息公开申请情况"),
        ("GA201", "text", "全省本年度新收到政府信息公开申请9378份"),
        ("GA202", "text", "全年办结9355份"),
        ("GA201", "text", "省本级新收到1730份"),
        ("GA106", "heading", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        ("GA103", "text", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        # two findings quote overlapping text: the shared part is marked once, for both
        ("GA301", "text", "全省因政府信息公开申请行政复议443件(省本级40件)"),
        ("GA301", "text", "(省本级40件)"),
        ("GA103", "text", "政府信息公开工作存在的问题及改进情况"),
    ]
    shared = [m for m in tree.xpath("//mark[@data-f]") if len(m.get("data-f").split()) == 2]
    assert [m.text_content() for m in shared] == ["(省本级40件)"]
    assert tree.xpath('//div[@id="document-notes"]/div/@data-rule') == ["GA704"]


def test_a_suspected_figure_in_running_text_is_marked_in_its_sentence(corpus):
    """A report without tables gives its figures in prose; a suspect among
    them (here given by hand: hubei-2019's identities cross nowhere) is
    outlined where it was read, with the value it should have."""
    import attrs

    from govaudit.engine.suspects import Suspect

    result = audit(str(corpus("hubei-2019.txt")), config=R)
    index = next(i for i, f in enumerate(result.findings) if f.rule == "GA301" and f.scope == "省本级")
    finding = result.findings[index]
    assert [c["value"] for c in finding.cells if c["fact"] == "t4.review.total"] == [40]
    result.findings[index] = attrs.evolve(finding, suspects=[Suspect("t4.review.total", 40, 41)])
    tree = page(result)
    figure = tree.xpath('//span[@class="sus-fig"]')
    assert [el.text_content() for el in figure] == ["40"]
    assert figure[0].getparent().tag == "mark"  # inside the quoted sentence
    assert figure[0].getparent().getnext().xpath("string(self::span[@class='should'])") == "应为 41"
    # the paragraph reads as before, but for the marks
    paragraph = figure[0].getparent().getparent()
    assert "全省因政府信息公开申请行政复议443件(省本级40件)" in _bare_text(paragraph)
    note = tree.xpath(f'//div[@id="f{figure[0].get("data-suspect")}"]')[0]
    assert note.xpath('string(.//p[@class="sus"])') == "疑似填错：第四部分 行政复议“总计” 现为 40，应为 41（可使所有不成立的关系同时成立）"


def test_hongze_2023_cells_headings_and_document_wide_findings(corpus):
    tree = page(audit(str(corpus("hongze-2023.pdf")), config=R))
    got = placements(tree)
    assert got == [
        ("GA603", "document", None),  # one finding per rule, each naming every missing item
        ("GA602", "heading", "一、总体情况"),
        ("GA108", "cell", "（六）其他处理"),  # the row the finding quotes, not its first figure
        ("GA301", "cell", "0"),
        ("GA301", "cell", "0"),
        ("GA608", "heading", "五、存在的主要问题及改进情况"),
        ("GA606", "heading", "六、其他需要报告的事项"),
    ]
    totals = [td for td in tree.xpath('//table[@data-table="3"]//td[@data-f]')]
    # 行政复议 总计 (5th column) and 复议后起诉 总计 (15th), both in the figures row
    row = totals[0].getparent()
    assert [row.index(td) for td in totals] == [4, 14]
    figures = [_bare_text(td) for td in row.xpath("td[@data-fig]")]
    assert figures == ["10", "1", "0", "0", "5", "0", "0", "0"]


def test_every_finding_appears_once(corpus):
    for path in (EXAMPLE_HTML, corpus("hubei-2019.txt"), corpus("hongze-2023.pdf")):
        result = audit(str(path), config=R)
        tree = page(result)
        notes = tree.xpath('//div[contains(concat(" ",@class," ")," note ")]')
        assert sorted(n.xpath('string(.//p[@class="msg"])') for n in notes) == sorted(f.message for f in result.findings)
        assert len(tree.xpath('//ol[@id="toc"]/li')) == len(result.findings)


def test_a_finding_that_cannot_be_placed_is_listed_at_the_top():
    import attrs

    result = audit(str(EXAMPLE_MD), config=R)
    lost = attrs.evolve(result.findings[1], evidence="报告里没有的一句话", location=attrs.evolve(result.findings[1].location, line=9999))
    result.findings.append(lost)
    tree = page(result)
    unplaced = tree.xpath('//div[@id="unplaced-notes"]/div')
    assert [n.xpath("string(.//blockquote)") for n in unplaced] == ["报告里没有的一句话"]
    assert placements(tree)[0] == ("GA501", "unplaced", None)


HOSTILE = (
    "# 示例县人民政府2024年政府信息公开工作年度报告</title><script>window.pwned=1</script>\n\n"
    '发布机构："><img src=x onerror="window.pwned=2">\n\n'
    "本报告所列数据统计期限为2023年1月1日至2023年12月31日<script>alert(1)</script>\x07\u202e。\n\n"
    "## 一、总体情况\n\n"
    '全年新收申请3件</p><a href="javascript:alert(1)" onclick="window.pwned=3">点</a>，因政府信息公开工作被申请行政复议9件。\n\n'
    "## 二、主动公开政府信息情况\n\n## 三、收到和处理政府信息公开申请情况\n\n"
    "## 四、政府信息公开行政复议、行政诉讼情况\n\n"
    "| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 |\n|---|---|---|---|---|\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
    '| 1 | 0 | 0 | 0 | 2<style>body{display:none}</style><b onmouseover="x()"> |\n\n'
    "## 五、存在的主要问题及改进情况\n\n</style><script>window.pwned=5</script>\n\n"
    "## 六、其他需要报告的事项\n\n无。\n"
)


def test_a_hostile_report_cannot_run_or_break_out(tmp_path):
    report = tmp_path / 'evil"<x>.md'
    report.write_text(HOSTILE, encoding="utf-8")
    result = audit(str(report), config=R)
    text = render_annotated(result)
    tree = lxml.html.fromstring(text)
    assert tree.xpath("//script") == []
    assert tree.xpath("//img | //iframe | //object | //embed | //link | //base") == []
    for el in tree.iter():
        assert not [a for a in el.attrib if a.lower().startswith("on")], el.tag
        assert (el.get("href") or "#").startswith("#"), el.get("href")  # nothing outside the page is linked or loaded
        assert el.get("src") is None
    assert tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content') == [CSP]
    assert "script-src 'none'" in CSP and "default-src 'none'" in CSP
    # the report's markup is shown as the text it is
    body = tree.xpath('string(//main)')
    assert "<script>window.pwned=1</script>" in tree.xpath("string(//title)")
    assert "<script>window.pwned=1</script>" in body and "onerror=" in body
    assert len(tree.xpath("//style")) == 1
    assert "\x07" not in text and "\u202e" not in text and "\ufffd" in tree.text_content()
    # findings about hostile text are still placed, their quotes escaped
    assert ("GA701", "text", "统计期限为2023年1月1日至2023年12月31日") in placements(tree)
    assert ("GA109", "cell", '2<style>body{display:none}</style><b onmouseover="x()">') in placements(tree)
    assert ("GA605", "text", "无。") in placements(tree)


def test_css_string_cannot_close_itself():
    name = '示例"};</style><script>x()</script>\\\n'
    quoted = css_string(name)
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert not set(inner) & set("\"'<>;{}\n") and "\\" in inner
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner) == name


def test_page_names_are_safe_unique_and_stable(tmp_path):
    a, b = tmp_path / "a" / "报告.html", tmp_path / "b" / "报告.html"
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(EXAMPLE_HTML, p)
    assert page_file_name(str(a)) != page_file_name(str(b))
    assert page_file_name(str(a)) == page_file_name(str(a))
    assert re.fullmatch(r"报告-[0-9a-f]{10}\.html", page_file_name(str(a)))
    hostile = page_file_name('../../x/..\\evil"<>|:*?\x07.html')
    assert re.fullmatch(r"evil-[0-9a-f]{10}\.html", hostile), hostile
    out = reports_dir(str(tmp_path / "审核汇总.html"))
    assert out == str(tmp_path / "审核汇总.reports")
    links = [write_report_page(audit(str(p), config=R), out) for p in (a, b)]
    import urllib.parse

    assert len(set(links)) == 2
    for link in links:
        assert link.startswith(urllib.parse.quote("审核汇总.reports/"))
        written = tmp_path / urllib.parse.unquote(link)
        assert written.is_file()
        assert placements(lxml.html.fromstring(written.read_text(encoding="utf-8"))) == EXAMPLE_PLACEMENTS


def _cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "govaudit", *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1"}
    )


def test_check_writes_the_annotated_page(tmp_path):
    out = tmp_path / "报告审核.html"
    run = _cli("check", "--format", "html", "--min-confidence", "R", "-o", str(out), str(EXAMPLE_HTML), cwd=tmp_path)
    assert run.returncode == 1, run.stderr  # findings: as every other format
    assert placements(lxml.html.fromstring(out.read_text(encoding="utf-8"))) == EXAMPLE_PLACEMENTS


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "html", str(EXAMPLE_HTML)),
        ("check", "--format", "html", "-o", "x.html", str(EXAMPLE_HTML), str(EXAMPLE_MD)),
        ("check", "--format", "html", "-o", "x.html", str(EXAMPLE_HTML.parent)),
    ],
    ids=["no-output", "two-files", "folder"],
)
def test_check_html_needs_one_file_and_an_output(tmp_path, args):
    run = _cli(*args, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == "govaudit: 错误: --format html 只能检查一个报告文件，并须用 -o 指定输出文件（如 -o 报告审核.html）\n"
    assert not (tmp_path / "x.html").exists()


def test_check_html_of_an_unreadable_report_writes_nothing(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    run = _cli("check", "--format", "html", "-o", "out.html", str(broken), cwd=tmp_path)
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.startswith("govaudit: 错误: ")
    assert not (tmp_path / "out.html").exists()
