"""One report as a self-contained HTML page, its problems marked in place.

The report's paragraphs and tables are rendered in reading order (a merged
cell once, with its spans); each finding is marked where it is (the cell,
the quoted sentence, the section heading) and explained beside that block:
message, where, quote, the suspected wrong cell with the value that would
make every failing identity hold, and the rule's explanation. Findings that
concern the whole report, or that cannot be placed, are listed at the top.

A report is untrusted input: everything from it goes through `esc`, in text
and in attributes alike, and the page carries a Content Security Policy
that runs no script at all (the page needs none) and loads nothing from
outside. The report's name is put in the print margins through a CSS
string in which every character that could end it is escaped.
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.parse

from ..text.sanitize import CONTROL, for_html
from ..core.findings import SEVERITY_NAMES, json_number, severity_rank
from ..core.model import Image, Paragraph, Table
from .placement import BLOCK, CELL, DOCUMENT, HEADING, TEXT, UNPLACED, Index
from ..text.lazyre import lazy_compile


TITLE_PREFIX = "报告审核："  # every annotated page's title begins so (summary/own.py tells our pages by it)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'"


esc = for_html  # everything from a report goes through it


def css_string(value: str) -> str:
    """A CSS string literal holding `value`: every character but letters and
    digits is written as a hex escape, so nothing in it can close the string,
    the rule or the <style> element."""
    out = []
    for ch in CONTROL.sub("\ufffd", value):
        out.append(ch if ch.isalnum() else f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--err:#b42318;--warn:#9a6700;--info:#0969da;
--err-bg:#ffe1dc;--warn-bg:#fff0b8;--info-bg:#dcecff}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.75 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
header,main{max-width:1320px;margin:0 auto;padding:0 20px}
header{padding-top:14px;border-bottom:2px solid var(--line)}
header h1{font-size:20px;margin:6px 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:4px 0 10px;font-size:13px}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
h2.part{font-size:17px;margin:22px 0 8px;color:var(--muted)}
.legend{font-size:13px;color:var(--muted);margin:6px 0 10px}
.legend span{margin-right:14px}
ol.toc{font-size:13px;padding-left:2.4em;margin:4px 0}
ol.toc li{margin:2px 0}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;line-height:1.6;white-space:nowrap}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
.muted{color:var(--muted)}
code{font-family:ui-monospace,Consolas,monospace;font-size:12px}
a{color:#0550ae}
[id]{scroll-margin-top:24px}
.row{display:grid;grid-template-columns:minmax(0,1fr) 360px;column-gap:18px;padding:1px 0}
.row>.blk{grid-column:1}
.row>.notes{grid-column:2;grid-row:1/-1}
.notes{font-size:13px;line-height:1.6}
.blk p{margin:6px 0;text-indent:2em}
.blk p.lead{text-indent:0;font-weight:bold}
.blk h1.doc-title{font-size:21px;text-align:center;margin:14px 0}
.blk h2.sec{font-size:17px;margin:18px 0 6px}
.blk .img{color:var(--muted);border:1px dashed var(--line);padding:4px 8px;margin:6px 0}
.tablewrap{overflow-x:auto;margin:8px 0}
table.rt{border-collapse:collapse;font-size:13px;line-height:1.45}
table.rt td{border:1px solid #9aa5b1;padding:3px 6px;vertical-align:middle;min-width:2.2em}
mark.hl{color:inherit;padding:1px 0;border-bottom:2px solid}
mark.error{background:var(--err-bg);border-color:var(--err)}
mark.warning{background:var(--warn-bg);border-color:var(--warn)}
mark.info{background:var(--info-bg);border-color:var(--info)}
td.hl,td.suspect{white-space:nowrap}
td.hl.error{background:var(--err-bg);box-shadow:inset 0 0 0 2px var(--err)}
td.hl.warning{background:var(--warn-bg);box-shadow:inset 0 0 0 2px var(--warn)}
td.hl.info{background:var(--info-bg);box-shadow:inset 0 0 0 2px var(--info)}
td.fig{background:var(--soft);box-shadow:inset 0 0 0 1px var(--muted)}
td.suspect{background:repeating-linear-gradient(135deg,#ffc9c0 0 6px,#ffe1dc 6px 12px);box-shadow:inset 0 0 0 3px var(--err);font-weight:bold}
.should{display:block;font-size:11px;color:var(--err);font-weight:bold;white-space:nowrap}
.blk p .should,.blk h2 .should{display:inline;margin:0 2px;text-indent:0}
.sus-fig{background:#ffc9c0;box-shadow:0 0 0 2px var(--err);border-radius:2px;font-weight:bold}
.hl-head{background:var(--warn-bg);border-left:5px solid var(--warn);padding-left:6px}
.hl-head.error{background:var(--err-bg);border-left-color:var(--err)}
.hl-head.info{background:var(--info-bg);border-left-color:var(--info)}
.hl-block{border-left:5px solid var(--warn);padding-left:8px}
.hl-block.error{border-left-color:var(--err)}.hl-block.info{border-left-color:var(--info)}
a.badge{display:inline-block;min-width:1.5em;padding:0 4px;margin:0 1px;border-radius:9px;font-size:11px;line-height:1.5em;text-align:center;
color:#fff;text-decoration:none;vertical-align:super;text-indent:0;font-weight:bold}
a.badge.error{background:var(--err)}a.badge.warning{background:var(--warn)}a.badge.info{background:var(--info)}
.note{border:1px solid var(--line);border-left:5px solid var(--err);border-radius:4px;padding:6px 9px;margin:6px 0 8px;background:#fff}
.note.warning{border-left-color:var(--warn)}.note.info{border-left-color:var(--info)}
.note:target{outline:3px solid #f0b429}
.note .nh{margin:0 0 2px}
.note .num{font-weight:bold;margin-right:4px}
.note p{margin:3px 0}
.note .msg{font-weight:bold}
.note .where{color:var(--muted)}
.note blockquote{margin:3px 0;padding:2px 8px;border-left:3px solid var(--line);background:var(--soft);white-space:pre-wrap;word-break:break-all}
.note .sus{color:var(--err)}
.note .expl{color:var(--muted);font-size:12px}
.top .note{max-width:900px}
@media (max-width:900px){.row{display:block}}
@media print{
 @page{size:A4;margin:16mm 11mm 14mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:8pt;color:#555}}
 body{font-size:10pt}
 header,main{max-width:none;padding:0}
 .row{display:block}
 .notes{columns:2;column-gap:8px;font-size:8pt;margin:2px 0 8px}
 .note{margin:0 0 5px;padding:3px 6px}
 .note .expl{font-size:7.5pt}
 table.rt{font-size:7.5pt}
 .tablewrap{overflow:visible}
 a{color:inherit;text-decoration:none}
 .note,tr,blockquote,h2.sec{break-inside:avoid}
 h2.sec,h2.part{break-after:avoid}
 .sus-fig,mark.hl,td.hl,td.suspect,.hl-head,a.badge,.sev{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_SUB_HEAD = lazy_compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")


def _num(value) -> str:
    value = json_number(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return esc(value)


def _explanation(text: str) -> str:
    """TOML line breaks are not spaces in Chinese text; a blank line is a paragraph."""
    parts = ["".join(line.strip() for line in chunk.splitlines()) for chunk in re.split(r"\n\s*\n", text or "")]
    return "<br>".join(esc(p) for p in parts if p)


def _figure_name(figure: dict | None, in_table) -> str | None:
    """A table cell by its place (表三“予以公开”行“自然人”列); a figure of
    running text by its part and its name (第四部分 行政复议“总计”)."""
    if not figure:
        return None
    place, label = figure.get("place"), figure.get("label")
    if in_table or not label or not place:
        return place or label
    return f"{place} {label}"


def report_name(result) -> str:
    seg = result.extraction.segmentation
    doc = result.extraction.document
    return seg.title or doc.title or os.path.basename(result.path)


class _Page:
    """Collects what is marked where, then writes the page in order."""

    def __init__(self, result, rules):
        self.result = result
        self.doc = result.extraction.document
        self.seg = result.extraction.segmentation
        self.rules = {r.id: r for r in rules}
        self.index = Index(self.doc, self.seg)
        placed = [(f, self.index.place(f)) for f in result.findings]

        def order(item):
            f, p = item
            top = p.kind in (DOCUMENT, UNPLACED)
            where = (p.span[0] if p.span else 0, p.cell.row if p.cell else 0, p.cell.col if p.cell else 0)
            return (not top, p.block if p.block is not None else -1, where)

        placed.sort(key=order)  # stable: equal places keep the engine's order
        self.items = [(n, f, p) for n, (f, p) in enumerate(placed, 1)]
        self.notes: dict[int, list] = {}
        self.spans: dict[int, list] = {}
        self.heads: dict[int, list] = {}
        self.whole: dict[int, list] = {}
        self.cell_marks: dict[int, list] = {}
        self.figures: dict[int, list] = {}
        self.suspects: dict[int, list] = {}  # id(cell) → [(number, expected)]
        self.suspect_text: dict[int, list] = {}  # number → [(label, actual, expected)]
        self.text_suspects: dict[int, list] = {}  # block → [(start, end, number, expected)]
        for n, f, p in self.items:
            if p.block is not None:
                self.notes.setdefault(p.block, []).append((n, f))
            if p.kind == TEXT:
                self.spans.setdefault(p.block, []).append((p.span[0], p.span[1], n, f.severity))
            elif p.kind == HEADING:
                self.heads.setdefault(p.block, []).append((n, f.severity))
            elif p.kind == BLOCK:
                self.whole.setdefault(p.block, []).append((n, f.severity))
            elif p.kind == CELL:
                self.cell_marks.setdefault(id(p.cell), []).append((n, f.severity))
            figures = self.index.figure_cells(f)
            by_fact = {fig.get("fact"): (fig, cell) for fig, _, cell in figures}
            for _, _, cell in figures:
                if p.cell is not cell:
                    self.figures.setdefault(id(cell), []).append(n)
            for s in f.suspects or ():
                fig_cell = by_fact.get(s.fact)
                figure = next((c for c in f.cells or () if c.get("fact") == s.fact), None)
                self.suspect_text.setdefault(n, []).append((_figure_name(figure, fig_cell) or s.fact, s.actual, s.expected))
                if fig_cell:
                    self.suspects.setdefault(id(fig_cell[1]), []).append((n, s.expected))
                    continue
                hit = self.index.figure_in_text(figure, json_number(s.actual)) if figure else None
                if hit:  # a figure read from prose: marked in its sentence
                    self.text_suspects.setdefault(hit[0], []).append((*hit[1], n, s.expected))
        self.heading_blocks = {s.block for s in self.seg.sections}
        self.title_block = self._title_block()

    def _title_block(self) -> int | None:
        title = self.seg.title
        for i, block in enumerate(self.doc.blocks[:8]):
            if isinstance(block, Paragraph) and title and block.text.strip() == title.strip():
                return i
        return None

    # -- pieces -------------------------------------------------------------

    @staticmethod
    def _badge(n: int, severity: str, with_id: bool = True) -> str:
        ident = f' id="m{n}"' if with_id else ""
        return f'<a class="badge {esc(severity)}"{ident} href="#f{n}" title="问题 {n}">{n}</a>'

    @staticmethod
    def _worst(severities) -> str:
        """The gravest severity, as a class name (escaped like everything else)."""
        return esc(max(severities, key=severity_rank))

    def _marked(self, text: str, spans: list, suspects: list = ()) -> str:
        """The paragraph's text, each finding's quote in a <mark>, its number
        after it; a suspected figure outlined, with the value it should have."""
        if not spans and not suspects:
            return esc(text)
        bounds = sorted({0, len(text), *(x for sp in (*spans, *suspects) for x in sp[:2])})
        out = []
        for a, b in zip(bounds, bounds[1:]):
            cover = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
            suspected = [sp for sp in suspects if sp[0] <= a and b <= sp[1]]
            piece = esc(text[a:b])
            if suspected:
                piece = f'<span class="sus-fig" data-suspect="{" ".join(str(sp[2]) for sp in suspected)}">{piece}</span>'
            if cover:
                numbers = " ".join(str(sp[2]) for sp in cover)
                piece = f'<mark class="hl {self._worst(sp[3] for sp in cover)}" data-f="{numbers}">{piece}</mark>'
            out.append(piece)
            expected = sorted({_num(sp[3]) for sp in suspected if sp[1] == b})
            if expected:
                out.append(f'<span class="should">应为 {"或".join(expected)}</span>')
            out.extend(self._badge(sp[2], sp[3]) for sp in cover if sp[1] == b)
        return "".join(out)

    def _paragraph(self, i: int, block: Paragraph) -> str:
        body = self._marked(block.text, self.spans.get(i, []), self.text_suspects.get(i, []))
        heads = self.heads.get(i, [])
        attrs = ""
        if heads:
            numbers = " ".join(str(n) for n, _ in heads)
            attrs = f' data-f="{numbers}"'
            body += "".join(self._badge(n, sev) for n, sev in heads)
        head_class = f" hl-head {self._worst(s for _, s in heads)}" if heads else ""
        if i == self.title_block:
            return f'<h1 class="doc-title{head_class}"{attrs}>{body}</h1>'
        if i in self.heading_blocks:
            return f'<h2 class="sec{head_class}"{attrs}>{body}</h2>'
        lead = " lead" if _SUB_HEAD.match(block.text) and len(block.text) <= 30 else ""
        cls = f' class="{(lead + head_class).strip()}"' if lead or head_class else ""
        return f"<p{cls}{attrs}>{body}</p>"

    def _table(self, table: Table) -> str:
        grid = table.grid
        owner = _repeated_as_merged(grid) if self.doc.format == "md" else [[id(cell) for cell in row] for row in grid]
        members: dict[int, dict[int, object]] = {}
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                members.setdefault(owner[r][c], {})[id(cell)] = cell
        out = [f'<div class="tablewrap"><table class="rt" data-table="{table.index}"><tbody>']
        done: set[int] = set()
        for r, row in enumerate(grid):
            out.append("<tr>")
            for c in range(len(row)):
                key = owner[r][c]
                if key in done:
                    continue  # a merged cell is written once, at its top-left corner
                done.add(key)
                rowspan = 1
                while r + rowspan < len(grid) and c < len(owner[r + rowspan]) and owner[r + rowspan][c] == key:
                    rowspan += 1
                colspan = 1
                while c + colspan < len(row) and owner[r][c + colspan] == key:
                    colspan += 1
                out.append(self._cell(list(members[key].values()), rowspan, colspan))
            out.append("</tr>")
        out.append("</tbody></table></div>")
        return "".join(out)

    def _cell(self, cells: list, rowspan: int, colspan: int) -> str:
        """One displayed cell: a merged cell, or a Markdown cell repeated over its span."""
        marks = [m for cell in cells for m in self.cell_marks.get(id(cell), [])]
        figures = [n for cell in cells for n in self.figures.get(id(cell), [])]
        suspects = [s for cell in cells for s in self.suspects.get(id(cell), [])]
        classes, attrs = [], []
        if marks:
            classes += ["hl", self._worst(s for _, s in marks)]
            attrs.append(f'data-f="{" ".join(str(n) for n, _ in marks)}"')
        elif figures:
            classes.append("fig")
        if figures:
            attrs.append(f'data-fig="{" ".join(str(n) for n in figures)}"')
        if suspects:
            classes.append("suspect")
            attrs.append(f'data-suspect="{" ".join(str(n) for n, _ in suspects)}"')
        if rowspan > 1:
            attrs.append(f'rowspan="{rowspan}"')
        if colspan > 1:
            attrs.append(f'colspan="{colspan}"')
        if classes:
            attrs.insert(0, f'class="{" ".join(classes)}"')
        body = esc(cells[0].text)
        expected = sorted({_num(e) for _, e in suspects})
        if expected:
            body += f'<span class="should">应为 {"或".join(expected)}</span>'
        body += "".join(self._badge(n, sev) for n, sev in marks)
        return f"<td {' '.join(attrs)}>{body}</td>" if attrs else f"<td>{body}</td>"

    def _notes(self, items, linked: bool) -> str:
        """Cards in a row: a rule's explanation is given once, the cards after it say so."""
        out, said = [], set()
        for n, f in items:
            out.append(self._note(n, f, linked, explain=f.rule not in said))
            said.add(f.rule)
        return "".join(out)

    def _note(self, n: int, f, linked: bool, explain: bool = True) -> str:
        sev = f.severity
        rule = self.rules.get(f.rule)
        num = f'<a class="num" href="#m{n}">{n}</a>' if linked else f'<span class="num">{n}</span>'
        out = [
            f'<div class="note {esc(sev)}" id="f{n}" data-rule="{esc(f.rule)}">',
            f'<div class="nh">{num}<span class="sev {esc(sev)}">{esc(SEVERITY_NAMES.get(sev, sev))}</span> ',
            f"<code>{esc(f.rule)}</code> {esc(rule.summary) if rule else esc(f.name)}</div>",
            f'<p class="msg">{esc(f.message)}</p>',
            f'<p class="where">位置：{esc(f.where())}</p>',
        ]
        if f.evidence:
            out.append(f"<blockquote>{esc(f.evidence)}</blockquote>")
        for label, actual, expected in self.suspect_text.get(n, []):
            out.append(f'<p class="sus">疑似填错：{esc(label)} 现为 {_num(actual)}，应为 {_num(expected)}（可使所有不成立的关系同时成立）</p>')
        if rule and rule.explanation:
            said = _explanation(rule.explanation) if explain else "同上。"
            out.append(f'<p class="expl"><b>规则说明：</b>{said}</p>')
        out.append("</div>")
        return "".join(out)

    # -- the page -----------------------------------------------------------

    def render(self) -> str:
        name = report_name(self.result)
        file_name = os.path.basename(self.result.path)
        page_name = name if name == file_name else f"{name}（{file_name}）"
        counts = {s: sum(1 for _, f, _ in self.items if f.severity == s) for s in ("error", "warning", "info")}
        w = []
        w.append(
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{TITLE_PREFIX}{esc(name)}</title>\n"
            f"<style>{CSS}@page{{@top-center{{content:{css_string('报告审核：' + page_name)};font-size:8pt;color:#555}}}}</style>\n"
            "</head>\n<body>\n<header>\n"
        )
        w.append(f"<h1>报告审核：{esc(name)}</h1>\n<dl class=\"meta\">")
        w.append(f"<dt>文件</dt><dd>{esc(self.result.path)}</dd>")
        w.append(f"<dt>机关</dt><dd>{esc(self.seg.issuer or '（未识别）')}</dd>")
        w.append(f"<dt>年度</dt><dd>{esc(self.seg.year or '（未识别）')}</dd>")
        w.append(f"<dt>格式</dt><dd>{esc(self.seg.profile)} 年格式，{esc(self.doc.format)} 文件</dd>")
        w.append(
            f'<dt>问题</dt><dd id="counts">共 {len(self.items)} 个：错误 {counts["error"]}，警告 {counts["warning"]}，提示 {counts["info"]}</dd></dl>\n'
        )
        w.append(
            '<p class="legend"><span><mark class="hl error">红色</mark> 错误</span><span><mark class="hl warning">黄色</mark> 警告</span>'
            '<span><mark class="hl info">蓝色</mark> 提示</span><span><a class="badge error" href="#top-notes">n</a> 问题编号，点击看说明</span>'
            '<span>表格中灰框：参与计算的数字；斜纹粗框：疑似填错的单元格（标出应为多少）</span></p>\n</header>\n<main>\n'
        )
        w.append(self._toc())
        w.append(self._top_notes())
        w.append('<h2 class="part" id="text">报告原文（已标注）</h2>\n')
        w.append(self._rows())
        w.append("</main>\n</body>\n</html>\n")
        return "".join(w)

    def _toc(self) -> str:
        if not self.items:
            return '<p id="toc">未发现问题。</p>\n'
        out = ['<h2 class="part">问题一览</h2>\n<ol class="toc" id="toc">']
        for n, f, p in self.items:
            target = f"#m{n}" if p.block is not None else f"#f{n}"
            out.append(
                f'<li value="{n}"><span class="sev {esc(f.severity)}">{esc(SEVERITY_NAMES.get(f.severity, f.severity))}</span> '
                f'<code>{esc(f.rule)}</code> <a href="{target}">{esc(f.where())}</a>：{esc(f.message)}</li>'
            )
        out.append("</ol>\n")
        return "".join(out)

    def _top_notes(self) -> str:
        whole = [(n, f) for n, f, p in self.items if p.kind == DOCUMENT]
        lost = [(n, f) for n, f, p in self.items if p.kind == UNPLACED]
        if not whole and not lost:
            return ""
        out = ['<section class="top" id="top-notes">']
        if whole:
            out.append('<h2 class="part">关于全文的问题</h2>\n<div id="document-notes">')
            out.append(self._notes(whole, linked=False))
            out.append("</div>\n")
        if lost:
            out.append('<h2 class="part">未能在原文中定位的问题</h2>\n<div id="unplaced-notes">')
            out.append(self._notes(lost, linked=False))
            out.append("</div>\n")
        out.append("</section>\n")
        return "".join(out)

    def _rows(self) -> str:
        """The blocks in rows: a row starts at a block with notes, and the blocks
        without notes after it flow beside those notes, so tall notes leave no
        gap. The notes follow the first block in the source, so that printed
        (one column) they come right after what they are about; on screen the
        grid puts them beside the row, their extra height in a last 1fr track."""
        out, blocks = [], []

        def flush(first):
            if not blocks:
                return
            notes = self.notes.get(first)
            aside = f'<aside class="notes">{self._notes(notes, linked=True)}</aside>' if notes else ""
            rows = f' style="grid-template-rows:repeat({len(blocks)},auto) 1fr"' if notes else ""
            out.append(f'<div class="row"{rows}>{blocks[0]}{aside}{"".join(blocks[1:])}</div>\n')

        first = 0
        for i, block in enumerate(self.doc.blocks):
            if i in self.notes and blocks:
                flush(first)
                blocks = []
            if not blocks:
                first = i
            blocks.append(self._block(i, block))
        flush(first)
        return "".join(out)

    def _block(self, i: int, block) -> str:
        if isinstance(block, Paragraph):
            body = self._paragraph(i, block)
        elif isinstance(block, Table):
            body = self._table(block)
        elif isinstance(block, Image):
            body = f'<div class="img">〔图片{("：" + esc(block.description)) if block.description else ""}，未能核对其中内容〕</div>'
        else:
            body = ""
        whole = self.whole.get(i)
        if whole:
            numbers = " ".join(str(n) for n, _ in whole)
            body += "".join(self._badge(n, sev) for n, sev in whole)
            return f'<div class="blk hl-block {self._worst(s for _, s in whole)}" id="b{i}" data-f="{numbers}">{body}</div>'
        return f'<div class="blk" id="b{i}">{body}</div>'


