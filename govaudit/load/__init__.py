"""Loaders: bytes of one input format → `Document`.

`load(path)` picks the loader from the file name's extension, sniffing the
content where the extension says nothing, and turns every failure into an
`InputError` naming the file.
"""

from __future__ import annotations

import os

from ..errors import InputError
from ..limits import DEFAULT, Limits
from ..model import Document

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def format_of(path: str) -> str | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def read_bytes(path: str, limits: Limits) -> bytes:
    if not os.path.exists(path):
        raise InputError(path, "文件不存在")
    if os.path.isdir(path):
        raise InputError(path, "这是一个目录，不是报告文件")
    size = os.path.getsize(path)
    if size == 0:
        raise InputError(path, "文件为空")
    if size > limits.max_file_bytes:
        raise InputError(path, f"文件过大（{size} 字节，上限 max_file_bytes = {limits.max_file_bytes}）")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(path, f"无法读取：{exc.strerror or exc}") from None


def load(path: str, limits: Limits = DEFAULT, fmt: str | None = None) -> Document:
    """Read one report file into a `Document`; raises `InputError` on anything unusable."""
    path = str(path)
    fmt = fmt or format_of(path)
    if fmt is None:
        raise InputError(path, "不支持的文件类型（支持 .txt .md .html .htm .docx .pdf）")
    data = read_bytes(path, limits)
    return load_bytes(path, data, fmt, limits)


def load_bytes(path: str, data: bytes, fmt: str, limits: Limits = DEFAULT) -> Document:
    if not data:
        raise InputError(path, "文件为空")
    if fmt in ("txt", "md"):
        from .text import load_text

        return load_text(path, data, fmt, limits)
    if fmt == "html":
        from .html import load_html

        return load_html(path, data, limits)
    if fmt == "docx":
        from .docx import load_docx

        return load_docx(path, data, limits)
    if fmt == "pdf":
        from .pdf import load_pdf

        return load_pdf(path, data, limits)
    raise InputError(path, f"不支持的格式 {fmt}")
