"""Suppression comments (<!-- govaudit: ignore GA201 原因 -->) and per-file ignores."""

import subprocess
import sys
import time

import pytest

from govaudit.api import audit, audit_text
from govaudit.core.errors import InputError
from govaudit.lint.config import Config, load_config
from govaudit.core.model import Location
from govaudit.lint.suppress import find_suppressions
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"
EXAMPLE_MD = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"
T3_PROSE = "本年度新收到政府信息公开申请10件，上年结转2件，全年办结11件，结转下年3件。"


def md_report(*body: str) -> str:
    return "\n".join(["示例县人民政府2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", *body]) + "\n"


def rules_of(result):
    return [f.rule for f in result.findings]


def test_comment_suppresses_the_next_paragraph():
    plain = audit_text(md_report(T3_PROSE), config=Config(select=["GA201", "GA9"]))
    assert rules_of(plain) == ["GA201"]
    result = audit_text(md_report("<!-- govaudit: ignore GA201 台账为准，已说明 -->", T3_PROSE), config=Config(select=["GA201", "GA9"]))
    assert rules_of(result) == []
    (finding, sup), = result.suppressed
    assert finding.rule == "GA201" and sup.reason == "台账为准，已说明" and sup.ids == ("GA201",)


def test_comment_covers_only_the_next_block():
    report = md_report("<!-- govaudit: ignore GA201 原因 -->", "本年度共有一段无关的文字。", T3_PROSE)
    result = audit_text(report, config=Config(select=["GA201", "GA9"]))
    # The finding is in the paragraph after the covered one: reported, and the comment is unused.
    assert rules_of(result) == ["GA901", "GA201"]
    assert "GA201 未抑制任何问题" in result.findings[0].message


def test_several_ids_and_prefixes():
    for ids in ("GA201,GA203", "GA203，GA201", "GA2", "ga201"):
        result = audit_text(md_report(f"<!-- govaudit: ignore {ids} 原因 -->", T3_PROSE), config=Config(select=["GA201", "GA203", "GA9"]))
        assert "GA201" not in rules_of(result), ids
    other = audit_text(md_report("<!-- govaudit: ignore GA203 原因 -->", T3_PROSE), config=Config(select=["GA201", "GA203", "GA9"]))
    assert rules_of(other) == ["GA901", "GA201"]  # GA203 is enabled but found nothing there


def _html_with_comment(tmp_path, comment: str):
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    # The comment goes right before the table of section 三 (the line with its first <table> after 三、).
    three = next(i for i, l in enumerate(lines) if "三、收到和处理" in l)
    table = next(i for i in range(three, len(lines)) if "<table" in lines[i])
    lines.insert(table, comment)
    path = tmp_path / "报告.html"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_html_comment_covers_the_table(tmp_path):
    path = _html_with_comment(tmp_path, "<!-- govaudit: ignore GA201,GA203 表三已按上级口径填报 -->")
    result = audit(path)
    assert sorted(f.rule for f, _ in result.suppressed) == ["GA201", "GA201", "GA203"]
    assert rules_of(result) == ["GA701", "GA501", "GA301"]  # 表四 and the rest still reported
    sups = find_suppressions(result.extraction.document)
    assert len(sups) == 1 and sups[0].start[0] == sups[0].location.line + 1


def test_comment_without_reason_still_applies_and_is_reported(tmp_path):
    result = audit_text(md_report("<!-- govaudit: ignore GA201 -->", T3_PROSE), config=Config(select=["GA201", "GA9"]))
    assert rules_of(result) == ["GA902"]
    finding = result.findings[0]
    assert finding.severity == "info" and finding.location.line == 3 and finding.location.column == 1
    assert "没有写明原因" in finding.message


def test_comment_without_ids_suppresses_nothing():
    result = audit_text(md_report("<!-- govaudit: ignore 暂不处理 -->", T3_PROSE), config=Config(select=["GA201", "GA9"]))
    assert rules_of(result) == ["GA903", "GA201"]
    assert not result.suppressed


def test_unknown_id_is_an_error_but_a_rule_that_is_switched_off_is_not_reported():
    with pytest.raises(InputError, match="第3行的抑制注释中的 “GA299” 不是已知的规则编号"):
        audit_text(md_report("<!-- govaudit: ignore GA299 原因 -->", T3_PROSE), config=Config(select=["GA201", "GA9"]))
    off = audit_text(md_report("<!-- govaudit: ignore GA604 原因 -->", T3_PROSE), config=Config(select=["GA201", "GA9"]))
    assert rules_of(off) == ["GA201"]  # GA604 is not enabled: its comment is not called unused


def test_meta_findings_follow_select_ignore_and_severity():
    report = md_report("<!-- govaudit: ignore GA201 -->", T3_PROSE)
    assert rules_of(audit_text(report, config=Config(select=["GA201"]))) == []
    assert rules_of(audit_text(report, config=Config(ignore=["GA902"]))).count("GA902") == 0
    raised = audit_text(report, config=Config(select=["GA201", "GA9"], severity={"GA902": "warning"}))
    assert raised.findings[0].severity == "warning"


