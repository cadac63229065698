"""`check` on several reports of one issuer chains consecutive years, as
`summary` does; `--no-chain` turns it off (issue 14, item 2).

The reports are fictional: 示例县's 2023 report as shipped, and a 2022
report made from it (its years moved back by one), so that 2023 copies
2022's section 五 word for word and 2023's 上年结转 differs from 2022's
结转下年度 (GA502, GA503)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import run_govaudit

ROOT = Path(__file__).resolve().parent.parent
Y2023 = ROOT / "examples" / "示例县2023年政府信息公开工作年度报告.html"

CHAINED = [
    "2023.html:67:42: GA502 [error] 表三“自然人”列：上年结转2，不等于 上年报告结转下年5（相差3）",
    "2023.html:67:52: GA502 [error] 表三“商业企业”列：上年结转0，不等于 上年报告结转下年1（相差1）",
    "2023.html:67:102: GA502 [error] 表三“总计”列：上年结转2，不等于 上年报告结转下年6（相差4）",
    "2023.html:102:5: GA503 [warning] 第五部分与2022年报告的第五部分文字相似度为100%（阈值80%）：存在的问题及改进情况疑似照抄上年",
    "",
    "2023.html: 已与上一年度报告 2022.html 做跨年核对",
    "发现 3 个错误、1 个警告（2 个文件）",
]


def _year_before(text: str, year: int) -> str:
    """The report with every year moved back by one (a fictional report of the year before)."""
    return text.replace(str(year), "\0").replace(str(year - 1), str(year - 2)).replace("\0", str(year - 1))


@pytest.fixture
def reports(tmp_path):
    page = Y2023.read_text(encoding="utf-8")
    (tmp_path / "2023.html").write_text(page, encoding="utf-8")
    (tmp_path / "2022.html").write_text(_year_before(page, 2023), encoding="utf-8")
    return tmp_path


_run = run_govaudit


def test_consecutive_years_of_one_issuer_are_chained(reports):
    done = _run(reports, "check", "--no-source", "2022.html", "2023.html")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == CHAINED


def test_a_folder_is_chained_too(reports):
    done = _run(reports, "check", "--no-source", ".")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-2:] == ["./2023.html: 已与上一年度报告 ./2022.html 做跨年核对", CHAINED[-1]]


def test_no_chain_turns_it_off(reports):
    done = _run(reports, "check", "--no-source", "--no-chain", "2022.html", "2023.html")
    assert (done.returncode, done.stdout, done.stderr) == (0, "未发现问题（2 个文件）\n", "")


def test_json_names_the_report_compared_with(reports):
    done = _run(reports, "check", "--output-format", "json", "2023.html", "2022.html")
    found = json.loads(done.stdout)
    assert [(f["rule"], f["path"], f["previous"]) for f in found] == [("GA502", "2023.html", "2022.html")] * 3 + [
        ("GA503", "2023.html", "2022.html")]
    lines = _run(reports, "check", "--output-format", "json-lines", "2023.html", "2022.html").stdout.splitlines()
    assert [json.loads(line) for line in lines] == found
    done = _run(reports, "check", "--output-format", "json", "--no-chain", "2023.html", "2022.html")
    assert json.loads(done.stdout) == []


def test_quiet_shows_the_findings_only(reports):
    done = _run(reports, "check", "--no-source", "-q", "2022.html", "2023.html")
    assert done.stdout.splitlines() == CHAINED[:5]


def test_a_skipped_year_is_said_and_not_compared(reports):
    (reports / "2022.html").rename(reports / "2021.html")
    page = (reports / "2021.html").read_text(encoding="utf-8")
    (reports / "2021.html").write_text(_year_before(page, 2022), encoding="utf-8")
    done = _run(reports, "check", "--no-source", "2021.html", "2023.html")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "2023.html: 同一机关的上一份报告是2021年度，不是上一年度（缺2022年度），未做跨年核对",
        "未发现问题（2 个文件）",
    ]


def test_another_issuers_report_is_not_compared(reports):
    page = (reports / "2022.html").read_text(encoding="utf-8")
    (reports / "2022.html").write_text(page.replace("示例县", "样板县"), encoding="utf-8")
    done = _run(reports, "check", "--no-source", "2022.html", "2023.html")
    assert (done.returncode, done.stdout) == (0, "未发现问题（2 个文件）\n")


def test_nothing_is_chained_when_no_cross_year_rule_runs(reports):
    done = _run(reports, "check", "--no-source", "--ignore", "GA502,GA503", "2022.html", "2023.html")
    assert (done.returncode, done.stdout) == (0, "未发现问题（2 个文件）\n")


def test_each_report_is_read_once(reports, monkeypatch):
    """The second pass runs the cross-year rules on what the first read."""
    import govaudit.api
    from govaudit.cli.app import cli

    read = []
    extract = govaudit.api.extract
    monkeypatch.setattr(govaudit.api, "extract", lambda path, limits=None: read.append(path) or extract(path, limits))
    monkeypatch.chdir(reports)
    done = CliRunner().invoke(cli, ["check", "--no-source", "2022.html", "2023.html"])
    assert done.exit_code == 1
    assert done.output.splitlines()[-2:] == CHAINED[-2:]
    assert sorted(read) == ["2022.html", "2023.html"]


def test_three_years_chained_in_worker_processes(reports):
    """-j 2: the cross-year pass runs in forked workers, which read the parent's spool."""
    page = (reports / "2022.html").read_text(encoding="utf-8")
    (reports / "2021.html").write_text(_year_before(page, 2022), encoding="utf-8")
    done = _run(reports, "check", "--no-source", "-j", "2", "--select", "GA503", ".")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "./2022.html:102:5: GA503 [warning] 第五部分与2021年报告的第五部分文字相似度为100%（阈值80%）：存在的问题及改进情况疑似照抄上年",
        "",
        "./2023.html:102:5: GA503 [warning] 第五部分与2022年报告的第五部分文字相似度为100%（阈值80%）：存在的问题及改进情况疑似照抄上年",
        "",
        "./2022.html: 已与上一年度报告 ./2021.html 做跨年核对",
        "./2023.html: 已与上一年度报告 ./2022.html 做跨年核对",
        "发现 2 个警告（3 个文件）",
    ]


