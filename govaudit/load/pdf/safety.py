"""Refusals: a file that is not a PDF, cut short, too large once decoded,
hostile, or encrypted.

The header and end marker are checked before the PDF library sees the
bytes; the page count and the compressed streams before any page is read;
failures of the library while reading become messages here.
"""

from __future__ import annotations

from ...core.errors import InputError
from ...core.limits import Limits

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


def _check_page_count(doc, path: str, limits: Limits) -> None:
    """Refuse a document whose page tree claims too many pages before any
    page is read (pages are counted again as they are read)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(doc.catalog.get("Pages")).get("Count"))
    except Exception:
        count = None
    if isinstance(count, int) and count > limits.max_pdf_pages:
        raise InputError(path, f"PDF 页数过多（{count} 页，上限 max_pdf_pages = {limits.max_pdf_pages}）")


# pdfminer inflates whole streams at once, and a corrupt one byte by byte
# with quadratic copying; both can hang or exhaust memory on hostile input.
CORRUPT_STREAM_LIMIT = 256 * 1024


def _inflate_size(data: bytes, cap: int) -> tuple[int, bool]:
    """Bytes a Flate stream inflates to (stopping past cap), and whether
    it is corrupt or cut short (pdfminer then takes its slow path)."""
    import zlib

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


def _check_streams(doc, path: str, limits: Limits) -> None:
    """Refuse decompression bombs and badly corrupt streams before pdfminer
    decodes them. Images are skipped: pdfminer never decodes those."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import (
        LITERALS_ASCII85_DECODE,
        LITERALS_ASCIIHEX_DECODE,
        LITERALS_FLATE_DECODE,
        PDFStream,
        resolve1,
    )
    from pdfminer.psparser import LIT

    image = LIT("Image")
    total = 0
    seen: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue  # inside an object stream: never a stream itself
                obj = doc.getobj(objid)
                if not isinstance(obj, PDFStream) or obj.rawdata is None or resolve1(obj.get("Subtype")) == image:
                    continue
                data = obj.rawdata
                if obj.decipher:
                    data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
                filters = obj.get_filters()
            except InputError:
                raise
            except Exception:
                continue  # pdfminer will meet it again, and fail or cope
            for f, _ in filters:
                if f in LITERALS_ASCII85_DECODE:
                    data = ascii85decode(data)
                elif f in LITERALS_ASCIIHEX_DECODE:
                    data = asciihexdecode(data)
                elif f in LITERALS_FLATE_DECODE:
                    size, corrupt = _inflate_size(data, limits.max_decompressed_bytes - total)
                    if corrupt and size > CORRUPT_STREAM_LIMIT:
                        raise InputError(path, MSG_BROKEN + "（压缩数据流损坏）")
                    total += size
                    if total > limits.max_decompressed_bytes:
                        raise InputError(path, f"PDF 解压后数据过大（超过 max_decompressed_bytes = {limits.max_decompressed_bytes} 字节）")
                    break
                else:
                    break


def _refusal(path: str, exc: Exception) -> InputError:
    """The InputError for a failure while the PDF library reads the file:
    an encrypted file, or one too deeply nested or too broken to read."""
    if isinstance(exc, RecursionError):
        return InputError(path, MSG_BROKEN + "（结构嵌套过深）")
    if isinstance(exc, MemoryError):
        return InputError(path, MSG_BROKEN + "（内存不足）")
    from pdfminer.pdfdocument import PDFEncryptionError

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFEncryptionError) or isinstance(exc, PDFEncryptionError):
        return InputError(path, MSG_ENCRYPTED)
    return InputError(path, f"{MSG_BROKEN}（{type(inner).__name__}）")
