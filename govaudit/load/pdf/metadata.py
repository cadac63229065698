"""The document's title from its metadata, and the publication-date pattern."""

from __future__ import annotations

import re

from ...text.cjk import joins_without_space as _is_cjk
from ...text.lazyre import lazy_compile


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


# PDFDocEncoding's bytes 0x80-0x9F as pdfium decodes them; 0xA0-0xFF are Latin-1.
_PDFDOC_HIGH = "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž\ufffd€"


def _undo_pdfdoc(text: str) -> bytes | None:
    """The bytes pdfium read as PDFDocEncoding, or None if the text did not
    come from single bytes (it was UTF-16 and is right as it is)."""
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x80 or 0xA0 <= o <= 0xFF:
            out.append(o)
        elif ch in _PDFDOC_HIGH:
            out.append(0x80 + _PDFDOC_HIGH.index(ch))
        else:
            return None
    return bytes(out)


def _meta_title(pdf, doc) -> str | None:
    from .pdfium import meta_text

    text = meta_text(pdf, doc, "Title")
    raw = _undo_pdfdoc(text)
    if raw is not None and any(b >= 0x80 for b in raw):
        # Bytes without a byte-order mark: Chinese tools write GB18030 or
        # UTF-8 there, which pdfium reads as PDFDocEncoding.
        text = _decode_pdf_string(raw) or text
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


_PUBLISHED = lazy_compile(r"发布(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
