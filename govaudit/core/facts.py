"""Facts: a canonical key, a value, and where it was read (shared/spec/facts.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .fieldwise import FieldsEq
from .findings import json_number
from .model import Location

if TYPE_CHECKING:
    from decimal import Decimal

T3_COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")
T3_LEGAL_COLUMNS = ("commercial", "research", "nonprofit", "legal_service", "other_org")
T3_ROWS = (
    "new_received",
    "carried_over",
    "granted",
    "partially_granted",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.security_stability",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_file",
    "withheld.inquiry",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear",
    "not_processed.petition",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirmation",
    "other.no_correction",
    "other.unpaid_fee",
    "other.other",
    "other",
    "total_processed",
    "carried_forward",
)
T4_GROUPS = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
T2_KEYS = (
    # 2021 format
    "regulations.issued", "regulations.repealed", "regulations.in_force",
    "normative_docs.issued", "normative_docs.repealed", "normative_docs.in_force",
    "licensing.decisions", "penalty.decisions", "coercion.decisions", "fees.amount",
    # 2019 format
    "regulations.made", "regulations.published", "regulations.total_public",
    "normative_docs.made", "normative_docs.published", "normative_docs.total_public",
    "licensing.prev_items", "licensing.change",
    "other_services.prev_items", "other_services.change", "other_services.decisions",
    "penalty.prev_items", "penalty.change", "coercion.prev_items", "coercion.change",
    "fees.prev_items", "fees.change", "procurement.projects", "procurement.amount",
)
# Additions to shared/spec/facts.md (documented in docs/facts.md): figures
# that prose states but no table cell holds.
EXTRA_KEYS = (
    "t4.litigation.total",  # 行政诉讼 in all: 直接起诉 + 复议后起诉
    "summary.received",  # section 一: 收到/受理 …申请 N 件 (新收, or 新收 + 上年结转)
    "summary.new_received",  # section 一: 新收 N 件
    "summary.processed",  # section 一: 办结/答复 N 件
    "summary.carried_forward",  # section 一: 结转 N 件
    "summary.carried_over",  # section 一: 上年结转 N 件
    "summary.review",  # section 一: 行政复议 N 件
    "summary.litigation",  # section 一: 行政诉讼 N 件
)


def all_fact_keys() -> frozenset[str]:
    keys = {f"t3.{r}.{c}" for r in T3_ROWS for c in T3_COLUMNS}
    keys |= {f"t4.{g}.{c}" for g in T4_GROUPS for c in T4_COLUMNS}
    keys |= {f"t2.{k}" for k in T2_KEYS}
    keys |= set(EXTRA_KEYS)
    return frozenset(keys)


FACT_KEYS = all_fact_keys()
# The report section each table belongs to (t2 is 表二, in section 二…).
SECTION_OF_TABLE = {"t2": "二", "t3": "三", "t4": "四"}


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
