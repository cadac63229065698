"""Sections, title, year, issuer and format profile of a loaded `Document`."""

from __future__ import annotations

import attrs

from ..core.fieldwise import FieldsEq
from ..core.model import Document, Location, Paragraph
from ..text.normalize import normalize, normalize_text
from ..data.headings import HEAD_CHARS, NUMERAL, match_heading, section_titles
from ..data.profile import load_profile
from ..text.lazyre import lazy_compile

_YEAR = lazy_compile(r"((?:19|20)\d{2})\s*年")
_TITLE = lazy_compile(r"^(.*?)((?:19|20)\d{2})\s*年度?(.*?)(?:政府)?信息公开(?:工作)?(?:年度)?报告")
_DATE = lazy_compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PERIOD = lazy_compile(
    r"统计(?:期限|时限|期间|周期|时间|区间)[^。；]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*起?"
    r"\s*(?:至|到|—|－|-|~|～)\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)


@attrs.define(repr=False, eq=False)
class Section(FieldsEq):
    number: str  # 一…六
    title: str  # as written
    match: str  # exact | variant | loose | near (numeral in sequence, title close: segment/layout.py)
    block: int  # index of the heading paragraph in Document.blocks
    location: Location
    ordinal: str | None = None  # the numeral written, where the report numbers its own parts


@attrs.define(repr=False, eq=False)
class StatsPeriod(FieldsEq):
    start_year: int
    end_year: int | None
    text: str
    location: Location


@attrs.define(repr=False, eq=False)
class Segmentation(FieldsEq):
    sections: list[Section]
    block_sections: list[str | None]  # section number of every block
    title: str | None
    year: int | None
    issuer: str | None
    issuer_kind: str  # government | department
    profile: str  # the format the year calls for: "2019" | "2021"
    layout: str | None  # the format the labels show, if any
    published: str | None
    published_location: Location | None
    stats_period: StatsPeriod | None
    # The parts as written, when the report numbers its own (segment/layout.py).
    own_parts: list = attrs.Factory(list)

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)


def find_sections(doc: Document) -> list[Section]:
    specs = section_titles()
    found: dict[str, Section] = {}
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        m = NUMERAL.match(block.text)
        if not m or m.group(1) in found:
            continue
        number = m.group(1)
        hit = match_heading(block.text[m.end():], specs[number])
        if hit is None:
            continue
        title, match = hit
        found[number] = Section(number, title, match, index, block.location)
    return sorted(found.values(), key=lambda s: s.block)


def _block_sections(doc: Document, sections: list[Section]) -> list[str | None]:
    out: list[str | None] = [None] * len(doc.blocks)
    for i, section in enumerate(sections):
        end = sections[i + 1].block if i + 1 < len(sections) else len(doc.blocks)
        for b in range(section.block, end):
            out[b] = section.number
    return out


def _title(doc: Document) -> str | None:
    candidates = [doc.title] if doc.title else []
    candidates += [b.text for b in doc.blocks[:20] if isinstance(b, Paragraph)]
    for text in candidates:
        if text and len(text) < 80 and "报告" in text and _YEAR.search(text):
            return text
    # A title longer than any real one is cut: the title pattern is not
    # meant for (and would be slow on) a page-long <title>.
    return doc.title[:HEAD_CHARS] if doc.title else None


def _issuer_kind(issuer: str | None) -> str:
    if not issuer:
        return "department"
    spec = load_profile("formats")["issuer"]
    for suffix in spec["government_suffixes"]:
        if issuer.endswith(suffix):
            # 人民政府办公厅 ends with 厅, not 政府: checked first by length.
            dept = next((d for d in spec["department_suffixes"] if issuer.endswith(d)), None)
            if dept and len(dept) > len(suffix):
                return "department"
            return "government"
    return "department"


def _layout(doc: Document) -> str | None:
    formats = load_profile("formats")["format"]
    text = normalize_text(" ".join(t.text() for t in doc.tables))
    if not text:
        return None
    hits = {name: sum(normalize(m) in text for m in spec["markers"]) for name, spec in formats.items()}
    best = max(hits, key=hits.get)
    return best if hits[best] else None


def _profile_for_year(year: int | None, layout: str | None) -> str:
    formats = load_profile("formats")["format"]
    if year is None:
        return layout or max(formats)
    eligible = [name for name, spec in formats.items() if spec["first_year"] <= year]
    return max(eligible, key=lambda n: formats[n]["first_year"]) if eligible else min(formats)


def _published(doc: Document, first_section_block: int) -> tuple[str | None, Location | None]:
    if doc.published:
        return doc.published, None
    for block in doc.blocks[:first_section_block]:
        if isinstance(block, Paragraph) and len(block.text) <= 60:
            m = _DATE.search(block.text)
            if m and ("发布" in block.text or block.text.startswith(m.group(0)) or "日期" in block.text):
                y, mo, d = m.groups()
                return f"{y}-{int(mo):02d}-{int(d):02d}", block.location
    return None, None


def _stats_period(doc: Document) -> StatsPeriod | None:
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            m = _PERIOD.search(block.text)
            if m:
                end = int(m.group(2)) if m.group(2) else None
                return StatsPeriod(int(m.group(1)), end, m.group(0), block.location)
    return None


def segment(doc: Document) -> Segmentation:
    from .layout import reconcile

    sections, own_parts = reconcile(doc, find_sections(doc), section_titles())
    title = _title(doc)
    year = issuer = None
    if title:
        m = _TITLE.search(title)
        if m:
            year = int(m.group(2))
            issuer = (m.group(1) or m.group(3)).strip(" （）()《》") or None
        else:
            y = _YEAR.search(title)
            year = int(y.group(1)) if y else None
    layout = _layout(doc)
    first = sections[0].block if sections else min(len(doc.blocks), 20)
    published, published_loc = _published(doc, first)
    return Segmentation(
        sections=sections,
        block_sections=_block_sections(doc, sections),
        title=title,
        year=year,
        issuer=issuer,
        issuer_kind=_issuer_kind(issuer),
        profile=_profile_for_year(year, layout),
        layout=layout,
        published=published,
        published_location=published_loc,
        stats_period=_stats_period(doc),
        own_parts=own_parts,
    )
