"""What extraction produces: facts, plus notes on what could not be read."""

from __future__ import annotations

import attrs

from ..core.fieldwise import FieldsEq, FieldsRepr
from ..core.facts import Fact
from ..core.model import Document, Location
from ..segment.sections import Segmentation


_UNREAD = frozenset({"unrecognised-row", "unreadable-cell", "unrecognised-table", "load-problem"})


@attrs.define(repr=False, eq=False)
class Note(FieldsEq):
    """Something the extractor could not read. Rules turn notes into findings,
    so nothing is ever skipped without a word."""

    code: str  # unrecognised-row | unreadable-cell | duplicate-row | …
    message: str
    location: Location
    section: str | None = None


@attrs.define(eq=False, repr=False)  # compared by identity: an aggregate, not a value
class Extraction(FieldsRepr):
    document: Document
    segmentation: Segmentation
    facts: list[Fact]
    notes: list[Note]
    tables: dict[str, list[int]]  # t2/t3/t4 → indexes (Table.index) of the tables read as such
    t3_layout: str | None = None  # the format whose 表三 rows the report has, by the rows only one format has

    @property
    def t3_other_rows(self) -> int | None:
        """How many rows （六）其他处理 has in the 表三 read: 1 (2019), 3 (2021); None if unknown."""
        if self.t3_layout is None:
            return None
        from ..data.schema import table

        return sum(key.split(".")[0] == "other" for key in table("t3").row_keys(self.t3_layout))

    @property
    def fully_read(self) -> bool:
        """False when a table was found but some of its figures could not be
        read (glued digits with several readings, unreadable cells, rows not
        recognised), a table's rows are mostly missing, or the loader could
        not read part of the file: the checks
        over those figures did not run, and the report is not fully checked."""
        if any(f.source == "table" and f.value is None and not f.blank for f in self.facts):
            return False
        if any(n.code in _UNREAD for n in self.notes):
            return False
        # A table mostly missing: most of its identities did not run either.
        from .coverage import TABLES, mostly_unread

        return not any(mostly_unread(self, t) for t in TABLES)

    def get(self, key: str, scope: str | None = None, source: str | None = None) -> Fact | None:
        for fact in self.facts:
            if fact.key == key and fact.scope == scope and (source is None or fact.source == source):
                return fact
        return None
