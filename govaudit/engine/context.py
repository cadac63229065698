"""What a rule sees: the extraction (and last year's), and helpers over it."""

from __future__ import annotations


import attrs

from ..core.fieldwise import FieldsRepr
from ..extraction.model import Extraction
from ..core.facts import Fact
from ..core.findings import Finding
from ..core.model import Image, Location, Paragraph
from ..core.places import describe
from ..data.names import table_name
from ..text.lazyre import lazy_compile

EVIDENCE_CHARS = 80  # characters of a section quoted as a finding's evidence
_FIGURE = lazy_compile(r"[-−]?[\d,，.]+")
_FIELD = lazy_compile(r"\{([a-z_]+)\}")


def render(template: str, values: dict) -> str:
    """`{name}` substitution only: no attribute access, no format specs."""
    return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


@attrs.define(eq=False, repr=False)  # compared by identity: an aggregate, not a value
class Context(FieldsRepr):
    extraction: Extraction
    previous: Extraction | None = None
    rules: list = attrs.Factory(list)  # every rule that applies to the report (the identities as a whole)
    _texts: dict | None = attrs.field(default=None, init=False)  # text_at's index
    _memo: dict = attrs.field(factory=dict, init=False)  # once(): what several rules work out alike

    def once(self, key, make):
        """`make()`, worked out once per report for `key` (e.g. what every
        failing identity of a table asks: which single cell explains them)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @property
    def doc(self):
        return self.extraction.document

    @property
    def seg(self):
        return self.extraction.segmentation

    @property
    def path(self) -> str:
        return self.extraction.document.path

    def section_paragraphs(self, number: str) -> list[Paragraph]:
        """The paragraphs of a section, its heading excluded."""
        return _section_paragraphs(self.extraction, number)

    def section_images(self, number: str) -> list[Image]:
        seg = self.seg
        return [b for i, b in enumerate(self.doc.blocks) if isinstance(b, Image) and seg.block_sections[i] == number]

    def section_text(self, number: str | None) -> str:
        if number is None:
            return "\n".join(p.text for p in self.doc.paragraphs)
        return "\n".join(p.text for p in self.section_paragraphs(number))

    def section_location(self, number: str) -> Location:
        section = self.seg.section(number)
        return section.location if section else self.document_location()

    def document_location(self) -> Location:
        first = next(iter(self.doc.blocks), None)
        return first.location if first is not None else Location(self.path)

    def fact_sets(self, prefix: str) -> list[tuple[str, str | None, dict[str, Fact]]]:
        """(source, scope, facts by key) groups to check identities in.

        The table if the report has one for `prefix` (t3/t4); otherwise the
        figures stated in prose, one group per scope (全省, 省本级…).
        """
        return _fact_sets(self.extraction, prefix)

    def previous_facts(self, prefix: str) -> dict[str, Fact]:
        if self.previous is None:
            return {}
        sets = _fact_sets(self.previous, prefix)
        return sets[0][2] if sets else {}

    def section_evidence(self, number: str | None, limit: int = EVIDENCE_CHARS) -> str:
        """What a section rule read: the heading and the start of the text
        searched — 第五部分“存在的主要问题及改进情况”：……（前 80 字）."""
        text = " ".join(self.section_text(number).split())
        quote = (text[:limit] + "……") if len(text) > limit else (text or "（空）")
        if number is None:
            return f"全文：{quote}"
        section = self.seg.section(number)
        heading = f"第{number}部分“{section.title}”" if section else f"第{number}部分"
        return f"{heading}：{quote}"

    def headings_evidence(self) -> str:
        """The section headings that were found, as written (for structure rules)."""
        found = "；".join(f"{s.ordinal or s.number}、{s.title}" for s in self.seg.sections)
        return "找到的部分标题：" + (found or "（无）")

    def text_at(self, location: Location) -> str | None:
        """The text of the paragraph or table cell at `location`, if any."""
        if self._texts is None:  # built once: a report may have many notes over a large table
            texts: dict[Location, str] = {}
            for block in self.doc.blocks:
                if isinstance(block, Paragraph):
                    texts.setdefault(block.location, block.text)
                for row in getattr(block, "grid", ()):
                    for cell in row:
                        texts.setdefault(cell.location, cell.text)
            self._texts = texts
        return self._texts.get(location)

    def table_place(self, location: Location) -> str | None:
        """A place inside a table read as 表二/表三/表四, said by that name
        rather than by its order in the file (the third table may be 表四),
        and its row and column by their labels where the grid has them."""
        if location.table is None:
            return None
        name = next((table_name(t) for t, indexes in self.extraction.tables.items() if location.table in indexes), None)
        if name is None:
            return None
        grid = next((t.grid for t in self.doc.tables if t.index == location.table), None)
        return describe(location, cell=name + _cell_labels(grid, location.row, location.col))

    def finding(self, rule, message: str, location: Location, **extra) -> Finding:
        if extra.get("place") is None and location.table is not None:
            extra["place"] = self.table_place(location)
        return Finding(rule=rule.id, name=rule.name, severity=rule.severity, message=message, location=location, **extra)


def _section_paragraphs(extraction: Extraction, number: str) -> list[Paragraph]:
    seg = extraction.segmentation
    section = seg.section(number)
    if section is None:
        return []
    out = []
    for index, block in enumerate(extraction.document.blocks):
        if seg.block_sections[index] == number and index != section.block and isinstance(block, Paragraph):
            out.append(block)
    # The heading paragraph may carry body text after the title (PDF, Word).
    heading = extraction.document.blocks[section.block]
    rest = heading.text.split(section.title, 1)[-1].lstrip("。：: ") if section.title in heading.text else ""
    if rest:
        out.insert(0, Paragraph(rest, heading.location))
    return out


def _fact_sets(extraction: Extraction, prefix: str):
    table = {f.key: f for f in extraction.facts if f.source == "table" and f.key.startswith(prefix + ".")}
    if table:
        return [("table", None, table)]
    groups: dict[str | None, dict[str, Fact]] = {}
    for fact in extraction.facts:
        if fact.source == "text" and fact.key.startswith(prefix + "."):
            groups.setdefault(fact.scope, {}).setdefault(fact.key, fact)
    return [("text", scope, facts) for scope, facts in groups.items()]


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.fullmatch(text.strip()))


def _cell_labels(grid, row: int | None, col: int | None) -> str:
    """“行标签”行“列标题”列 of a cell (1-based row/col), from the row's last
    label before the cell and the header rows above the first row of figures;
    第N行第N列 where the grid gives no label."""
    if not grid or row is None or not 1 <= row <= len(grid):
        return ""
    cells = grid[row - 1]
    before = cells[: col - 1] if col else cells
    label = next((c.text.strip() for c in reversed(before) if c.text.strip() and not _is_figure(c.text)), "")
    at = col is not None and 1 <= col <= len(cells) and cells[col - 1].text.strip() == label
    said = f"“{label[:30]}”行" if label else f"第{row}行"
    if col is None or at:
        return said
    header = ""
    for r in grid:
        if any(_is_figure(c.text) for c in r):
            break  # the header rows end where the figures begin
        text = r[col - 1].text.strip() if col <= len(r) else ""
        if text:
            header = text
    return said + (f"“{header[:20]}”列" if header else f"第{col}列")