def test_comment_in_the_middle_of_a_line_and_a_block_on_the_same_line(tmp_path):
    html = (
        "<html><head><title>示例县人民政府2024年政府信息公开工作年度报告</title></head><body>\n"
        "<h1>示例县人民政府2024年政府信息公开工作年度报告</h1>\n"
        "<h2>三、收到和处理政府信息公开申请情况</h2>\n"
        f"<p>无关的一段。</p><!-- govaudit: ignore GA201 原因 --><p>{T3_PROSE}</p>\n"
        "</body></html>\n"
    )
    path = tmp_path / "r.html"
    path.write_text(html, encoding="utf-8")
    result = audit(path, config=Config(select=["GA201", "GA9"]))
    assert rules_of(result) == [] and len(result.suppressed) == 1


def test_an_image_is_skipped_but_ends_a_range():
    from govaudit.core.model import Directive, Document, Image, Paragraph

    lines = ["<p>前文</p>", "<!-- govaudit: ignore GA201 原因 -->", '<img alt="表三">', "<p>正文</p>", '<img alt="x">', "<p>后文</p>"]
    # As the HTML loader hands the comment over: its text and where it stands.
    comment = Directive(lines[1], Location("r.html", line=2, column=1, end_line=2, end_column=len(lines[1]) + 1))
    blocks = [
        Paragraph("前文", Location("r.html", line=1, column=4)),
        Image(Location("r.html", line=3, column=1)),
        Paragraph("正文", Location("r.html", line=4, column=4)),
        Image(Location("r.html", line=5, column=1)),
        Paragraph("后文", Location("r.html", line=6, column=4)),
    ]
    (sup,) = find_suppressions(Document("r.html", "html", blocks, source_lines=lines, directives=[comment]))
    assert (sup.block, sup.start, sup.end) == (2, (4, 4), (5, 1))
    assert sup.covers(Location("r.html", line=4, column=6)) and not sup.covers(Location("r.html", line=6, column=4))


def test_not_in_plain_text(tmp_path):
    # Comments exist in HTML and Markdown only (suppress.FORMATS): in a .txt the text is just text.
    path = tmp_path / "r.txt"
    path.write_text(md_report("<!-- govaudit: ignore GA201 原因 -->", T3_PROSE), encoding="utf-8")
    assert rules_of(audit(path, config=Config(select=["GA201", "GA9"]))) == ["GA201"]


def test_unclosed_comments_are_cheap(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(md_report(*["<!-- govaudit: ignore GA201 " + "x" * 50] * 20000), encoding="utf-8")
    start = time.monotonic()
    audit(path, config=Config(select=["GA201", "GA9"]))
    assert time.monotonic() - start < 20


def test_many_comments_are_cheap(tmp_path):
    body = []
    for i in range(5000):
        body += [f"<!-- govaudit: ignore GA201 原因{i} -->", f"第{i}段。"]
    path = tmp_path / "r.md"
    path.write_text(md_report(*body, T3_PROSE), encoding="utf-8")
    start = time.monotonic()
    result = audit(path, config=Config(select=["GA201", "GA9"]))
    assert time.monotonic() - start < 30
    assert len(result.suppressed) == 0 and rules_of(result).count("GA901") == 5000


def test_per_file_ignores(tmp_path):
    config = Config(per_file_ignores={"examples/*.html": ["GA2"], "*.md": ["GA701"]})
    assert config.selected("GA201", "examples/a.html") is False
    assert config.selected("GA201", str(ROOT / "examples" / "a.html")) is False  # absolute paths too
    assert config.selected("GA301", "examples/a.html") is True
    assert config.selected("GA201", "other/a.html") is True
    assert config.selected("GA701", "deep/dir/a.md") is False
    html = audit(EXAMPLE, config=config)
    assert not [f for f in html.findings if f.rule.startswith("GA2")]
    assert "GA301" in rules_of(html)
    md = audit(EXAMPLE_MD, config=config)
    assert "GA701" not in rules_of(md) and "GA201" in rules_of(md)


def test_per_file_ignores_from_a_config_file(tmp_path):
    (tmp_path / "govaudit.toml").write_text('[per-file-ignores]\n"examples/*.html" = ["GA2", "GA7"]\n', encoding="utf-8")
    config = load_config(start=str(tmp_path))
    assert config.per_file_ignores == {"examples/*.html": ["GA2", "GA7"]}
    proc = subprocess.run(
        [sys.executable, "-m", "govaudit", "check", "--config", str(tmp_path / "govaudit.toml"), str(EXAMPLE.relative_to(ROOT))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "GA301" in proc.stdout and "GA201" not in proc.stdout and "GA701" not in proc.stdout


def test_markdown_comment_is_not_report_text():
    # The numbers in a suppression comment's reason are not figures of the report.
    from govaudit.api import extract_text

    text = "示例县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n<!-- govaudit: ignore GA501 收到申请12件为口径差异\n仍在注释中：办结9件 -->\n全年共收到政府信息公开申请4件。\n"
    facts = [(f.key, f.value, f.location.line, f.location.column) for f in extract_text(text).facts]
    assert facts == [("summary.received", 4, 5, 14)]