_FIGURE = lazy_compile(r"[\d\s.,，%％+\-－—]*")


def _repeated_as_merged(grid) -> list[list[int]]:
    """Markdown has no merged cells: a report writes a merged cell again in
    each row and column it covers. Equal neighbouring labels (never figures:
    two equal numbers side by side are two numbers) are shown as one cell
    again; the result is a key per grid position, equal over a rectangle."""
    key = 0
    owner: list[list[int]] = []
    for r, row in enumerate(grid):
        keys = []
        for c, cell in enumerate(row):
            text = cell.text.strip()
            label = bool(text) and not _FIGURE.fullmatch(text)
            if c and label and row[c - 1].text.strip() == text:
                keys.append(keys[-1])
            else:
                key += 1
                keys.append(key)
        if r:  # a run of the row above with the same extent and text continues downwards
            above = owner[r - 1]
            c = 0
            while c < len(keys):
                end = c
                while end + 1 < len(keys) and keys[end + 1] == keys[c]:
                    end += 1
                text = row[c].text.strip()
                same_extent = (
                    end < len(above)
                    and all(above[x] == above[c] for x in range(c, end + 1))
                    and (c == 0 or above[c - 1] != above[c])
                    and (end + 1 >= len(above) or above[end + 1] != above[c])
                )
                if same_extent and text and not _FIGURE.fullmatch(text) and grid[r - 1][c].text.strip() == text:
                    for x in range(c, end + 1):
                        keys[x] = above[c]
                c = end + 1
        owner.append(keys)
    return owner


