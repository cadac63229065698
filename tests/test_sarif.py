"""`--format sarif`: valid SARIF 2.1.0 (the official schema), rules, regions,
logical locations, and fingerprints that survive unrelated edits."""

import json
import subprocess
import sys

import jsonschema
import pytest

from govaudit.api import audit
from govaudit.lint.config import Config
from govaudit.engine.run import rule_set
from govaudit.core.errors import InputError
from govaudit.output.sarif import render_sarif, sarif_log
from tests.conftest import ROOT

# The official schema: https://json.schemastore.org/sarif-2.1.0.json
# ($id .../oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json).
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"
EXAMPLE_MD = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"


def validate(log: dict) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "govaudit", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120)


def test_schema_is_the_official_one():
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert SCHEMA["$id"].endswith("/Schemata/sarif-schema-2.1.0.json")
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_schema_rejects_a_broken_log():
    # The validation below is not vacuous: a wrong level or a missing message fails it.
    log = sarif_log([audit(EXAMPLE)], rule_set())
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        validate(log)


def test_cli_sarif_is_valid_and_complete():
    proc = run("check", "--format", "sarif", EXAMPLE.relative_to(ROOT))
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    validate(log)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "govaudit" and driver["version"]
    assert "informationUri" not in driver  # no address that might not be this project's
    rules = {r["id"]: r for r in driver["rules"]}
    all_rules = {r.id: r for r in rule_set()}
    assert set(rules) == set(all_rules)
    ga201 = rules["GA201"]
    assert ga201["name"] == "t3-balance"
    assert ga201["shortDescription"]["text"] == all_rules["GA201"].summary
    assert ga201["fullDescription"]["text"].startswith("表三左上角注明了本列数据的勾稽关系")
    assert "helpUri" not in ga201
    page = (ROOT / "docs" / "rules" / "GA201.md").read_text(encoding="utf-8")
    help_md = ga201["help"]["markdown"]
    assert help_md.startswith("# GA201 t3-balance\n") and "## 恒等式" in help_md and "## 例子" in help_md
    assert help_md.replace("docs/configuration.md“抑制注释”", "[抑制](../configuration.md#抑制注释)").replace(
        "（见 docs/configuration.md）", "（见 [配置](../configuration.md)）") in page
    assert ga201["defaultConfiguration"]["level"] == "error"
    levels = {all_rules[i].severity: rules[i]["defaultConfiguration"]["level"] for i in rules}
    assert levels == {"error": "error", "warning": "warning", "info": "note"}

    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["GA701", "GA501", "GA201", "GA201", "GA203", "GA301"]
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    first = results[2]
    assert first["level"] == "error"
    assert first["message"]["text"].startswith("表三“自然人”列：新收126 + 上年结转4 = 130")
    phys = first["locations"][0]["physicalLocation"]
    # A relative URI reference: the path as given, non-ASCII percent-encoded.
    assert phys["artifactLocation"]["uri"].startswith("examples/%E7%A4%BA")
    assert phys["region"] == {"startLine": 66, "startColumn": 42}
    assert first["locations"][0]["logicalLocations"][0]["name"] == "第三部分"
    assert results[1]["level"] == "warning"
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 27, "startColumn": 4, "endLine": 27, "endColumn": 327}


def test_docx_findings_have_logical_locations_and_no_region(tmp_path):
    pytest.importorskip("docx")
    from docx_builder import build_docx

    source = audit(EXAMPLE).extraction.document
    path = build_docx(source, tmp_path / "报告.docx")
    result = audit(path, config=Config(select=["GA2", "GA3"]))
    assert result.findings
    log = sarif_log([result], rule_set())
    validate(log)
    cell = None
    for r in log["runs"][0]["results"]:
        loc = r["locations"][0]
        assert "region" not in loc["physicalLocation"]
        names = [l["fullyQualifiedName"] for l in loc.get("logicalLocations", [])]
        cell = cell or next((n for n in names if "/行" in n), None)
    finding = result.findings[0]
    assert finding.location.table is not None and finding.location.row is not None
    assert cell is not None and cell.startswith(("表三/行", "表四/行")) and "/列" in cell


