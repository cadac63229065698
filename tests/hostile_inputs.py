"""Hostile and broken inputs, built on the fly (nothing large is committed).

Each `Case` writes one input under a directory it is given and says what
the command line must do with it:

- "read": exit 0 or 1 with normal output (and `verify`, if any, passes on
  the JSON of `govaudit extract`);
- "refused": exit 2 with one line on stderr naming the file and the problem
  in Chinese, and naming every string of `mentions` (the limit setting, when
  a limit was hit);
- "either": one of the two, never a traceback, a hang or a memory blow-up.

The generators need nothing beyond the standard library: a .docx and a PDF
are written byte by byte, and a "gigabyte" of zeros is one deflate block
repeated (deflate after a full flush starts afresh, so copies of one
flushed megabyte concatenate into a valid stream).
"""

from __future__ import annotations

import hashlib
import os
import random
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests.builders import DOCX_CONTENT_TYPES, DOCX_RELS, PDF_PASSWORD_PAD, W_NS, pdf_file, rc4

# ---------------------------------------------------------------- the report

TITLE = "示例县人民政府2024年政府信息公开工作年度报告"
SECTIONS = "一二三四五六"
REPORT_LINES = [
    TITLE,
    "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2024年1月1日至2024年12月31日。",
    "一、总体情况",
    "2024年，示例县人民政府主动公开政府信息1523条，共收到政府信息公开申请154件，办结148件，结转下年度继续办理6件。",
    "二、主动公开政府信息情况",
    "本年制发规章0件，现行有效规范性文件32件。",
    "三、收到和处理政府信息公开申请情况",
    "本年度共收到政府信息公开申请154件。",
    "四、政府信息公开行政复议、行政诉讼情况",
    "本年度因政府信息公开被申请行政复议3件，提起行政诉讼1件。",
    "五、存在的主要问题及改进情况",
    "一是公开内容不够全面；二是政策说明的形式较为单一。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


def report_text(newline: str = "\n") -> str:
    return newline.join(REPORT_LINES) + newline


def report_html(head: str = "", body_extra: str = "", table: str = "") -> str:
    """The report as a page; `table` goes into section 三, `body_extra` at the end."""
    paragraphs = []
    for line in REPORT_LINES[1:]:
        paragraphs.append(f"<p>{line}</p>")
        if line.startswith("三、") and table:
            paragraphs.append(table)
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{TITLE}</title></head><body>\n"
        f"<h1>{TITLE}</h1>\n" + "\n".join(paragraphs) + "\n" + body_extra + "\n</body></html>\n"
    )


def sections_found(extraction: list) -> set[str]:
    return {s["number"] for s in extraction[0]["sections"]}


def has_all_sections(extraction: list) -> None:
    found = sections_found(extraction)
    assert found == set(SECTIONS), f"sections found: {sorted(found)}"


# ---------------------------------------------------------------- zip / docx

_W = W_NS
CONTENT_TYPES = DOCX_CONTENT_TYPES
RELS = DOCX_RELS


def document_xml(paragraphs: list[str], prolog: str = "") -> str:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog
        + f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    )


@dataclass
class Member:
    name: str
    data: bytes  # as stored: raw deflate when method is 8
    method: int = 8
    crc: int | None = None  # of the uncompressed bytes
    size: int | None = None  # uncompressed, as declared


def deflate_member(name: str, payload: bytes) -> Member:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Member(name, c.compress(payload) + c.flush(), 8, zlib.crc32(payload), len(payload))


def write_zip(members: list[Member]) -> bytes:
    """A zip archive written by hand, so a member can hold any deflate
    stream and declare any size."""
    out = bytearray()
    central = bytearray()
    for m in members:
        name = m.name.encode()
        crc = m.crc if m.crc is not None else zlib.crc32(m.data)
        size = m.size if m.size is not None else len(m.data)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, m.method, 0, 0x21, crc, len(m.data), size, len(name), 0)
        out += name + m.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, m.method, 0, 0x21, crc, len(m.data), size, len(name), 0, 0, 0, 0, 0,
            offset,
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


