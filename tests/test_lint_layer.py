"""The lint layer (lint/apply.py) outside the engine: the engine gives the
findings of the rules it is handed; selection, suppression, severity
overrides and baselines happen afterwards, on frozen findings. Loaders hand
over the suppression comments they saw."""

from __future__ import annotations

import ast
import inspect

import attrs
import pytest

from govaudit.api import audit_text, extract, extract_text
from govaudit.core.findings import Finding
from govaudit.core.model import Directive, Location
from govaudit.engine import run as engine_run
from govaudit.lint.config import Config
from tests.conftest import ROOT

OUTPUT = ROOT / "govaudit" / "output"
T3_PROSE = "本年度新收到政府信息公开申请10件，上年结转2件，全年办结11件，结转下年3件。"


def test_the_engine_takes_rules_and_a_context_and_nothing_else():
    assert list(inspect.signature(engine_run.run_rules).parameters) == ["rules", "ctx", "every"]
    assert "Config" not in inspect.getsource(engine_run)


def test_a_severity_override_makes_new_findings_and_leaves_the_engines_alone():
    text = "示例县人民政府2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + T3_PROSE + "\n"
    result = audit_text(text, config=Config(select=["GA201"], severity={"GA201": "warning"}))
    assert [(f.rule, f.severity) for f in result.findings] == [("GA201", "warning")]
    assert [(f.rule, f.severity) for f in result.engine_findings] == [("GA201", "error")]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.findings[0].severity = "info"


def test_selection_decides_which_rules_the_engine_runs():
    text = "示例县人民政府2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + T3_PROSE + "\n"
    result = audit_text(text, config=Config(ignore=["GA2"]))
    assert not [f for f in result.engine_findings if f.rule.startswith("GA2")]


def test_markdown_loader_hands_over_comments_to_govaudit_with_their_place():
    text = (
        "示例县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"
        "<!-- 编者按：不是给 govaudit 的 -->\n"
        "正文<!-- govaudit: ignore GA501 跨行\n的原因 -->。\n"
    )
    document = extract_text(text).document
    assert document.directives == [
        Directive("<!-- govaudit: ignore GA501 跨行\n的原因 -->", Location("<text>", line=4, column=3, end_line=5, end_column=8))
    ]


def test_html_loader_hands_over_comments_to_govaudit_with_their_place(tmp_path):
    page = tmp_path / "r.html"
    page.write_text(
        "<html><body>\n<h1>示例县人民政府2024年政府信息公开工作年度报告</h1>\n"
        "<p>一、总体情况</p>  <!--GOVAUDIT: ignore GA101 原因--><!-- 其他注释 -->\n"
        "<script>/* <!-- govaudit: ignore GA2 脚本里的不是注释 --> */</script></body></html>\n",
        encoding="utf-8",
    )
    document = extract(page).document
    assert document.directives == [
        Directive("<!--GOVAUDIT: ignore GA101 原因-->", Location(str(page), line=3, column=16, end_line=3, end_column=48))
    ]


def test_output_writers_do_not_import_the_baseline_module():
    for module in sorted(OUTPUT.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.endswith("baseline")], module.name


def test_findings_carry_their_fingerprint_only_when_stamped():
    from govaudit.lint.fingerprint import fingerprints, stamped

    loc = Location("a.md", line=3)
    a = Finding("GA201", "t3-balance", "error", "x", loc)
    b = Finding("GA201", "t3-balance", "error", "x", Location("a.md", line=9))
    assert a.fingerprint is None
    sa, sb = stamped([a, b])
    assert [sa.fingerprint, sb.fingerprint] == fingerprints([a, b]) and sa.fingerprint.endswith(":1") and sb.fingerprint.endswith(":2")
    assert sa == a  # the fingerprint is not part of what a finding says
