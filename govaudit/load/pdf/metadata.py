"""The document's title from its metadata, and the publication-date pattern."""

from __future__ import annotations

import re

from .lines import _is_cjk


def _decode_pdf_string(value) -> str | None:
    if isinstance(value, str):
        return value
    if not isinstance(value, (bytes, bytearray)):
        return None
    raw = bytes(value)
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", "replace")
    if raw[:2] == b"\xff\xfe":  # not per spec, but Chinese PDF tools write it
        return raw[2:].decode("utf-16-le", "replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


def _meta_title(doc) -> str | None:
    from pdfminer.pdftypes import resolve1

    for info in getattr(doc, "info", None) or []:
        try:
            info = resolve1(info)
            value = resolve1(info.get("Title")) if isinstance(info, dict) else None
        except Exception:
            continue
        text = _decode_pdf_string(value)
        if text:
            text = re.sub(r"\s+", " ", text.replace("\x00", "")).strip()
            if text:
                return text
    return None


def _meaningful_title(title: str | None) -> bool:
    if not title or len(title) < 4:
        return False
    low = title.lower()
    if re.search(r"\.(docx?|wps|pdf|xlsx?|txt)$", low) or low.startswith("microsoft"):
        return False
    if not any(_is_cjk(ch) for ch in title):
        return False  # "untitled", "PowerPoint Presentation"…
    return not any(ch in title for ch in "\ufffd")


_PUBLISHED = re.compile(r"发布(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
