"""Loaders: bytes of one input format → `Document`.

`load(path)` picks the loader from the file name's extension and turns
every failure into an `InputError` naming the file.
"""

from __future__ import annotations

import os
import stat

from ..core.errors import InputError, os_reason
from ..core.limits import DEFAULT, Limits
from ..core.model import Document

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
    ".doc": "doc",  # converted by LibreOffice (convert.py)
    ".wps": "wps",
    ".pdf": "pdf",
}


SUPPORTED = " ".join(EXTENSIONS)  # for messages: every extension read


def format_of(path: str) -> str | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


_OTHER_TYPES = {
    ".xls": f"这是表格文件，不是报告（支持 {SUPPORTED}）",
    ".xlsx": f"这是表格文件，不是报告（支持 {SUPPORTED}）",
}


def _check_path(path: str) -> os.stat_result:
    """The file's stat, or InputError for a missing path, a directory, a
    device or pipe (reading /dev/zero or a FIFO would never end)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except OSError as exc:
        raise InputError(path, f"无法读取：{os_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "这是一个目录，不是报告文件")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "不是普通文件（设备、管道或套接字），无法作为报告读取")
    return info


def read_bytes(path: str, limits: Limits, info: os.stat_result | None = None) -> bytes:
    """The file's bytes, within max_file_bytes; `info`: its stat, if taken already."""
    size = (info or _check_path(path)).st_size
    if size == 0:
        raise InputError(path, "文件为空")
    if size > limits.max_file_bytes:
        raise InputError(path, f"文件过大（{size} 字节，上限 max_file_bytes = {limits.max_file_bytes}）")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)  # it may have grown since
    except OSError as exc:
        raise InputError(path, f"无法读取：{os_reason(exc)}") from None
    if len(data) > limits.max_file_bytes:
        raise InputError(path, f"文件过大（超过 max_file_bytes = {limits.max_file_bytes} 字节）")
    return data


def load(path: str, limits: Limits = DEFAULT, fmt: str | None = None) -> Document:
    """Read one report file into a `Document`; raises `InputError` on anything unusable."""
    path = str(path)
    info = _check_path(path)  # a missing file or a directory is said as such, whatever its name
    fmt = fmt or format_of(path)
    if fmt is None:
        ext = os.path.splitext(path)[1].lower()
        raise InputError(path, _OTHER_TYPES.get(ext, f"不支持的文件类型（支持 {SUPPORTED}）"))
    data = read_bytes(path, limits, info)
    return load_bytes(path, data, fmt, limits)


def loader(fmt: str):
    """The function reading `fmt` (its module imported on first use)."""
    if fmt == "txt":
        from .text import load_text

        return load_text
    if fmt == "md":
        from .markdown import load_markdown

        return load_markdown
    if fmt == "html":
        from .html import load_html

        return load_html
    if fmt == "docx":
        from .docx import load_docx

        return load_docx
    if fmt == "pdf":
        from .pdf import load_pdf

        return load_pdf
    if fmt in ("doc", "wps"):
        from .convert import load_converted

        return load_converted
    return None


def load_bytes(path: str, data: bytes, fmt: str, limits: Limits = DEFAULT) -> Document:
    if not data:
        raise InputError(path, "文件为空")
    read = loader(fmt)
    if read is None:
        raise InputError(path, f"不支持的格式 {fmt}")
    if fmt in ("txt", "doc", "wps"):
        return read(path, data, fmt, limits)
    return read(path, data, limits)
