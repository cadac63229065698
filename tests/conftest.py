"""Shared fixtures. The real reports live in ../shared/corpus beside the checkout."""

from __future__ import annotations

import os
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


@pytest.fixture
def corpus():
    return corpus_file
