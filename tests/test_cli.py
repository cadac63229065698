"""The command line: exit codes, output shape, one-line errors."""

import json
import subprocess
import sys

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"
CLEAN = ROOT / "examples" / "示例县2023年政府信息公开工作年度报告.html"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "govaudit", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120)


def test_check_text_output_and_exit_1():
    proc = run("check", EXAMPLE)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert ": GA" in first and "[error]" in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1] == "发现 5 个错误、1 个警告（1 个文件）"
    assert " | " in proc.stdout and "^" in proc.stdout  # the source line and its marker


def test_check_clean_report_exit_0():
    proc = run("check", "--select", "GA2,GA3", CLEAN)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == "未发现问题（1 个文件）"


def test_fail_on_and_exit_zero():
    assert run("check", "--select", "GA501", EXAMPLE).returncode == 0  # a warning only
    assert run("check", "--select", "GA501", "--fail-on", "warning", EXAMPLE).returncode == 1
    assert run("check", "--exit-zero", EXAMPLE).returncode == 0


def test_json_contract():
    proc = run("check", "--format", "json", "--select", "GA201", EXAMPLE)
    findings = json.loads(proc.stdout)
    assert len(findings) == 2
    f = findings[0]
    assert set(f) >= {"rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "section", "facts", "expected", "actual"}
    assert (f["rule"], f["name"], f["severity"], f["section"]) == ("GA201", "t3-balance", "error", "三")
    assert f["facts"] == ["t3.new_received.natural_person", "t3.carried_over.natural_person", "t3.total_processed.natural_person", "t3.carried_forward.natural_person"]
    assert (f["actual"], f["expected"]) == (130, 128)


def test_missing_file_is_one_line_exit_2():
    proc = run("check", "/nonexistent/报告.html")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["govaudit: 错误: /nonexistent/报告.html: 文件不存在"]
    assert "Traceback" not in proc.stderr


def test_bad_config_is_exit_2(tmp_path):
    (tmp_path / "govaudit.toml").write_text('selec = ["GA2"]\n', encoding="utf-8")
    proc = run("check", EXAMPLE, cwd=tmp_path)
    assert proc.returncode == 2
    assert "未知的配置项 “selec”（您是否想写 “select”？）" in proc.stderr and "Traceback" not in proc.stderr


def test_config_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govaudit]\nselect = ["GA501"]\nfail-on = "warning"\n', encoding="utf-8")
    proc = run("check", EXAMPLE, cwd=tmp_path)
    assert proc.returncode == 1
    assert "GA501" in proc.stdout and "GA201" not in proc.stdout


def test_extra_rule_file_from_config(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[[rule]]\nid = "XY101"\nname = "fee-amount"\nkind = "topics"\nsection = "六"\nrequire = [["不存在的词"]]\n'
        'severity = "info"\nsummary = "s"\nmessage = "未提及{topic}"\nexplanation = "e"\nlegal_basis = "b"\n',
        encoding="utf-8",
    )
    (tmp_path / "govaudit.toml").write_text('rules = ["mine.toml"]\nselect = ["XY"]\n', encoding="utf-8")
    proc = run("check", EXAMPLE, cwd=tmp_path)
    assert "XY101 [info] 未提及不存在的词" in proc.stdout


def test_rules_and_explain():
    listing = run("rules").stdout
    assert "GA201" in listing and "t3-balance" in listing
    text = run("explain", "GA201").stdout
    assert "恒等式：t3.new_received.{col}" in text and "依据：" in text and "报错的例子" in text
    assert run("explain", "GA999").returncode == 2


def test_extract_json_and_csv():
    data = json.loads(run("extract", CLEAN).stdout)
    assert data[0]["year"] == 2023 and data[0]["issuer"] == "示例县人民政府"
    csv_text = run("extract", "--format", "csv", CLEAN).stdout
    assert csv_text.splitlines()[0].startswith("path,key,value,blank")


def test_parallel_check_gives_the_same_output_in_the_same_order(tmp_path):
    import shutil

    names = []
    for i in range(5):
        for source in (EXAMPLE, CLEAN):
            target = tmp_path / f"{i}-{source.name}"
            shutil.copyfile(source, target)
            names.append(target)
    (tmp_path / "坏.pdf").write_bytes(b"not a pdf")
    names.insert(3, tmp_path / "坏.pdf")
    serial = run("check", "--jobs", "1", *names)
    parallel = run("check", "--jobs", "2", *names)
    assert parallel.returncode == serial.returncode == 2  # one file could not be read
    assert parallel.stdout == serial.stdout and parallel.stderr == serial.stderr
    assert serial.stdout.count("GA201 [error]") == 10 and " | " in serial.stdout  # source lines still quoted
    assert serial.stderr.strip() == f"govaudit: 错误: {tmp_path / '坏.pdf'}: 不是有效的 PDF 文件（缺少 %PDF 文件头）"


