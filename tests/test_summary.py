"""`govaudit summary` over the real corpus and the fictional examples: the
table (CSV, XLSX, HTML), cross-year chaining, unreadable files, scoring."""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest

from tests.conftest import CORPUS, ROOT, corpus_file

EXAMPLES = ROOT / "examples"
CORPUS_REPORTS = [
    "hubei-2019.txt",
    "pingtan-2019.html",
    "pingtan-2023.html",
    "pingtan-2024.html",
    "pingtan-2025.html",
    "shuyang-fgj-2023.html",
    "shanghai-bgt-2019.html",
    "hongze-2023.pdf",
    "hongze-2024.pdf",
    "huaian-2024.pdf",
]


def run(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "govaudit", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, timeout=600, env=env
    )


def read_csv(path) -> dict[str, dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must carry a BOM so that Excel reads it as UTF-8"
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    return {os.path.basename(r["文件"]): r for r in rows}


@pytest.fixture(scope="module")
def corpus_summary(tmp_path_factory):
    corpus_file("hubei-2019.txt")  # skips when the corpus is absent
    out = tmp_path_factory.mktemp("summary")
    proc = run(
        "summary", CORPUS, "-o", out / "audit.html", "--csv", out / "t.csv", "--xlsx", out / "t.xlsx", "--findings-csv", out / "f.csv", "--jobs", "2"
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return out, proc


def test_every_corpus_report_is_in_the_table_or_unreadable_with_why(corpus_summary):
    out, proc = corpus_summary
    rows = read_csv(out / "t.csv")
    assert sorted(rows) == sorted(CORPUS_REPORTS)  # README.md is not a report
    for name, row in rows.items():
        assert row["状态"] == "已审核" and row["得分"] != "", f"{name}: {row['说明']}"  # every one is readable
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert "README.md（说明文件，不是报告）" in page
    assert proc.stdout.startswith("已审核 ")
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal; nothing unreadable to report


def test_hubei_row_and_its_five_errors_with_evidence(corpus_summary):
    out, _ = corpus_summary
    row = read_csv(out / "t.csv")["hubei-2019.txt"]
    assert (row["机关"], row["年度"], row["格式"], row["文件类型"]) == ("湖北省", "2019", "2019", "txt")
    assert row["错误"] == "5"
    # No tables: the figures come from the prose, 全省 scope (not 省本级).
    figures = [row[k] for k in ("新收", "上年结转", "办结", "结转", "复议", "诉讼")]
    assert figures == ["9378", "139", "9355", "159", "443", "453"]
    assert row["数据来源"] == "正文（全省）"
    page = (out / "audit.html").read_text(encoding="utf-8")
    report = page[page.index(">湖北省 2019年度 ") :]
    report = report[: report.index("</article>")]
    for text in ("相差3", "相差27", "相差11", "（全省）：总计443", "（省本级）：总计40"):
        assert text in report
    assert report.count('<span class="sev error">错误</span>') == 5
    # Each error's evidence quotes every figure of its equation, one click from the finding.
    for quote in (
        "全省本年度新收到政府信息公开申请9378份；上年结转139份；全年办结9355份；结转下年办理159份",
        "省本级新收到1730份；上年结转10份；全年办结1675份；结转下年办理38份",
        html.escape("全省因政府信息公开申请行政复议443件(省本级40件)；结果维持232件(省本级27件)；结果纠正63件(省本级7件)；"
                    "其他结果90件(省本级3件)；尚未审结59件(省本级4件)"),
    ):
        assert f"<blockquote>{quote}</blockquote>" in report
    anchor = report[report.index("原文↓") - 40 : report.index("原文↓")]
    target = anchor.split('href="#')[1].split('"')[0]
    assert f'<li id="{target}">' in report


def test_pingtan_2025_key_figures(corpus_summary):
    out, _ = corpus_summary
    row = read_csv(out / "t.csv")["pingtan-2025.html"]
    assert (row["新收"], row["上年结转"], row["办结"], row["结转"], row["复议"], row["诉讼"]) == ("154", "0", "148", "6", "36", "9")
    assert row["数据来源"] == "表格" and row["错误"] == "0"


def test_pingtan_years_are_chained_where_consecutive(corpus_summary):
    out, _ = corpus_summary
    rows = read_csv(out / "t.csv")
    assert rows["pingtan-2019.html"]["跨年核对"] == "没有同一机关更早年度的报告，未做跨年核对"
    assert rows["pingtan-2023.html"]["跨年核对"] == "同一机关的上一份报告是2019年度，不是上一年度（缺2020–2022年度），未做跨年核对"
    assert rows["pingtan-2024.html"]["跨年核对"] == "已与2023年度报告做跨年核对"
    assert rows["pingtan-2025.html"]["跨年核对"] == "已与2024年度报告做跨年核对"
    # Continuity holds in the corpus: chaining adds no GA502 finding.
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert "GA502" not in page.split('id="frequent"')[1].split('id="chains"')[0]
    chains = page.split('id="chains"')[1].split('id="unreadable"')[0]
    assert "平潭综合实验区：" in chains and "（年度不相邻，未核对）" in chains


def test_hongze_names_are_one_issuer(corpus_summary):
    out, _ = corpus_summary
    rows = read_csv(out / "t.csv")
    assert rows["hongze-2024.pdf"]["跨年核对"] == "已与2023年度报告做跨年核对"
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert "“洪泽区人民政府” → “淮安市洪泽区人民政府”" in page


def test_xlsx_holds_the_same_table(corpus_summary):
    openpyxl = pytest.importorskip("openpyxl")
    out, _ = corpus_summary
    sheet = openpyxl.load_workbook(out / "t.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    header, body = values[0], values[1:]
    rows = {os.path.basename(r[0]): dict(zip(header, r, strict=True)) for r in body}
    assert sorted(rows) == sorted(CORPUS_REPORTS)
    hubei = rows["hubei-2019.txt"]
    assert (hubei["错误"], hubei["新收"], hubei["诉讼"]) == (5, 9378, 453)
    p25 = rows["pingtan-2025.html"]
    assert (p25["新收"], p25["办结"], p25["结转"], p25["复议"], p25["诉讼"]) == (154, 148, 6, 36, 9)
    assert sheet.freeze_panes == "A2"


def test_xlsx_lists_every_finding_on_a_sheet_of_its_own(corpus_summary):
    openpyxl = pytest.importorskip("openpyxl")
    out, _ = corpus_summary
    book = openpyxl.load_workbook(out / "t.xlsx")
    assert book.sheetnames == ["汇总", "问题", "规则统计", "报告×规则"]
    values = list(book["问题"].iter_rows(values_only=True))
    header, body = values[0], [dict(zip(values[0], r, strict=True)) for r in values[1:]]
    assert header == ("文件", "机关", "年度", "规则", "名称", "级别", "位置", "部分", "范围", "问题", "原文")
    # As many rows per report as the table counts findings.
    table = read_csv(out / "t.csv")
    per_file = Counter(os.path.basename(r["文件"]) for r in body)
    for name, row in table.items():
        if row["状态"] == "已审核":
            assert per_file[name] == int(row["错误"]) + int(row["警告"]) + int(row["提示"]), name
    hubei_errors = sorted(r["问题"] for r in body if r["文件"].endswith("hubei-2019.txt") and r["级别"] == "错误")
    assert len(hubei_errors) == 5
    assert "表三“总计”列（全省）：新收9378 + 上年结转139 = 9517，不等于 办结9355 + 结转下年159 = 9514（相差3）" in hubei_errors
    first = next(r for r in body if r["文件"].endswith("hubei-2019.txt") and r["规则"] == "GA201")
    assert (first["年度"], first["部分"], first["范围"]) == (2019, "三", "全省") and first["位置"]
    assert book["问题"].freeze_panes == "A2"
    # Every finding quotes what it rests on, at a place a person can find (no source line/column).
    assert body and all(r["原文"] for r in body), [(r["文件"], r["规则"]) for r in body if not r["原文"]]
    assert not [r["位置"] for r in body if re.search(r"第\d+行第\d+列|表\d+\[", r["位置"])]
    hongze = [r["位置"] for r in body if r["文件"].endswith("hongze-2023.pdf") and r["规则"] == "GA301"]
    assert hongze == ["第4页 表四“行政复议”行“总计”列", "第4页 表四“复议后起诉”行“总计”列"]
    # Long text wraps; printed, every page repeats the header row, landscape, one page wide.
    sheet = book["问题"]
    assert sheet.cell(2, 10).alignment.wrap_text and not sheet.cell(2, 6).alignment.wrap_text
    for name in book.sheetnames:
        assert book[name].print_title_rows == "$1:$1", name
        assert book[name].page_setup.orientation == "landscape" and book[name].page_setup.fitToWidth == 1


def test_findings_csv_is_the_findings_sheet(corpus_summary):
    openpyxl = pytest.importorskip("openpyxl")
    out, proc = corpus_summary
    assert "f.csv" in proc.stdout
    raw = (out / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    sheet = [["" if v is None else str(v) for v in r] for r in openpyxl.load_workbook(out / "t.xlsx")["问题"].iter_rows(values_only=True)]
    assert rows == sheet  # same header, same rows, same order
    assert rows[0] == ["文件", "机关", "年度", "规则", "名称", "级别", "位置", "部分", "范围", "问题", "原文"]
    hubei = [r for r in rows[1:] if r[0].endswith("hubei-2019.txt") and r[5] == "错误"]
    assert sorted(r[3] for r in hubei) == ["GA201", "GA201", "GA202", "GA301", "GA301"]


def test_xlsx_rule_frequency_and_report_by_rule_matrix(corpus_summary):
    openpyxl = pytest.importorskip("openpyxl")
    out, _ = corpus_summary
    book = openpyxl.load_workbook(out / "t.xlsx")
    findings = list(book["问题"].iter_rows(min_row=2, values_only=True))
    per_rule = Counter(r[3] for r in findings)
    per_rule_reports = Counter(rule for _, rule in {(r[0], r[3]) for r in findings})
    freq = list(book["规则统计"].iter_rows(values_only=True))
    assert freq[0] == ("规则", "名称", "级别", "说明", "问题数", "涉及报告数")
    assert {r[0]: (r[4], r[5]) for r in freq[1:]} == {rule: (n, per_rule_reports[rule]) for rule, n in per_rule.items()}
    assert [r[4] for r in freq[1:]] == sorted((r[4] for r in freq[1:]), reverse=True)  # most frequent first
    assert freq[1][:3] == ("GA602", "overview-government-topics", "警告")  # one per government report
    matrix = list(book["报告×规则"].iter_rows(values_only=True))
    header = matrix[0]
    assert header[:3] == ("文件", "机关", "年度") and header[-1] == "合计" and "GA201" in header
    per_cell = Counter((r[0], r[3]) for r in findings)
    assert len(matrix) - 1 == len(CORPUS_REPORTS)
    for row in matrix[1:]:
        for rule, value in zip(header[3:-1], row[3:-1]):
            assert (value or 0) == per_cell[(row[0], rule)], (row[0], rule)
        assert row[-1] == sum(v for (path, _), v in per_cell.items() if path == row[0])
    hubei = next(r for r in matrix[1:] if r[0].endswith("hubei-2019.txt"))
    assert hubei[header.index("GA201")] == 2  # 2 of its 5 errors are table-three balances


def test_region_level_and_folder_columns(corpus_summary):
    out, _ = corpus_summary
    rows = read_csv(out / "t.csv")
    assert (rows["hubei-2019.txt"]["地区"], rows["hubei-2019.txt"]["级别"]) == ("湖北省", "省")
    assert (rows["shanghai-bgt-2019.html"]["地区"], rows["shanghai-bgt-2019.html"]["级别"]) == ("上海市", "部门")
    # 洪泽区人民政府 is read through its group's fuller name, 淮安市洪泽区人民政府.
    assert (rows["hongze-2023.pdf"]["地区"], rows["hongze-2023.pdf"]["级别"]) == ("江苏省", "县")
    assert (rows["pingtan-2025.html"]["地区"], rows["pingtan-2025.html"]["级别"]) == ("", "县")  # no province named
    page = (out / "audit.html").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("<tr data-target") and "hubei-2019.txt" in line)
    assert 'data-region="湖北省" data-level="省"' in row and 'data-year="2019"' in row
    # Errors per table (表二 表三 表四): GA201 ×2 and GA202 in section 三, GA301 ×2 in section 四.
    assert 'data-tables="0 3 2"' in row
    assert 'data-rules="GA103:4 GA104:1 GA105:1 GA106:1 GA201:2 GA202:1 GA301:2 GA602:1 GA702:1 GA704:1"' in row
    for chart in ("chart-score", "chart-rules", "chart-tables", "chart-region", "chart-level", "chart-year"):
        assert f'id="{chart}"' in page


def test_cross_year_error_found_by_chaining_examples(tmp_path):
    """The fictional 2024 report's 上年结转 (自然人 4) differs from 2023's 结转下年度 (5)."""
    from govaudit.summary.run import run_summary

    for name in ("示例县2023年政府信息公开工作年度报告.html", "示例县2024年政府信息公开工作年度报告.html"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    stats = run_summary([tmp_path], str(tmp_path / "audit.html"), csv_path=str(tmp_path / "t.csv"), jobs=1, show_progress=False)
    assert (stats.reports, stats.failed, stats.chained) == (2, [], 1)
    rows = read_csv(tmp_path / "t.csv")
    later = rows["示例县2024年政府信息公开工作年度报告.html"]
    earlier = rows["示例县2023年政府信息公开工作年度报告.html"]
    assert later["跨年核对"] == "已与2023年度报告做跨年核对"
    assert later["错误"] == "6"  # the README's 5 planted errors give 5 error findings, plus GA502
    assert earlier["错误"] == "0"
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "表三“自然人”列：上年结转4，不等于 上年报告结转下年5" in page
    assert "GA503" not in page.split('id="reports"')[1]  # section 五 is only about 0.24 alike


def test_duplicate_reports_of_one_year(tmp_path):
    """Two versions (HTML, Markdown) of the same 2024 report: both checked against 2023, and told so."""
    from govaudit.summary.run import run_summary

    stats = run_summary([EXAMPLES], str(tmp_path / "audit.html"), csv_path=str(tmp_path / "t.csv"), jobs=2, show_progress=False)
    assert (stats.reports, stats.chained, stats.skipped) == (3, 2, 1)  # README.md skipped
    rows = read_csv(tmp_path / "t.csv")
    for name in ("示例县2024年政府信息公开工作年度报告.html", "示例县2024年政府信息公开工作年度报告.md"):
        assert rows[name]["跨年核对"] == "已与2023年度报告做跨年核对；注意：同一机关2024年度有2份报告"


SECTION5 = "我县政府信息公开工作仍存在依申请公开答复文书不够规范、个别部门主动公开不及时等问题。下一步，我们将加强业务培训，规范答复流程，督促各部门按时公开政府信息，切实提高工作质量。"


def _report(year: int, section5: str, received: int = 10, carried_over: int = 0, carried_forward: int = 0) -> str:
    return (
        f"# 示例市人民政府{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n{year}年，本市认真贯彻条例。\n\n"
        f"三、收到和处理政府信息公开申请情况\n\n本年度新收到政府信息公开申请{received}件，上年结转{carried_over}件，结转下年{carried_forward}件。\n\n"
        f"五、存在的主要问题及改进情况\n\n{year}年，{section5}\n"
    )


def test_copied_section5_and_broken_continuity_in_a_folder(tmp_path):
    from govaudit.summary.run import run_summary

    (tmp_path / "a2023.md").write_text(_report(2023, SECTION5, carried_forward=3), encoding="utf-8")
    (tmp_path / "b2024.md").write_text(_report(2024, SECTION5, carried_over=2), encoding="utf-8")
    (tmp_path / "c2026.md").write_text(
        _report(2026, "本年度针对上年问题开展了专项整改，答复文书全部使用统一模板，新媒体平台全部完成备案，没有发现新的问题。"),
        encoding="utf-8",
    )
    stats = run_summary([tmp_path], str(tmp_path / "audit.html"), csv_path=str(tmp_path / "t.csv"), jobs=2, show_progress=False)
    assert stats.chained == 1
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "第五部分与2023年报告的第五部分文字相似度为100%（阈值80%）" in page
    assert "上年结转2，不等于 上年报告结转下年3" in page
    rows = read_csv(tmp_path / "t.csv")
    assert rows["c2026.md"]["跨年核对"] == "同一机关的上一份报告是2024年度，不是上一年度（缺2025年度），未做跨年核对"


def test_unreadable_files_do_not_stop_the_run(tmp_path):
    from govaudit.summary.run import run_summary

    shutil.copy(EXAMPLES / "示例县2023年政府信息公开工作年度报告.html", tmp_path / "ok.html")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.docx").write_bytes(b"not a zip")
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "notes.md").write_text("# 会议记录\n\n今天讨论了三件事。\n", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"\x00")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    stats = run_summary(
        [tmp_path, tmp_path / "missing.html"], str(tmp_path / "audit.html"), csv_path=str(tmp_path / "t.csv"), jobs=2, show_progress=False
    )
    assert stats.reports == 1 and stats.skipped == 1
    reasons = {os.path.basename(path): reason for path, reason in stats.failed}
    assert sorted(reasons) == ["empty.txt", "fake.docx", "fake.pdf", "missing.html", "notes.md"]
    assert reasons["empty.txt"] == "文件为空"
    assert reasons["missing.html"] == "文件不存在"
    assert "不像是政府信息公开工作年度报告" in reasons["notes.md"]
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    unreadable = page.split('id="unreadable"')[1].split('id="model"')[0]
    for name, reason in reasons.items():
        assert name in unreadable and html.escape(reason) in unreadable
    rows = read_csv(tmp_path / "t.csv")
    assert rows["empty.txt"]["状态"] == "无法读取" and rows["empty.txt"]["说明"] == "文件为空"


def test_a_file_name_in_gbk_is_passed_over_with_why(tmp_path):
    name = os.fsencode(tmp_path) + b"/" + "示例县2024年报告.html".encode("gbk")
    try:
        shutil.copy(EXAMPLES / "示例县2024年政府信息公开工作年度报告.html", name)
    except OSError:  # a file system that takes UTF-8 names only
        pytest.skip("this file system refuses a name that is not UTF-8")
    shutil.copy(EXAMPLES / "示例县2023年政府信息公开工作年度报告.html", tmp_path / "ok.html")
    for folder in (tmp_path, os.fsdecode(name)):  # found in a folder, or named
        proc = run("summary", folder, tmp_path / "ok.html", "-o", tmp_path / "audit.html")
        assert proc.returncode == 0 and "Traceback" not in proc.stderr and "内部错误" not in proc.stderr
        assert "已审核 1 份报告" in proc.stdout and "跳过 1 个" in proc.stdout
        page = (tmp_path / "audit.html").read_text(encoding="utf-8")
        shown = os.fsencode(os.fsdecode(name)).decode("utf-8", "backslashreplace")
        assert f"{html.escape(shown)}（文件名不是 UTF-8 编码（如 GBK），汇总无法记录；请改名后再审核）" in page


def test_cli_exit_codes_and_messages(tmp_path):
    proc = run("summary", tmp_path / "nothing-here.html", "-o", tmp_path / "audit.html")
    assert proc.returncode == 2
    assert "govaudit: 无法读取: " in proc.stderr and "文件不存在" in proc.stderr and "Traceback" not in proc.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run("summary", empty, "-o", tmp_path / "audit.html")
    assert proc.returncode == 2 and "没有找到报告文件" in proc.stderr
    proc = run("summary", EXAMPLES, "-o", tmp_path / "no" / "such" / "dir.html")
    assert proc.returncode == 2 and "不存在或不可写" in proc.stderr
    bad = tmp_path / "scoring.toml"
    bad.write_text("[severity]\nfatal = 5\n", encoding="utf-8")
    proc = run("summary", EXAMPLES, "-o", tmp_path / "scored.html", "--scoring", bad)
    assert proc.returncode == 2 and "未知的键 fatal" in proc.stderr
    assert not (tmp_path / "scored.html").exists()


def test_hostile_report_text_is_escaped_everywhere(tmp_path):
    from govaudit.summary.run import run_summary

    hostile = (
        '# =HYPERLINK("http://x")<script>alert(1)</script>"\'><img src=x onerror=alert(2)>县人民政府2024年政府信息公开工作年度报告\n\n'
        "一、总体情况\n\n新收到政府信息公开申请3件</script><!--<script>alert(3)</script>\u202e\x1b[31m。\n"
    )
    (tmp_path / "x<y>.md").write_text(hostile, encoding="utf-8")
    run_summary(
        [tmp_path],
        str(tmp_path / "audit.html"),
        csv_path=str(tmp_path / "t.csv"),
        xlsx_path=str(tmp_path / "t.xlsx"),
        jobs=1,
        show_progress=False,
    )
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    body = page.split("<body>", 1)[1]
    assert "<script>alert" not in body and "<img" not in body and "<!--" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&gt;&lt;img src=x onerror=alert(2)&gt;" in body
    assert "\u202e" not in page and "\x1b" not in page
    assert body.count("<script>") == 1  # ours, and the CSP admits it by hash only
    # The charts are drawn by that script: the policy stays as strict as before them.
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    assert re.fullmatch(
        r"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[A-Za-z0-9+/]{43}='; base-uri 'none'; form-action 'none'",
        policy,
    )
    assert "<svg" in body and "http://" not in body.split("<script>")[1].replace("http://www.w3.org/2000/svg", "")
    assert "script-src &#x27;sha256-" in page  # quotes escaped inside the attribute
    assert 'href="x%3Cy%3E.md"' in page
    issuer = read_csv(tmp_path / "t.csv")["x<y>.md"]["机关"]
    assert issuer.startswith("'=HYPERLINK")  # a formula in Excel otherwise
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    cell = book.active["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, never a formula; no mark shown
    hostile_findings = [r for r in book["问题"].iter_rows(min_row=2) if r[0].value.endswith("x<y>.md")]
    assert hostile_findings and all(r[1].data_type == "s" and r[1].value.startswith("=HYPERLINK") for r in hostile_findings)


def test_scoring_model_is_applied_and_printed(tmp_path):
    from govaudit.summary.run import run_summary
    from govaudit.summary.scoring import load_scoring

    model = load_scoring()
    assert model.severity == {"error": 10, "warning": 2, "info": 0}
    assert model.score([("GA201", "error")] * 2 + [("GA999", "warning")]) == 78
    assert model.score([("GA603", "warning")] * 40) == 70  # capped at 30 for one rule
    assert model.score([("GA201", "error")] * 20) == 70
    assert model.score([(f"GA{200 + i}", "error") for i in range(20)]) == 0  # floor
    custom = tmp_path / "model.toml"
    custom.write_text('[model]\nname = "只数错误"\nstart = 10\n[severity]\nerror = 1\nwarning = 0\n', encoding="utf-8")
    shutil.copy(EXAMPLES / "示例县2024年政府信息公开工作年度报告.html", tmp_path / "r.html")
    run_summary(
        [tmp_path / "r.html"],
        str(tmp_path / "audit.html"),
        csv_path=str(tmp_path / "t.csv"),
        scoring=str(custom),
        jobs=1,
        show_progress=False,
    )
    row = read_csv(tmp_path / "t.csv")["r.html"]
    assert row["得分"] == str(10 - int(row["错误"]))
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    section = page.split('id="model"')[1].split('id="reports"')[0]
    assert "只数错误" in section and "得分 = max(0, 10 − Σ各规则 权重 × 问题数)" in section


def test_scoring_file_is_validated(tmp_path):
    from govaudit.core.errors import ConfigError
    from govaudit.summary.scoring import load_scoring

    for text, message in [
        ("[rule]\nGA2 = 1\n", "不是规则编号"),
        ("[severity]\nerror = -1\n", "不能为负数"),
        ('[severity]\nerror = "10"\n', "类型不对"),
        ("[weights]\n", "未知的表"),
        ("[model\n", "不是有效的 TOML"),
    ]:
        path = tmp_path / "s.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_scoring(path)


def test_ctrl_c_stops_cleanly(tmp_path):
    """Ctrl-C: one line, exit 130, no worker tracebacks, no half-written output."""
    import signal
    import time

    source = (EXAMPLES / "示例县2023年政府信息公开工作年度报告.html").read_text(encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(1500):  # several seconds of work, even on a fast machine
        (reports / f"r{i:04d}.html").write_text(source.replace("示例县", f"示例{i:04d}县"), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "govaudit", "summary", reports, "-o", tmp_path / "audit.html", "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt")
    assert proc.returncode == 130
    assert err.strip() == "govaudit: 已中断"
    assert not (tmp_path / "audit.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".govaudit-")] == []
