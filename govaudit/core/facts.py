"""Facts: a canonical key, a value, and where it was read (docs/facts.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .fieldwise import FieldsEq
from .findings import json_number
from .model import Location

if TYPE_CHECKING:
    from decimal import Decimal


@attrs.define(repr=False, eq=False)
class Fact(FieldsEq):
    key: str
    value: int | Decimal | None  # None when blank or unreadable
    location: Location
    source: str  # table | text
    raw: str = ""  # the cell text or the sentence fragment it came from
    blank: bool = False
    unit: str | None = None
    scope: str | None = None  # 全省, 省本级…; None: the issuer itself
    # Read from a run of glued figures (a crawled page's flattened table).
    split_from_run: bool = False
    # The identities (each a set of fact keys) that chose the split: not evidence.
    chosen_by: tuple = ()

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "value": json_number(self.value),
            "blank": self.blank,
            "unit": self.unit,
            "scope": self.scope,
            "source": self.source,
            "raw": self.raw,
            "location": self.location.as_dict(),
            **({"split_from_run": True} if self.split_from_run else {}),
        }
