"""The library entry points: `extract` and `audit`."""

from __future__ import annotations

import os
from pathlib import Path

from .extract import extract_document
from .extract.model import Extraction
from .guard import bounded
from .limits import DEFAULT, Limits
from .load import load, load_bytes


def _is_text(value) -> bool:
    if isinstance(value, Path):
        return False
    return isinstance(value, str) and ("\n" in value or not os.path.exists(value)) and len(value) > 200 or (
        isinstance(value, str) and "\n" in value
    )


def extract(path_or_text, limits: Limits = DEFAULT) -> Extraction:
    """Read one report (a path, or the report's own text as Markdown) into facts."""
    if _is_text(path_or_text):
        label = "<text>"
        with bounded(label, limits.timeout_seconds):
            doc = load_bytes(label, path_or_text.encode("utf-8"), "md", limits)
            return extract_document(doc)
    path = str(path_or_text)
    with bounded(path, limits.timeout_seconds):
        return extract_document(load(path, limits))
