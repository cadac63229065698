"""`check --previous` compares only the same issuer's report of the year
before; `--previous-any` for a deliberate comparison (issue 14, item 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_govaudit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
Y2023 = EXAMPLES / "示例县2023年政府信息公开工作年度报告.html"
Y2024 = EXAMPLES / "示例县2024年政府信息公开工作年度报告.html"
T2023 = "《示例县人民政府2023年政府信息公开工作年度报告》（示例县人民政府，2023年）"
T2024 = "《示例县人民政府2024年政府信息公开工作年度报告》（示例县人民政府，2024年）"


_run = run_govaudit


@pytest.fixture
def reports(tmp_path):
    shutil.copy(Y2023, tmp_path / "2023.html")
    shutil.copy(Y2024, tmp_path / "2024.html")
    page = Y2023.read_text(encoding="utf-8")
    (tmp_path / "other.html").write_text(page.replace("示例县", "样板县"), encoding="utf-8")
    (tmp_path / "2022.html").write_text(page.replace("2023年", "2022年"), encoding="utf-8")
    return tmp_path


def _refusal(current: str, why: str, previous: str, said_current: str, said_previous: str) -> str:
    return (
        f"govaudit: 错误: {current}: --previous 应为同一机关上一年度的报告，{why}：本报告{said_current}，"
        f"--previous {previous} {said_previous}；确需比较这两份报告请用 --previous-any\n"
    )


def test_the_issuers_report_of_the_year_before_is_compared(reports):
    done = _run(reports, "check", "--no-source", "--select", "GA502", "--previous", "2023.html", "2024.html")
    assert done.returncode == 1
    assert done.stderr == ""
    assert "GA502" in done.stdout


def test_another_issuers_report_is_refused(reports):
    done = _run(reports, "check", "--previous", "other.html", "2024.html")
    assert done.returncode == 2
    other = "《样板县人民政府2023年政府信息公开工作年度报告》（样板县人民政府，2023年）"
    assert done.stderr == _refusal("2024.html", "两份报告不是同一机关", "other.html", T2024, other)
    assert "GA502" not in done.stdout  # no cross-year finding from a wrong pair


def test_the_same_file_twice_is_refused(reports):
    done = _run(reports, "check", "--previous", "./2023.html", "2023.html")
    assert done.returncode == 2
    assert done.stderr == _refusal("2023.html", "这是同一个文件", "./2023.html", T2023, T2023)


def test_a_later_year_is_refused(reports):
    done = _run(reports, "check", "--previous", "2024.html", "2023.html")
    assert done.returncode == 2
    assert done.stderr == _refusal("2023.html", "年度不相邻（上年应为 2022 年）", "2024.html", T2023, T2024)


def test_a_skipped_year_is_refused(reports):
    done = _run(reports, "check", "--previous", "2022.html", "2024.html")
    assert done.returncode == 2
    t2022 = "《示例县人民政府2022年政府信息公开工作年度报告》（示例县人民政府，2022年）"
    assert done.stderr == _refusal("2024.html", "年度不相邻（上年应为 2023 年）", "2022.html", T2024, t2022)


def test_previous_any_compares_whatever_it_is_given(reports):
    done = _run(reports, "check", "--no-source", "--select", "GA502", "--previous", "other.html", "--previous-any", "2024.html")
    assert done.returncode == 1
    assert done.stderr == ""
    assert "GA502" in done.stdout


def test_previous_any_alone_is_a_usage_error(reports):
    done = _run(reports, "check", "--previous-any", "2024.html")
    assert (done.returncode, done.stderr) == (2, "govaudit: 错误: --previous-any 须与 --previous 一起使用\n")


def test_previous_with_several_reports_is_refused(reports):
    """Several reports are chained by issuer and year on their own (test_check_chain.py):
    --previous could be last year's report of one of them at most."""
    done = _run(reports, "check", "--no-source", "--select", "GA502", "--previous", "2023.html", "2024.html", "other.html")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("govaudit: 错误: --previous 只能与一份报告一起使用；检查多份报告时，"
                           "同一机关相邻年度的报告自动跨年核对（--no-chain 关闭）\n")


def test_the_pair_compared_is_shown(reports):
    done = _run(reports, "check", "--no-source", "--select", "GA502", "--previous", "2023.html", "2024.html")
    assert done.stdout.splitlines()[-2:] == ["2024.html: 已与上一年度报告 2023.html 做跨年核对", "发现 1 个错误（1 个文件）"]
    done = _run(reports, "check", "--no-source", "--select", "GA502", "--previous", "other.html", "--previous-any", "2024.html")
    assert done.stdout.splitlines()[-2] == "2024.html: 已与 other.html 做跨年核对（--previous-any：未核对是否同一机关的上一年度）"