def test_unsafe_characters_are_escaped_and_log_stays_valid():
    result = audit(EXAMPLE, config=Config(select=["GA201"]))
    import attrs

    result.findings[0] = attrs.evolve(result.findings[0], message="恶意\u202e文字\x1b[31m")  # findings are frozen
    text = render_sarif([result], rule_set())
    assert "\u202e" not in text and "\x1b" not in text
    log = json.loads(text)
    assert log["runs"][0]["results"][0]["message"]["text"] == "恶意\u202e文字\x1b[31m"  # escaped, not altered
    validate(log)


def test_unreadable_file_is_a_notification(tmp_path):
    exc = InputError(str(tmp_path / "坏.html"), "文件不存在")
    log = sarif_log([audit(EXAMPLE)], rule_set(), failed=[exc])
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "文件不存在" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def _results(path):
    log = sarif_log([audit(path)], rule_set())
    validate(log)
    return log["runs"][0]["results"]


def _fingerprints(path):
    return {(r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["govaudit/v1"] for r in _results(path)}


def insert_paragraph(text: str, before: str = "## 二") -> str:
    lines = text.splitlines()
    at = next(i for i, l in enumerate(lines) if l.startswith(before))
    return "\n".join(lines[:at] + ["本段为新增的说明文字，与任何问题无关。", ""] + lines[at:]) + "\n"


def test_fingerprints_survive_moving_lines(tmp_path):
    report = tmp_path / "报告.md"
    original = EXAMPLE_MD.read_text(encoding="utf-8")
    report.write_text(original, encoding="utf-8")
    before, lines_before = _fingerprints(report), [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in _results(report)]
    report.write_text(insert_paragraph(original), encoding="utf-8")
    after, lines_after = _fingerprints(report), [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in _results(report)]
    assert len(before) >= 5
    assert lines_before != lines_after  # the findings did move
    assert after == before
    assert len(set(before.values())) == len(before)  # and no two findings share one


def test_fingerprint_changes_with_the_finding(tmp_path):
    report = tmp_path / "报告.md"
    original = EXAMPLE_MD.read_text(encoding="utf-8")
    report.write_text(original, encoding="utf-8")
    before = _fingerprints(report)
    report.write_text(original.replace("| 126 | 18 |", "| 127 | 18 |"), encoding="utf-8")
    after = _fingerprints(report)
    changed = [k for k in before if k[0] == "GA201" and "自然人" in k[1]]
    assert changed and all(k not in after for k in changed)
    assert set(before.values()) != set(after.values())


def test_corpus_reports_give_valid_sarif():
    from tests.conftest import CORPUS

    files = sorted(p for p in CORPUS.glob("*") if p.suffix in (".html", ".pdf", ".txt", ".docx", ".md")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip(f"语料库不存在：{CORPUS}")
    results, failed = [], []
    for path in files:
        try:
            results.append(audit(path))
        except InputError as exc:
            failed.append(exc)
    log = sarif_log(results, rule_set(), failed=failed)
    validate(log)
    out = log["runs"][0]["results"]
    assert out
    # Every result is placed: a region, or (Word/PDF) a logical location.
    for r in out:
        loc = r["locations"][0]
        assert "region" in loc["physicalLocation"] or loc.get("logicalLocations"), r


def test_logical_location_names():
    from govaudit.core.findings import Finding
    from govaudit.core.model import Location
    from govaudit.output.sarif import logical_locations

    def names(section=None, **loc):
        f = Finding("GA201", "t3-balance", "error", "m", Location("r.docx", **loc), section=section)
        return [(l["name"], l["fullyQualifiedName"]) for l in logical_locations(f)]

    assert names("三", table=2, row=5, col=3) == [("第三部分", "第三部分"), ("列3", "表三/行5/列3")]
    assert names("四", page=2, table=3, row=1, col=1) == [("第四部分", "第四部分"), ("列1", "第2页/表四/行1/列1")]
    assert names(None, table=7, row=2, col=1) == [("列1", "第7个表格/行2/列1")]
    assert names("一", paragraph=12) == [("第一部分", "第一部分"), ("段12", "段12")]
    assert names(None, line=3, column=1) == []
