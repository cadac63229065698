"""Heavy things load only when a rule or an input needs them."""

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import sys, govaudit
from govaudit.lint.config import Config
report = sys.argv[1]
result = govaudit.audit_text(report, config=Config(min_confidence="R"))  # GA603 is inferred from practice
print(sorted(m for m in ("jieba", "pypdfium2", "pypdfium2_raw", "lxml", "openpyxl", "charset_normalizer") if m in sys.modules))
print(sorted({f.rule for f in result.findings if f.rule == "GA603"}))
"""


def modules_after_audit(report: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, report], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_department_report_loads_no_heavy_module():
    report = "示例县发展和改革局2024年政府信息公开工作年度报告\n一、总体情况\n本年度新收申请3件。\n"
    assert modules_after_audit(report) == ["[]", "[]"]


def test_jieba_loads_only_to_confirm_a_short_keyword():
    # 供应急需: 应急 is found by the automaton, and jieba says it is not a word here.
    report = "示例县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n保障供应急需物资。\n"
    loaded, ga603 = modules_after_audit(report)
    assert loaded == "['jieba']" and ga603 == "['GA603']"


CLI_PROBE = """
import sys
from govaudit.cli.app import main
watch = sys.argv[1].split(",")
sys.argv = ["govaudit", "check", "--no-source", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in watch if m in sys.modules), file=sys.stderr)
"""
WATCHED = ("govaudit.lint.suppress", "govaudit.cli.summary", "concurrent.futures", "multiprocessing", "html.entities")


def modules_after_check(*paths: str, watch=WATCHED, env: dict | None = None) -> str:
    """Which of `watch` a `govaudit check` of `paths` imported."""
    proc = subprocess.run([sys.executable, "-c", CLI_PROBE, ",".join(watch), *paths], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env=env)
    return proc.stderr.strip().splitlines()[-1]


def test_check_loads_the_suppression_step_only_for_a_report_naming_govaudit(tmp_path):
    plain = tmp_path / "plain.md"
    plain.write_text("示例县2024年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度新收申请3件。\n", encoding="utf-8")
    commented = tmp_path / "commented.md"
    commented.write_text(plain.read_text(encoding="utf-8") + "\n<!-- govaudit: ignore GA101 示例 -->\n\n二、其他\n",
                         encoding="utf-8")
    assert modules_after_check(str(plain)) == "[]"  # nor summary's command, nor a process pool for one file
    assert modules_after_check(str(commented)) == "['govaudit.lint.suppress']"


def test_check_of_a_page_with_common_references_does_not_load_the_entity_table(tmp_path):
    page = (ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html").read_text(encoding="utf-8")
    page = page.replace("<p>", "<p>&nbsp;&ldquo;&amp;&rdquo;", 1)
    common = tmp_path / "common.html"
    common.write_text(page, encoding="utf-8")
    assert "html.entities" not in modules_after_check(str(common))
    rare = tmp_path / "rare.html"
    rare.write_text(page.replace("<p>", "<p>&copy;", 1), encoding="utf-8")
    assert "html.entities" in modules_after_check(str(rare))


def test_rule_files_are_read_only_when_the_cache_has_no_rule_set(tmp_path):
    import os

    report = tmp_path / "r.md"
    report.write_text("示例县2024年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度新收申请3件。\n", encoding="utf-8")
    env = dict(os.environ, GOVAUDIT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("GOVAUDIT_NO_CACHE", None)
    rulefile = ("govaudit.engine.rulefile",)
    assert modules_after_check(str(report), watch=rulefile, env=env) == str(list(rulefile))  # builds the cache
    assert modules_after_check(str(report), watch=rulefile, env=env) == "[]"  # from the cache: no rule file read


def test_one_report_loads_neither_the_worker_pool_nor_the_cross_year_code(tmp_path):
    report = tmp_path / "r.md"
    report.write_text("示例县2024年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度新收申请3件。\n", encoding="utf-8")
    watched = ("govaudit.batch.pool", "pickle", "govaudit.engine.kinds.similarity")
    assert modules_after_check(str(report), watch=watched) == "[]"
    last_year = tmp_path / "last.md"
    last_year.write_text(report.read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    with_previous = modules_after_check("--previous", str(last_year), str(report), watch=watched)
    assert with_previous == "['govaudit.engine.kinds.similarity']"
