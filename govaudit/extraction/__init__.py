"""Document → facts: tables first, then figures stated in prose."""

from __future__ import annotations

from ..core.limits import DEFAULT, Limits
from ..core.model import Document, Location, Paragraph, Table
from ..data.schema import fact_keys, table as schema_table
from ..segment.sections import segment
from .model import Extraction, Note
from .prose import prose_facts
from .tables import classify, extract_t2, extract_t3, extract_t4

PROSE_SECTIONS = ("一", "三", "四")


def extract_document(doc: Document, limits: Limits = DEFAULT) -> Extraction:
    seg = segment(doc)
    facts = []
    notes: list[Note] = []
    found: dict[str, list[int]] = {"t2": [], "t3": [], "t4": []}
    t3_state = None
    t3_rows: set[str] = set()
    previous_kind = None
    for index, block in enumerate(doc.blocks):
        section = seg.block_sections[index]
        if isinstance(block, Table):
            kind = classify(block)
            if kind is None and previous_kind == "t3" and t3_state is not None:
                kind = "t3"  # a split table: the continuation holds no header
            if kind == "t3":
                new_facts, new_notes, state, rows = extract_t3(block, section, t3_state, limits.max_number_digits)
                # A table split in two repeats no row: the first reading of a
                # key stands. Only table facts count (a sentence before the
                # table may state the same figure, or another one).
                keys = {f.key for f in facts if f.source == "table"}
                facts += [f for f in new_facts if f.key not in keys]
                notes += new_notes
                t3_state = state or t3_state
                t3_rows |= rows
            elif kind == "t4":
                new_facts, new_notes = extract_t4(block, section, limits.max_number_digits)
                facts += new_facts
                notes += new_notes
            elif kind == "t2":
                new_facts, new_notes = extract_t2(block, section, fact_keys(), limits.max_number_digits)
                facts += new_facts
                notes += new_notes
            if kind:
                found[kind].append(block.index)
            previous_kind = kind
        elif isinstance(block, Paragraph) and section in PROSE_SECTIONS:
            facts += prose_facts(block, section, seg.issuer_kind, limits.max_number_digits)
    for note in doc.notes:
        notes.append(Note(note.code, note.message, note.location, _section_at(seg, doc, note.location)))
    # Which format's 表三 the report filled in, by the rows only one format has
    # (（六）其他处理 as one row, or as three).
    layout = schema_table("t3").layout(t3_rows)
    return Extraction(document=doc, segmentation=seg, facts=facts, notes=notes, tables=found, t3_layout=layout)


def _section_at(seg, doc: Document, location: Location) -> str | None:
    """The section of the last block that starts at or before a location."""
    def key(loc: Location):
        return (loc.page or 0, loc.line or 0, loc.paragraph or 0, loc.column or 0)

    found = None
    for index, block in enumerate(doc.blocks):
        if key(block.location) <= key(location):
            found = seg.block_sections[index]
    return found
