"""Findings a person can trust: one finding per requirement, no false
warnings on the corpus, and confidence as a switch (issue 13)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govaudit import audit, audit_text
from govaudit.core.errors import ConfigError
from govaudit.lint.config import Config, parse_config
from tests.conftest import ROOT, corpus_file

EVERYTHING = Config(min_confidence="H")


def rules_of(result, rule=None):
    return [f.rule for f in result.findings if rule is None or f.rule == rule]


def test_one_requirement_gives_one_finding_naming_every_missing_item():
    report = "示例县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n本年度考核工作顺利完成。\n"
    found = [f for f in audit_text(report).findings if f.rule == "GA602"]
    assert [f.message for f in found] == [
        "人民政府的报告第一部分未提及“社会评议／评议”“责任追究／追责／问责”（《条例》第五十条第（四）项）"
    ]


def test_a_statement_that_nothing_happened_reports_the_matter():
    shuyang = audit(corpus_file("shuyang-fgj-2023.html"), config=EVERYTHING)
    assert rules_of(shuyang, "GA604") == []  # 2023年度，县发展和改革局政府信息公开未发生收费情况。
    report = "示例县发展和改革局2024年政府信息公开工作年度报告\n六、其他需要报告的事项\n本年度{}。\n"
    assert rules_of(audit_text(report.format("未收取信息处理费"), config=EVERYTHING), "GA604") == []
    assert rules_of(audit_text(report.format("未发生收费情况"), config=EVERYTHING), "GA604") == []
    assert rules_of(audit_text(report.format("完成了建议提案办理"), config=EVERYTHING), "GA604") == ["GA604"]


def test_2021_requirements_are_not_asked_of_a_2019_report():
    pingtan = audit(corpus_file("pingtan-2019.html"), config=EVERYTHING)
    shanghai = audit(corpus_file("shanghai-bgt-2019.html"), config=EVERYTHING)
    assert rules_of(pingtan, "GA601") == []  # the five aspects of 总体情况 are the 2021 format's
    assert rules_of(shanghai, "GA605") == []  # 六 reads 无。: the 2019 format has no 信息处理费 to state
    assert rules_of(shanghai, "GA604") == []


def test_two_rules_never_report_the_same_omission():
    # 建议提案 is GA606's (section 六); GA603 (the whole report) no longer asks for it too.
    hongze = audit(corpus_file("hongze-2024.pdf"), config=EVERYTHING)
    by_rule = {f.rule: f.message for f in hongze.findings}
    assert "建议提案" in by_rule["GA606"] and "建议提案" not in by_rule["GA603"]
    assert rules_of(hongze).count("GA603") == 1 and rules_of(hongze).count("GA608") == 1


# The clean corpus reports: what is shown by default, each checked against the text (issue 13).
DEFAULT_WARNINGS = {
    "hongze-2024.pdf": ["GA602", "GA108"],  # no 社会评议/责任追究 in the text; 表三 （六）其他处理 in one row
    "huaian-2024.pdf": ["GA602"],  # none of 考核、社会评议、责任追究
    "pingtan-2019.html": ["GA602"],  # neither 社会评议 nor 责任追究
    "pingtan-2023.html": ["GA602"],  # 考核 and 问责 are there, 社会评议 is not
    "pingtan-2024.html": ["GA602"],
    "pingtan-2025.html": ["GA602"],
    "shanghai-bgt-2019.html": ["GA204", "GA303"],  # the blank 总计 column and blank 表四 cells, each said once
    "shuyang-fgj-2023.html": ["GA204"],  # five blank 法人或其他组织 columns
}


@pytest.mark.parametrize("name", sorted(DEFAULT_WARNINGS))
def test_default_warnings_on_the_clean_corpus_reports(name):
    result = audit(corpus_file(name))
    assert [f.rule for f in result.findings if f.severity != "info"] == DEFAULT_WARNINGS[name]


def test_min_confidence_from_the_configuration_and_the_command_line():
    assert Config().min_confidence == "V"
    assert parse_config({"min-confidence": "R"}, "govaudit.toml", ".").min_confidence == "R"
    with pytest.raises(ConfigError, match="min-confidence 应为 V/R/H"):
        parse_config({"min-confidence": "X"}, "govaudit.toml", ".")
    example = str(ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html")

    def check(*options):
        proc = subprocess.run(
            [sys.executable, "-m", "govaudit", "check", "--no-source", *options, example],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )
        return proc.stdout.rstrip().splitlines()[-1]

    assert check() == "发现 5 个错误、1 个警告（1 个文件）"
    assert check("--min-confidence", "R") == "发现 5 个错误、2 个警告（1 个文件）"  # + GA604


def test_a_rule_selected_by_its_id_runs_whatever_its_confidence():
    report = "示例县人民政府2024年政府信息公开工作年度报告\n五、存在的主要问题及改进情况\n本年度工作有待加强。\n"
    assert rules_of(audit_text(report), "GA608") == []
    assert rules_of(audit_text(report, config=Config(select=["GA608"])), "GA608") == ["GA608"]
    assert rules_of(audit_text(report, config=Config(select=["GA6"])), "GA608") == []  # a prefix keeps the default