def docx_bytes(document: str | None = None, extra: list[Member] | None = None) -> bytes:
    members = [
        deflate_member("[Content_Types].xml", CONTENT_TYPES.encode()),
        deflate_member("_rels/.rels", RELS.encode()),
    ]
    if document is not None:
        members.append(deflate_member("word/document.xml", document.encode()))
    return write_zip(members + (extra or []))


def zeros_deflate(megabytes: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, size) of `megabytes` MiB of zero bytes,
    about 1 KiB of stream per MiB, built in well under a second."""
    block = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)  # no history: every copy reads the same
    final = c.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    return one * megabytes + final, crc, megabytes << 20


# ---------------------------------------------------------------- PDF

def pdf_bytes(
    lines: list[str] | None = None,
    *,
    user_password: str | None = None,
    content: bytes | None = None,
    content_filter: bytes = b"",
    pages_dict: bytes | None = None,
) -> bytes:
    """A one-page PDF: `lines` in STSong-Light (known to every reader without
    embedding, Chinese as UCS-2), or a given content stream. With
    `user_password`, RC4-40 encrypted (standard handler, R2)."""
    file_id = hashlib.md5(b"govaudit-hostile").digest()
    key = None
    encrypt = None
    if user_password is not None:
        up = (user_password.encode() + PDF_PASSWORD_PAD)[:32]
        o_entry = rc4(hashlib.md5((b"owner" + PDF_PASSWORD_PAD)[:32]).digest()[:5], up)
        perms = -44
        key = hashlib.md5(up + o_entry + (perms & 0xFFFFFFFF).to_bytes(4, "little") + file_id).digest()[:5]
        encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            o_entry.hex().encode(), rc4(key, PDF_PASSWORD_PAD).hex().encode(), perms)

    def crypt(num: int, data: bytes) -> bytes:
        if key is None:
            return data
        return rc4(hashlib.md5(key + num.to_bytes(3, "little") + b"\x00\x00").digest()[:10], data)

    if content is None:
        ops = [b"BT /F1 8 Tf"]  # 8 pt: the longest line (60 characters) fits the page
        y = 800
        for line in lines or []:
            ops.append(b"1 0 0 1 40 %d Tm <%s> Tj" % (y, line.encode("utf-16-be").hex().encode()))
            y -= 16
        ops.append(b"ET")
        content = b"\n".join(ops)
    body = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: pages_dict or b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        5: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        6: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry <%s> /Ordering <%s> "
        b"/Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>" % (crypt(6, b"Adobe").hex().encode(), crypt(6, b"GB1").hex().encode()),
        7: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    }
    stream = crypt(4, content)
    body[4] = b"<< %s /Length %d >>\nstream\n" % (content_filter, len(stream)) + stream + b"\nendstream"
    if encrypt:
        body[8] = encrypt
    return pdf_file(body, file_id, 8 if encrypt else None)


def zlib_zeros(megabytes: int) -> bytes:
    """A zlib (FlateDecode) stream of `megabytes` MiB of zeros."""
    raw, _, size = zeros_deflate(megabytes)
    adler = 1
    block = bytes(1 << 20)
    for _ in range(megabytes):
        adler = zlib.adler32(block, adler)
    return b"\x78\xda" + raw + struct.pack(">I", adler)


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]  # writes the input into the directory, returns its path
    expect: str  # read | refused | either
    mentions: tuple[str, ...] = ()  # in the error line, when refused
    verify: Callable[[list], None] | None = None  # on `extract`'s JSON, when read
    slow: bool = False  # several seconds: marked, still run
    skip: str | None = None  # reason, when the platform cannot make the input
    xfail: str | None = None  # a known bug outside the loaders, with where it is
    xfail_on: tuple[str, ...] = ("extract", "check")  # the commands it shows in
    commands: tuple[str, ...] = ("extract", "check")
    config: dict = field(default_factory=dict)  # [limits] of a config file for `check`
    time_limit: float = 30  # seconds per command before it counts as a hang


def _write(name: str, data: bytes | str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        path = directory / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        return path

    return make


def _lazy(name: str, build: Callable[[], bytes | str]) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        data = build()
        path = directory / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    return make


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
TEN_MB = 10 * 1024 * 1024


def _path_cases() -> list[Case]:
    cases = []
    for ext in EXTENSIONS:
        cases.append(Case(f"empty{ext}", _write(f"empty{ext}", b""), "refused", ("文件为空",)))
        cases.append(Case(f"random{ext}", _lazy(f"random{ext}", lambda ext=ext: _random_bytes(65536, EXTENSIONS.index(ext))), "refused"))

    def missing(d: Path) -> Path:
        return d / "不存在的报告.html"

    def directory(d: Path) -> Path:
        (d / "reports").mkdir(exist_ok=True)
        return d / "reports"

    def directory_html(d: Path) -> Path:
        (d / "report.html").mkdir(exist_ok=True)
        return d / "report.html"

    def fifo(d: Path) -> Path:
        path = d / "pipe.txt"
        if not path.exists():
            os.mkfifo(path)
        return path

    def dev_zero(d: Path) -> Path:
        path = d / "zero.txt"
        if not path.exists():
            path.symlink_to("/dev/zero")
        return path

    def sparse(d: Path) -> Path:
        path = d / "huge.txt"
        with open(path, "wb") as handle:
            handle.write(report_text().encode())
            handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
        return path

    def unreadable(d: Path) -> Path:
        path = d / "locked.txt"
        path.write_text(report_text(), encoding="utf-8")
        path.chmod(0)
        return path

    root = hasattr(os, "geteuid") and os.geteuid() == 0
    cases += [
        Case("missing-path", missing, "refused", ("文件不存在",)),
        Case("directory", directory, "refused", ("目录",)),
        Case("directory-named-html", directory_html, "refused", ("目录",)),
        Case("unknown-extension", _write("report.xyz", report_text()), "refused", ("不支持",)),
        Case("no-extension", _write("report", report_text()), "refused", ("不支持",)),
        Case("old-word-doc", _write("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)), "refused", (".docx",)),
        Case("fifo", fifo, "refused", ("不是普通文件",), skip=None if hasattr(os, "mkfifo") else "no mkfifo"),
        Case("symlink-to-dev-zero", dev_zero, "refused", ("不是普通文件",), skip=None if os.path.exists("/dev/zero") else "no /dev/zero"),
        Case("over-max-file-bytes", sparse, "refused", ("max_file_bytes",)),
        Case("unreadable", unreadable, "refused", ("无法读取",), skip="root reads any file" if root else None),
    ]
    return cases


def _nul_sprinkled() -> bytes:
    data = bytearray(report_text().encode())
    for i in range(len(data) - 1, 0, -97):
        if data[i] < 0x80 and data[i - 1] < 0x80:  # between characters, not inside one
            data.insert(i, 0)
    return bytes(data)


def _text_cases() -> list[Case]:
    text = report_text("\r\n")
    return [
        Case("utf16le-bom.txt", _write("utf16le-bom.txt", "\ufeff" + text, "utf-16-le"), "read", verify=has_all_sections),
        Case("utf16be-bom.txt", _write("utf16be-bom.txt", "\ufeff" + text, "utf-16-be"), "read", verify=has_all_sections),
        Case("utf16le-no-bom.txt", _write("utf16le-no-bom.txt", text, "utf-16-le"), "read", verify=has_all_sections),
        Case("utf16be-no-bom.txt", _write("utf16be-no-bom.txt", text, "utf-16-be"), "read", verify=has_all_sections),
        Case("gbk-undeclared.txt", _write("gbk.txt", text, "gbk"), "read", verify=has_all_sections),
        Case("nul-bytes-sprinkled.txt", _lazy("nul.txt", _nul_sprinkled), "read", verify=has_all_sections),
        Case("nul-bytes-only.txt", _write("zeros.txt", bytes(1 << 20)), "refused", ("二进制",)),
        Case("bom-then-gbk.txt", _write("bom-gbk.txt", b"\xef\xbb\xbf" + text.encode("gbk")), "refused", ("utf-8",)),
        Case("binary-with-txt-name.txt", _lazy("image.txt", lambda: b"\x89PNG\r\n\x1a\n" + _random_bytes(4096, 7)), "refused", ("二进制",)),
        Case(
            "terminal-escapes.txt",
            _write("escapes.txt", report_text().replace("办结148件", "办结\x1b[2J\x1b]0;pwned\x07148件\r\x1b[31m")),
            "read",
            verify=has_all_sections,
        ),
        Case("line-10mb.txt", _lazy("line.txt", lambda: "政府信息公开" * (TEN_MB // 18)), "read"),
        Case(
            "line-10mb-in-section.txt",
            _lazy("line-section.txt", lambda: report_text().replace(
                "办结148件，", "办结148件，" + "依法依规做好政府信息公开工作，" * (TEN_MB // 45))),
            "read", verify=has_all_sections,
        ),
        Case("tabs-10mb.txt", _lazy("tabs.txt", lambda: "\t" * TEN_MB), "refused", ("max_table_cells",)),
        Case("pipes-10mb.md", _lazy("pipes.md", lambda: "|" * TEN_MB + "\n" + "|" * 10), "refused", ("max_table_cells",)),
        Case("lines-4m.txt", _lazy("lines.txt", lambda: "政\n" * 4_000_000), "refused", ("max_elements",)),
        Case(
            "number-1e5-digits-in-text",
            _lazy("digits.txt", lambda: report_text().replace("154件", "1" * 100_000 + "件", 1)),
            "read", verify=has_all_sections,
        ),
        Case(
            "number-1e5-digits-no-unit-in-text",
            _lazy("digits-no-unit.txt", lambda: report_text().replace("154件", "1" * 100_000, 1)),
            "read", verify=has_all_sections,
        ),
        Case(  # 应急 in 供应急需 is not a mention: each such hit is checked with jieba
            "text-2mb-keyword-confirmations",
            _lazy("confirm.txt", lambda: report_text().replace("办结148件，", "办结148件，" + "供应急需" * 500_000)),
            "read", verify=has_all_sections,
        ),
        Case(
            "md-table-1e5-digit-cell",
            _lazy("digits-cell.md", lambda: report_text().replace(
                "本年度共收到政府信息公开申请154件。",
                "| 项目 | 总计 |\n|---|---|\n| 一、本年新收政府信息公开申请数量 | " + "9" * 100_000 + " |\n")),
            "read", verify=has_all_sections,
        ),
    ]


def _table(cells_html: str) -> str:
    return f"<table>{cells_html}</table>"


T3_ROW = "<tr><td>一、本年新收政府信息公开申请数量</td><td>{}</td></tr>"


def t3_table(value: str = "154", extra_label: str | None = None) -> str:
    """A cut-down 表三 that the extractor recognises, with `value` as the
    total of new requests and, optionally, one more row with this label."""
    extra = f"<tr><td>{extra_label}</td><td>1</td><td>1</td></tr>" if extra_label is not None else ""
    return _table(
        "<tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>自然人</td><td>总计</td></tr>"
        f"<tr><td>一、本年新收政府信息公开申请数量</td><td>154</td><td>{value}</td></tr>"
        "<tr><td>二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td></tr>" + extra
    )


def _html_cases() -> list[Case]:
    big = 2**31
    cases = [
        Case("html-control", _write("control.html", report_html()), "read", verify=has_all_sections),
        Case(
            "html-span-2**31",
            _write("spans.html", report_html(table=_table(
                f'<tr><td rowspan="{big}" colspan="{big}">总计</td><td colspan="{big * 4}">1</td></tr>'
                f'<tr><td rowspan="-3" colspan="1e9">2</td><td colspan="abc" rowspan="">3</td></tr>'))),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-colspan-sum",
            _lazy("colspan-sum.html", lambda: report_html(table=_table("<tr>" + '<td colspan="1000">1</td>' * 300 + "</tr>"))),
            "refused", ("max_table_cells",),
        ),
        Case(
            "html-padded-grid",  # one wide row pads 10**4 narrow rows to its width
            _lazy("padded.html", lambda: report_html(table=_table(
                '<tr><td colspan="1000">表头</td></tr>' + "<tr><td>1</td></tr>" * 10_000))),
            "refused", ("max_table_cells",),
        ),
        Case(
            "html-cells-over-document",
            _lazy("wide-tables.html", lambda: report_html(body_extra=_table(
                "<tr>" + '<td colspan="1000">1</td>' * 190 + "</tr>") * 5)),
            "refused", ("max_elements",),
        ),
        Case(
            "html-div-1e5-deep",
            _lazy("deep-div.html", lambda: report_html(body_extra="<div>" * 100_000 + "深" + "</div>" * 100_000)),
            "refused", ("max_nesting",),
        ),
        Case(
            "html-table-1e5-deep",
            _lazy("deep-table.html", lambda: report_html(body_extra="<table><tr><td>" * 100_000 + "深")),
            "refused", ("max_nesting",),
        ),
        Case(
            "html-font-1e5-unclosed",
            _lazy("unclosed.html", lambda: report_html(body_extra="<font>字" * 100_000)),
            "refused", ("max_nesting",),
        ),
        Case(
            "html-p-li-td-1e5-unclosed",  # implied ends keep these flat
            _lazy("implied.html", lambda: report_html(body_extra="<ul>" + "<li>项" * 30_000 + "</ul>" + "<p>段" * 30_000)),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-20000-tables",
            _lazy("tables.html", lambda: report_html(body_extra="<table><tr><td>1</td></tr></table>" * 20_000)),
            "refused", ("max_tables",),
        ),
        Case(
            "html-line-10mb-text",
            _lazy("line.html", lambda: report_html(body_extra="<p>" + "依法依规做好政府信息公开工作" * (TEN_MB // 42) + "</p>")),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-1e5-digit-cell",
            _lazy("digits-cell.html", lambda: report_html(table=t3_table("9" * 100_000))),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-huge-charref",
            _write("charref.html", report_html(body_extra="<p>&#" + "9" * 5000 + "; &#x" + "f" * 5000 + ";</p>")),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-bad-marked-sections",  # the stdlib parser raises AssertionError on these
            _write("marked.html", report_html(body_extra="<p>a<![foo[x]]> b <![ c <![0 d</p>")),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-title-700kb",
            _lazy("title.html", lambda: report_html(head="<title>" + "2019年度报告" * 100_000 + "</title>")),
            "read", verify=has_all_sections,
        ),
        Case(  # no better title in the body: the <title> is parsed for year and issuer
            "html-title-350kb-only-title",
            _lazy("title-only.html", lambda: "<html><head><title>" + "2019年度报告" * 50_000 + "</title></head><body>"
                  + "".join(f"<p>{line}</p>" for line in REPORT_LINES[2:]) + "</body></html>"),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-nested-parentheses-cell",
            _lazy("parens.html", lambda: report_html(table=t3_table(extra_label="（说明了" * 20_000 + "）说明了" * 20_000))),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-prose-parenthetical-flood",
            _lazy("paren-flood.html", lambda: report_html().replace("办结148件，", "办结148件，" + "其中（省本级1件）" * 50_000)),
            "read", verify=has_all_sections,
        ),
    ]
    # The stdlib parser (Python 3.11) rescans to the end for each of these:
    # seconds at 100 kB, hours at 10 MB.
    # Python 3.11's parser rescans to the end for each of these: seconds at
    # 100 kB, hours at 10 MB. (More shapes, in process: test_tokenizer_is_linear.)
    two_mb = 2 * 1024 * 1024
    torture = {
        "lt-letter": "<a" * (TEN_MB // 2),
        "lt-only": "<" * TEN_MB,
        "lt-letter-quote": "<a '" * (two_mb // 4),
        "lt-letter-equals": "<a b=" * (two_mb // 5),
        "unclosed-comment": "<!--" + "x" * two_mb,
        "attributes-1e6": "<p " + "a=1 " * (TEN_MB // 4) + ">",
    }
    for name, tail in torture.items():
        cases.append(Case(
            f"html-torture-{name}",
            _lazy(f"torture-{name}.html", lambda tail=tail: report_html() + tail),
            "read", verify=has_all_sections,
        ))
    four_mb = 4 * 1024 * 1024
    cases += [
        Case(  # a repeated group in a regex costs memory per repetition
            "html-10mb-spaces-in-tag",
            _lazy("spaces.html", lambda: report_html(body_extra="<p" + " " * TEN_MB + ">末</p>")),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-cell-4mb-thousands-separators",
            _lazy("commas.html", lambda: report_html(table=t3_table("1" + ",000" * (four_mb // 4)))),
            "read", verify=has_all_sections,
        ),
        Case(
            "html-cell-4mb-numbering",
            _lazy("numbering.html", lambda: report_html(table=t3_table(extra_label="1." * (four_mb // 2)))),
            "read", verify=has_all_sections,
        ),
    ]
    cases.append(Case(
        "html-10mb-many-elements",
        _lazy("elements.html", lambda: report_html(body_extra="<b>x</b>" * (TEN_MB // 8))),
        "refused", ("max_elements",),
    ))
    # Encodings and declarations.
    page = report_html()
    cases += [
        Case("html-gbk-undeclared", _write("gbk.html", page, "gbk"), "read", verify=has_all_sections),
        Case("html-gbk-declared-utf8", _write("gbk-says-utf8.html", report_html(head='<meta charset="utf-8">'), "gbk"),
             "read", verify=has_all_sections),
        Case("html-utf8-declared-gb2312",
             _write("utf8-says-gbk.html", report_html(head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')),
             "read", verify=has_all_sections),
        Case("html-declared-punycode", _write("punycode.html", report_html(head='<meta charset="punycode">'), "gbk"),
             "read", verify=has_all_sections),
        Case("html-declared-utf16-but-8bit", _write("says-utf16.html", report_html(head='<meta charset="utf-16">'), "gbk"),
             "read", verify=has_all_sections),
        Case("html-utf16le-bom", _write("utf16.html", "\ufeff" + page, "utf-16-le"), "read", verify=has_all_sections),
    ]
    return cases


def _docx_cases() -> list[Case]:
    good = document_xml(REPORT_LINES)

    def bomb(declared_honestly: bool) -> Callable[[], bytes]:
        def build() -> bytes:
            raw, crc, size = zeros_deflate(1024)  # 1 GiB of zeros in about 1 MB
            member = Member("word/document.xml", raw, 8, crc, size if declared_honestly else 4096)
            return docx_bytes(None, [member])

        return build

    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    billion = document_xml(REPORT_LINES[:3] + ["&j;"], prolog=laughs)
    xxe = document_xml(REPORT_LINES[:3] + ["&x;"], prolog='<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    deep = document_xml(REPORT_LINES).replace("<w:body>", "<w:body>" + "<w:sdt><w:sdtContent>" * 100_000)
    many = [Member(f"word/media/{i}.bin", b"", 0) for i in range(20_000)]

    def wide_tables() -> str:
        # Each table is one row of 200 cells spanning 1000 grid columns:
        # exactly max_table_cells, so only a whole-document bound stops 400
        # of them (80 million cells from 16 kB).
        row = "<w:tr>" + '<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p/></w:tc>' * 200 + "</w:tr>"
        return document_xml(REPORT_LINES).replace("</w:body>", f"<w:tbl>{row}</w:tbl>" * 400 + "</w:body>")

    return [
        Case("docx-control", _lazy("control.docx", lambda: docx_bytes(good)), "read", verify=has_all_sections),
        Case("docx-not-a-zip", _write("text.docx", report_text()), "refused"),
        Case("docx-truncated", _lazy("truncated.docx", lambda: docx_bytes(good)[: len(docx_bytes(good)) // 2]), "refused"),
        Case("docx-zip-bomb-1gb", _lazy("bomb.docx", bomb(True)), "refused", ("max_decompressed_bytes",)),
        Case("docx-zip-bomb-lying-size", _lazy("bomb-lies.docx", bomb(False)), "refused"),
        Case("docx-billion-laughs", _write("laughs.docx", docx_bytes(billion)), "refused"),
        Case("docx-external-entity", _write("xxe.docx", docx_bytes(xxe)), "refused"),
        Case("docx-xml-1e5-deep", _lazy("deep.docx", lambda: docx_bytes(deep)), "refused", ("256",)),
        Case("docx-20000-members", _lazy("members.docx", lambda: docx_bytes(good, many)), "refused", ("10000",)),
        Case("docx-400-tables-of-200000-cells", _lazy("wide-tables.docx", lambda: docx_bytes(wide_tables())),
             "refused", ("max_elements",)),
        Case(
            "docx-600000-paragraphs",
            _lazy("paragraphs.docx", lambda: docx_bytes(document_xml(REPORT_LINES + ["字"] * 600_000))),
            "refused", ("max_elements",), slow=True,
        ),
        Case("docx-without-document", _lazy("nodoc.docx", lambda: docx_bytes(None)), "refused"),
    ]


def _pdf_cases() -> list[Case]:
    good = lambda: pdf_bytes(REPORT_LINES)  # noqa: E731
    return [
        Case("pdf-control", _lazy("control.pdf", good), "read", verify=has_all_sections),
        Case("pdf-not-a-pdf", _write("text.pdf", report_text()), "refused"),
        Case("pdf-truncated", _lazy("truncated.pdf", lambda: good()[: len(good()) // 2]), "refused"),
        Case("pdf-header-then-garbage", _lazy("garbage.pdf", lambda: b"%PDF-1.7\n" + _random_bytes(65536, 3)), "refused"),
        Case("pdf-encrypted", _lazy("encrypted.pdf", lambda: pdf_bytes(REPORT_LINES, user_password="secret")), "refused", ("密码",)),
        Case(
            "pdf-encrypted-empty-password",
            _lazy("encrypted-open.pdf", lambda: pdf_bytes(REPORT_LINES, user_password="")),
            "read", verify=has_all_sections,
        ),
        Case(
            "pdf-stream-bomb-1gb",
            _lazy("bomb.pdf", lambda: pdf_bytes(content=zlib_zeros(1024), content_filter=b"/Filter /FlateDecode")),
            "refused", ("max_decompressed_bytes",),
        ),
        Case(
            "pdf-page-tree-cycle",
            _lazy("cycle.pdf", lambda: pdf_bytes(REPORT_LINES, pages_dict=b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>")),
            "either",
        ),
        Case(
            "pdf-page-count-lie",
            _lazy("count.pdf", lambda: pdf_bytes(REPORT_LINES, pages_dict=b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>")),
            "either",
        ),
    ]


def all_cases() -> list[Case]:
    return _path_cases() + _text_cases() + _html_cases() + _docx_cases() + _pdf_cases()
