"""Shared fixtures. The real reports live in ../shared/corpus beside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVAUDIT_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_file(name: str) -> Path:
    """Path of a corpus report; skips the test with a reason when it is absent."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"语料库文件不存在：{path}（CI 在检出目录旁提供 ../shared/corpus）")
    return path


def run_govaudit(cwd, *args):
    """`python -m govaudit ARGS` in `cwd`, this checkout's package, output captured as text."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "govaudit", *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.fixture
def corpus():
    return corpus_file