def render_annotated(result, rules=None) -> str:
    """The annotated page of one `AuditResult`. `rules`: the rule set whose
    explanations are shown (default: the built-in rules)."""
    if rules is None:
        from ..engine.run import rule_set

        rules = rule_set()
    return _Page(result, rules).render()


# -- one page per report, beside a summary -----------------------------------

_UNSAFE = lazy_compile(r"[^\w\u4e00-\u9fff.-]+")


def page_file_name(path: str) -> str:
    """A file name for the annotated page of the report at `path`: readable
    (the report's own stem, stripped of anything a file system or a URL could
    misread) and unique (a hash of the full path, so two reports named alike
    in different folders never share a page), and the same on every run."""
    stem = os.path.splitext(os.path.basename(path))[0]
    stem = _UNSAFE.sub("_", CONTROL.sub("", stem)).strip("._")[:60] or "report"
    digest = hashlib.sha1(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{stem}-{digest}.html"


def reports_dir(output_path: str) -> str:
    """The folder of annotated pages beside a summary written to `output_path`."""
    stem = os.path.splitext(os.path.abspath(output_path))[0]
    return stem + ".reports"


def write_report_page(result, output_dir: str, rules=None) -> str:
    """Write `result`'s annotated page into `output_dir` (created if needed);
    return the link to it relative to the folder holding `output_dir` (where
    the summary page is), URL-quoted, ready for an href."""
    from .write import write_output

    os.makedirs(output_dir, exist_ok=True)
    name = page_file_name(result.path)
    write_output(render_annotated(result, rules), os.path.join(output_dir, name))
    return urllib.parse.quote(f"{os.path.basename(os.path.normpath(output_dir))}/{name}")
