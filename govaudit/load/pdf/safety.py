"""Refusals: a file that is not a PDF, cut short, too large once decoded,
hostile, or encrypted.

The header, the end marker and the compressed streams are checked before
the PDF library sees the bytes; the page count before any page is read;
failures of the library become messages here.
"""

from __future__ import annotations

import zlib

from ...core.errors import InputError
from ...core.limits import Limits
from ...text.lazyre import lazy_compile

MSG_NOT_PDF = "不是有效的 PDF 文件（缺少 %PDF 文件头）"
MSG_TRUNCATED = "PDF 文件已损坏或被截断（缺少文件结尾标记 %%EOF）"
MSG_BROKEN = "PDF 文件已损坏，无法解析"
MSG_ENCRYPTED = "PDF 已加密，无法读取（需要密码）"


def _check_header(path: str, data: bytes) -> None:
    """Refuse what is not a PDF, or only the start of one, before the PDF
    library is imported."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, MSG_NOT_PDF)
    if b"%%EOF" not in data[-4096:]:
        raise InputError(path, MSG_TRUNCATED)


def _check_page_count(count: int, path: str, limits: Limits) -> None:
    """Refuse a document whose page tree holds too many pages before any
    page is read (pages are counted again as they are read)."""
    if count < 0:
        raise InputError(path, MSG_BROKEN)
    if count > limits.max_pdf_pages:
        raise InputError(path, f"PDF 页数过多（{count} 页，上限 max_pdf_pages = {limits.max_pdf_pages}）")


# A Flate stream that is cut short or corrupt past this many inflated bytes
# is refused: the file is damaged, and what follows the damage is lost.
CORRUPT_STREAM_LIMIT = 256 * 1024

_STREAM = lazy_compile(rb"stream(?:\r\n|\n|\r)")
_FLATE_FIRST = lazy_compile(rb"/Filter\s*\[?\s*/Fl(?:ateDecode)?(?![A-Za-z])")
_DICT_LOOKBACK = 4096  # bytes before `stream` searched for its dictionary


def _inflate_size(data: bytes, cap: int) -> tuple[int, bool]:
    """Bytes a Flate stream inflates to (stopping past cap), and whether
    it is corrupt or cut short."""
    d = zlib.decompressobj()
    size = 0
    buf = data
    try:
        while True:
            out = d.decompress(buf, 1 << 20)
            size += len(out)
            if size > cap:
                return size, False
            buf = d.unconsumed_tail
            if d.eof or (not buf and not out):
                return size, not d.eof
    except zlib.error:
        return size, True


def _stream_dict(data: bytes, at: int) -> bytes:
    """The dictionary written before the stream keyword at `at`."""
    head = data[max(0, at - _DICT_LOOKBACK) : at]
    start = head.rfind(b" obj")
    return head[start:] if start >= 0 else head


def _check_streams(data: bytes, path: str, limits: Limits) -> None:
    """Refuse decompression bombs and badly damaged streams before pdfium
    inflates them (it would, in C, whatever their size). The file's bytes
    are scanned for Flate streams, images aside (their pixels are never
    decoded to read the text). An encrypted file's streams cannot be read
    without its key: they show as corrupt and are let through."""
    total = 0
    encrypted = b"/Encrypt" in data
    for m in _STREAM.finditer(data):
        head = _stream_dict(data, m.start())
        if not head.rstrip().endswith(b">>") or b"/Image" in head:
            continue
        if not _FLATE_FIRST.search(head):
            continue  # not Flate first (none, or ASCII-coded): left to pdfium
        end = data.find(b"endstream", m.end())
        body = data[m.end() : end if end >= 0 else len(data)]
        size, corrupt = _inflate_size(body, limits.max_decompressed_bytes - total)
        if corrupt and size > CORRUPT_STREAM_LIMIT and not encrypted:
            raise InputError(path, MSG_BROKEN + "（压缩数据流损坏）")
        total += size
        if total > limits.max_decompressed_bytes:
            raise InputError(path, f"PDF 解压后数据过大（超过 max_decompressed_bytes = {limits.max_decompressed_bytes} 字节）")


def _open_error(path: str, code: int) -> InputError:
    """The InputError for a document pdfium would not open."""
    from .pdfium import ERR_PASSWORD, ERR_SECURITY

    if code in (ERR_PASSWORD, ERR_SECURITY):
        return InputError(path, MSG_ENCRYPTED)
    return InputError(path, MSG_BROKEN)


def _refusal(path: str, exc: Exception) -> InputError:
    """The InputError for a failure while a page is read: a file too deeply
    nested or too broken to read."""
    if isinstance(exc, RecursionError):
        return InputError(path, MSG_BROKEN + "（结构嵌套过深）")
    if isinstance(exc, MemoryError):
        return InputError(path, MSG_BROKEN + "（内存不足）")
    return InputError(path, f"{MSG_BROKEN}（{type(exc).__name__}）")