def test_check_searches_folders_for_reports(tmp_path):
    import shutil

    shutil.copyfile(EXAMPLE, tmp_path / "a.html")
    (tmp_path / "sub").mkdir()
    shutil.copyfile(CLEAN, tmp_path / "sub" / "b.html")
    (tmp_path / "README.md").write_text("# 说明\n", encoding="utf-8")  # passed over: not a report
    proc = run("check", "--select", "GA201", tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.rstrip().splitlines()[-1] == "发现 2 个错误（2 个文件）"


def test_help_and_version_speak_chinese_and_paths_are_checked_by_govaudit(tmp_path):
    for command in ([], ["check"], ["extract"], ["rules"], ["explain"], ["summary"]):
        proc = run(*command, "--help")
        assert proc.returncode == 0 and "显示帮助并退出" in proc.stdout and "Show this message" not in proc.stdout
    top = run("--help").stdout
    assert "--version   显示版本并退出" in top
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("govaudit, version ")
    # An output that is a folder is refused before any work, in Chinese.
    proc = run("check", "-o", str(tmp_path), "examples/示例县2024年政府信息公开工作年度报告.html")
    assert proc.returncode == 2 and "是一个目录，这里需要文件" in proc.stderr


def test_check_of_several_files_shows_progress_on_a_terminal_only(tmp_path):
    import os
    import pty

    example = "examples/示例县2024年政府信息公开工作年度报告.html"
    args = ("check", "--no-source", example, "examples/示例县2023年政府信息公开工作年度报告.html", str(tmp_path / "gone.html"))
    plain = run(*args)
    assert "检查 [" not in plain.stderr and plain.stderr.count("govaudit: 错误: ") == 1

    master, slave = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "govaudit", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=slave,
                          timeout=120)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal is gone once everything is read
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    terminal = seen.decode("utf-8")
    assert proc.returncode == 2
    assert "\r检查 [" in terminal and "3/3" in terminal
    assert "gone.html: 文件不存在" in terminal


def test_a_pdf_is_read_in_a_worker_process(tmp_path):
    """pdfium can hang inside C code, where the per-file alarm cannot reach:
    a PDF is read in a child process, which is killed past its deadline. In
    a run of a few reports only the reading is done there (read ahead while
    the rules load, batch/readahead.py); the audit is done here."""
    from tests.hostile_inputs import pdf_bytes

    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_bytes(["示例县2024年政府信息公开工作年度报告", "一、总体情况", "本年度新收申请3件。"]))
    html = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"
    probe = """
import os, sys
import govaudit.api as api, govaudit.load as load
parent, log = os.getpid(), sys.argv.pop(1)
def logged(real):
    def call(path, *args, **kw):
        with open(log, "a") as out:
            where = " worker" if os.getpid() != parent else " main"
            out.write(real.__name__ + " " + os.path.basename(str(getattr(path, "path", path))) + where + "\\n")
        return real(path, *args, **kw)
    return call
api.audit, api.audit_document, api.extract = logged(api.audit), logged(api.audit_document), logged(api.extract)
load.load_bytes = logged(load.load_bytes)
from govaudit.cli.app import main
sys.argv = ["govaudit", "check", *sys.argv[1:]]
main()
"""
    def calls(*args) -> set[str]:
        log = tmp_path / f"log{len(list(tmp_path.glob('log*')))}"
        subprocess.run([sys.executable, "-c", probe, str(log), *map(str, args)], cwd=ROOT, capture_output=True,
                       timeout=120)
        return set(log.read_text(encoding="utf-8").splitlines())

    here = {f"audit {html.name} main", f"extract {html.name} main", f"load_bytes {html.name} main"}
    assert calls(pdf) == {"load_bytes r.pdf worker", "audit_document r.pdf main"}
    assert calls(html) == here
    assert calls(pdf, html) == {"load_bytes r.pdf worker", "audit_document r.pdf main", *here}
    # Last year's report (--previous) is read once, before the others: a PDF in a worker too.
    assert calls("--previous", pdf, html) == {"extract r.pdf worker", "load_bytes r.pdf worker", *here}
    # A run that uses the pool audits each report in a worker, the PDF included.
    assert calls("-j", "2", pdf, html) == {
        "audit r.pdf worker", "extract r.pdf worker", "load_bytes r.pdf worker",
        *(line.replace(" main", " worker") for line in here),
    }


def test_an_output_file_gets_the_permissions_of_a_new_file(tmp_path):
    import os

    out = tmp_path / "findings.json"
    proc = run("check", "--format", "json", "-o", str(out), "examples/示例县2024年政府信息公开工作年度报告.html")
    assert proc.returncode == 1
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_extract_csv_never_hands_a_spreadsheet_a_formula(tmp_path):
    import csv
    import io

    report = tmp_path / "r.md"
    report.write_text(
        "示例县人民政府2024年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
        "| 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 "
        "| 法律服务机构 | 其他 | 总计 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| 一、本年新收政府信息公开申请数量 | | =1+2 | 0 | 0 | 0 | 0 | 0 | 3 |\n",
        encoding="utf-8",
    )
    proc = run("extract", "--format", "csv", str(report))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    raws = {r["key"]: r["raw"] for r in rows}
    assert raws["t3.new_received.natural_person"] == "'=1+2" and raws["t3.new_received.total"] == "3"