def test_a_comparison_that_fails_is_said_and_the_reports_own_findings_stand(reports, monkeypatch):
    import govaudit.batch.chaining
    from govaudit.cli.app import cli
    from govaudit.core.errors import InputError

    def broken(current, previous, config):
        raise InputError("2023.html", "处理超时（超过 120 秒）")

    monkeypatch.setattr(govaudit.batch.chaining, "recheck", broken)
    monkeypatch.chdir(reports)
    done = CliRunner().invoke(cli, ["check", "--no-source", "2022.html", "2023.html"])
    assert done.exit_code == 2  # as for a file that could not be read: the check did not run whole
    assert done.output.splitlines() == [
        "govaudit: 错误: 2023.html: 跨年核对未完成：处理超时（超过 120 秒）",  # stderr (mixed in by CliRunner)
        "2023.html: 跨年核对未完成：处理超时（超过 120 秒）",
        "未发现问题（2 个文件）",  # both were read: none is called unreadable
    ]


def test_sarif_says_the_run_was_not_whole_when_a_comparison_fails(reports, monkeypatch):
    import json

    import govaudit.batch.chaining
    from govaudit.cli.app import cli
    from govaudit.core.errors import InputError

    def broken(current, previous, config):
        raise InputError("2023.html", "处理超时（超过 120 秒）")

    monkeypatch.setattr(govaudit.batch.chaining, "recheck", broken)
    monkeypatch.chdir(reports)
    done = CliRunner().invoke(cli, ["check", "--format", "sarif", "2022.html", "2023.html"])  # click 8.2+: stdout apart
    assert done.exit_code == 2
    invocation = json.loads(done.stdout)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert any("跨年核对未完成：处理超时（超过 120 秒）" in n for n in notes)
