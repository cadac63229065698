"""Every `govaudit …` command shown in README.md and docs/*.md runs, on the
shipped examples, with the exit code and output shape the docs promise
(issue 14, item 9). File names in the docs (报告.html, reports/, 2023年报.html…)
are made from the examples: a name with 2023 in it is last year's report."""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
REPORT_EXTENSIONS = (".html", ".htm", ".md", ".txt", ".docx", ".pdf")
OUTPUT_OPTIONS = {"-o", "--output", "--csv", "--xlsx", "--findings-csv", "--write-baseline"}
FENCE = re.compile(r"^```")


def documented_commands() -> list[tuple[str, str]]:
    """(page, command line) for every govaudit command in a code block."""
    found = []
    for page in PAGES:
        inside = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line.strip()):
                inside = not inside
                continue
            text = line.strip()
            text = text[len("- run: "):] if text.startswith("- run: ") else text
            if inside and text.startswith("govaudit "):
                found.append((page.name, text))
    return found


COMMANDS = documented_commands()


def _tokens(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    if "||" in words:  # `|| test $? -eq 1`: the shell's part
        words = words[: words.index("||")]
    return words[1:]


def _example(name: str) -> Path:
    year = "2023" if "2023" in name else "2024"
    ext = Path(name).suffix.lower()
    own = EXAMPLES / f"示例县{year}年政府信息公开工作年度报告{ext}"
    return own if own.exists() else EXAMPLES / f"示例县{year}年政府信息公开工作年度报告.html"


def _make_report(path: Path) -> bool:
    """Write the example under the documented name; False when this
    machine cannot make that format (a PDF without LibreOffice)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ext = path.suffix.lower()
    if ext in (".html", ".htm", ".md"):
        shutil.copy(_example(path.name), path)
        return True
    if ext == ".txt":
        shutil.copy(_example(path.name + ".md"), path)
        return True
    if ext == ".docx":
        pytest.importorskip("docx")
        from govaudit.load import load
        from tests.docx_builder import build_docx

        build_docx(load(str(_example(path.name))), path)
        return True
    if ext == ".pdf":
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            return False
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(_example(path.name))],
                       capture_output=True, timeout=180)
        made = path.parent / (_example(path.name).stem + ".pdf")
        if not made.exists():
            return False
        made.rename(path)
        return True
    return False


def _prepare(workspace: Path, words: list[str]) -> list[str] | None:
    """The command's words with its inputs made and globs expanded; None when
    an input cannot be made here."""
    out, previous = [], None
    for word in words:
        is_output = previous in OUTPUT_OPTIONS
        previous = word
        if is_output or word.startswith("-") or word in ("check", "extract", "summary", "rules", "explain", "test-rules"):
            out.append(word)
            continue
        path = workspace / word
        if word.endswith("/") or (not Path(word).suffix and "*" not in word and word.endswith(("年", "告", "s"))):
            if not path.exists():  # a folder of reports: both years
                path.mkdir(parents=True)
                shutil.copy(EXAMPLES / "示例县2023年政府信息公开工作年度报告.html", path / "示例县2023.html")
                shutil.copy(EXAMPLES / "示例县2024年政府信息公开工作年度报告.html", path / "示例县2024.html")
        elif "*" in word:
            folder = workspace / word.split("/")[0]
            if not folder.exists():
                _prepare(workspace, [word.split("/")[0] + "/"])
            expanded = sorted(glob.glob(str(workspace / word)))
            out.extend(os.path.relpath(p, workspace) for p in expanded)
            continue
        elif word.endswith(".toml") and not path.exists():
            from tests.test_docs import _doc_rule_blocks

            path.write_text("\n".join(_doc_rule_blocks()), encoding="utf-8")
        elif word.lower().endswith(REPORT_EXTENSIONS) and not path.exists():
            if not _make_report(path):
                return None
        out.append(word)
    return out


def _option(words, *names):
    for i, word in enumerate(words):
        if word in names and i + 1 < len(words):
            return words[i + 1]
    return None


def _years_read(words: list[str], workspace: Path) -> set[str]:
    """The years (by file name) of the reports a command reads, folders searched."""
    names = []
    for word in words[1:]:
        path = workspace / word
        if path.is_dir():
            names += [p.name for p in path.rglob("*") if p.suffix.lower() in REPORT_EXTENSIONS]
        elif path.suffix.lower() in REPORT_EXTENSIONS and path.exists():
            names.append(path.name)
    return {year for year in ("2023", "2024") if any(year in name for name in names)}


def _check_years(words: list[str], text: str, workspace: Path, where: str) -> None:
    """A check of both years chains them (the pair is said above the total),
    as --previous does; --no-chain and a single year do not."""
    said = "已与上一年度报告" in text
    if "--no-chain" in words:
        assert not said, where
    elif "--previous" in words or _years_read(words, workspace) == {"2023", "2024"}:
        assert said, where
    else:
        assert not said, where


def _check_shape(words: list[str], done, workspace: Path) -> None:
    command = words[0]
    where = f"govaudit {' '.join(words)}"
    output = _option(words, "-o", "--output")
    if command == "check":
        if "--write-baseline" in words:
            assert done.returncode == 0, where
            assert isinstance(json.loads((workspace / _option(words, "--write-baseline")).read_text(encoding="utf-8")), (dict, list))
            return
        assert done.returncode in (0, 1), f"{where}: {done.stderr}"
        if "--show-settings" in words:
            assert "rules_enabled" in json.loads(done.stdout), where
            return
        fmt = _option(words, "--format", "--output-format") or "full"
        text = (workspace / output).read_text(encoding="utf-8") if output else done.stdout
        if fmt in ("json", "gitlab"):
            assert isinstance(json.loads(text), list), where
        elif fmt == "sarif":
            assert json.loads(text)["runs"][0]["tool"]["driver"]["name"] == "govaudit", where
        elif fmt == "github":
            assert text and all(line.startswith("::") for line in text.splitlines()), where
        elif fmt == "html":
            assert text.startswith("<!DOCTYPE html>"), where
        elif "-q" in words or "--quiet" in words:
            assert text and not text.splitlines()[-1].startswith(("发现", "未发现")), where
        else:
            assert text.splitlines()[-1].startswith(("发现 ", "未发现问题")), where
            _check_years(words, text, workspace, where)
    elif command == "extract":
        assert done.returncode == 0, f"{where}: {done.stderr}"
        if _option(words, "--format") == "csv" and output:
            assert (workspace / output).read_bytes().startswith(b"\xef\xbb\xbfpath,key,value,"), where
        elif not output:
            assert isinstance(json.loads(done.stdout), list), where
    elif command == "summary":
        assert done.returncode == 0, f"{where}: {done.stderr}"
        assert done.stdout.startswith("已审核 "), where
        for option in ("-o", "--csv", "--xlsx", "--findings-csv"):
            if _option(words, option):
                assert (workspace / _option(words, option)).stat().st_size > 0, where
    elif command == "rules":
        assert done.returncode == 0, where
        if _option(words, "--format") == "json":
            assert {"id", "enabled"} <= set(json.loads(done.stdout)[0]), where
        else:
            assert "GA201" in done.stdout, where
    elif command == "explain":
        assert done.returncode == 0 and words[1] in done.stdout, where
    elif command == "test-rules":
        assert done.returncode == 0 and "全部通过" in done.stdout, f"{where}: {done.stdout}{done.stderr}"
    else:
        pytest.fail(f"未知的命令：{where}")


def test_the_docs_show_commands():
    pages = {page for page, _ in COMMANDS}
    assert {"README.md", "getting-started.md", "ruff-users.md", "summary.md"} <= pages
    assert len(COMMANDS) >= 30


@pytest.mark.parametrize("page, line", COMMANDS, ids=[f"{p}:{i}" for i, (p, _) in enumerate(COMMANDS)])
def test_documented_command_runs(tmp_path, page, line):
    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES, workspace / "examples")
    words = _tokens(line)
    if "--baseline" in words:  # its baseline is written by the command shown just before it
        baseline = _option(words, "--baseline")
        _prepare(workspace, ["reports/"])
        subprocess.run([sys.executable, "-m", "govaudit", "check", "--write-baseline", baseline, "reports/"],
                       cwd=workspace, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    prepared = _prepare(workspace, words)
    if prepared is not None and "--resume" in prepared:  # it resumes the run the command without it started
        first = [w for w in prepared if w != "--resume"]
        subprocess.run([sys.executable, "-m", "govaudit", *first], cwd=workspace,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=300)
    if prepared is None:
        pytest.skip(f"{page}: 本机无法生成命令所需的输入（PDF 需要 LibreOffice）：{line}")
    if "--dask" in prepared:  # the documented scheduler address stands for a LocalCluster's
        done = _on_a_cluster(prepared, workspace)
    else:
        done = subprocess.run([sys.executable, "-m", "govaudit", *prepared], capture_output=True, text=True, cwd=workspace,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr, done.stderr
    _check_shape(prepared, done, workspace)


def _on_a_cluster(words: list[str], workspace: Path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed 未安装（CI 由 .[test] 安装）")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        words = list(words)
        words[words.index("--dask") + 1] = cluster.scheduler_address
        try:
            return subprocess.run([sys.executable, "-m", "govaudit", *words], capture_output=True, text=True, cwd=workspace,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
        finally:
            from govaudit.batch.dask_helpers import close_helpers

            close_helpers()  # forked from this process by the cluster's worker
