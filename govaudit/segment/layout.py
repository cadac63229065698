"""Sections written otherwise than the format prescribes, recognised by what they are.

Two departures seen in published reports:

- The issuer numbers its own parts (`一、总体情况 二、工作机制保障 三、主动公开工作情况
  … 七、其他需要报告的事项`), the national tables in an annex. Each prescribed part is
  then found by its title under whatever numeral it carries; a part of the
  issuer's own (工作机制保障) continues the part before it. The report says
  once that it departs from the six-part structure (`OwnPart`s).
- A heading with the right numeral, in sequence, under a title near the
  prescribed one (`六、需要说明的其他事项与附表无。`): that section under another
  title (match "near"), not a missing one.
"""

from __future__ import annotations


import attrs

from ..core.fieldwise import FieldsEq
from ..core.model import Document, Location, Paragraph
from ..data.headings import match_heading
from ..text.normalize import normalize
from ..text.lazyre import lazy_compile

_ORDINAL = lazy_compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*")
_HEAD_END = lazy_compile(r"[。：:；;！!？?]")
_TITLE_MAX = 30  # characters of a heading's title; a longer head is a sentence
_NEAR = 0.5  # share of the prescribed title's characters a near title must hold
_SEQUENCE = "一二三四五六七八九十"
_TRIES = 3  # headings tried per missing section for a near title


@attrs.define(repr=False, eq=False)
class OwnPart(FieldsEq):
    """One part of a report that numbers its own parts, as written."""

    ordinal: str  # the numeral written
    title: str
    location: Location
    number: str | None  # the prescribed part it was recognised as, if any


def _headings(doc: Document) -> list[tuple[int, str, str, Paragraph]]:
    """(block, numeral, title, paragraph) of every numbered heading-like paragraph."""
    out = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        m = _ORDINAL.match(block.text)
        if not m or len(m.group(1)) > 1 and m.group(1) not in ("十一", "十二"):
            continue
        head = _HEAD_END.split(block.text[m.end():], maxsplit=1)[0].strip()
        if head and len(head) <= _TITLE_MAX:
            out.append((index, m.group(1), head, block))
    return out


def reconcile(doc: Document, sections: list, specs: dict) -> tuple[list, list[OwnPart]]:
    """The sections, with those written otherwise recognised; and the parts
    as written when the report numbers its own."""
    headings = _headings(doc)
    own = own_numbering(headings, sections, specs)
    if own is not None:
        return own
    if len(sections) < len(specs):
        sections = near_titles(headings, sections, specs)
    return sections, []


def _make(number, title, match, block, location, ordinal):
    from .sections import Section

    return Section(number, title, match, block, location, ordinal)


def _top_level(headings: list) -> list:
    """The numbered headings whose numerals rise: a list numbered 一、二、
    inside a part starts again from 一 and holds no parts."""
    out = []
    for heading in headings:
        rank = _rank(heading[1])
        if not out or rank > _rank(out[-1][1]):
            out.append(heading)
    return out


def _rank(numeral: str) -> int:
    return 10 + _SEQUENCE.index(numeral[-1]) + 1 if len(numeral) > 1 else _SEQUENCE.index(numeral)


def own_numbering(headings: list, sections: list, specs: dict) -> tuple[list, list[OwnPart]] | None:
    """Sections found by title whatever their numeral, and the parts as
    written, when the report numbers its own parts; else None.

    It does when a numbered heading carries the title of a part the strict
    reading did not find, under another numeral (三、主动公开工作情况), or a
    numeral past 六 heads a prescribed part."""
    found = {s.number for s in sections}
    headings = _top_level(headings)
    own = False
    for _, numeral, title, _ in headings:
        if numeral in specs and match_heading(title, specs[numeral]):
            continue
        if any(n not in found and n != numeral and match_heading(title, spec) for n, spec in specs.items()):
            own = True
            break
    if not own:
        return None
    placed: dict[str, object] = {}
    parts: list[OwnPart] = []
    for index, numeral, title, block in headings:
        number = _best(title, specs, placed)
        if number is not None:
            written, match = match_heading(title, specs[number])
            placed[number] = _make(number, written, match, index, block.location, numeral if numeral != number else None)
        parts.append(OwnPart(numeral, title, block.location, number))
    return sorted(placed.values(), key=lambda s: s.block), parts


def _best(title: str, specs: dict, placed: dict) -> str | None:
    """The prescribed part a title names: an exact or variant title first, a
    loose one (keywords) only when no part's title matches better."""
    loose = None
    for number, spec in specs.items():
        if number in placed:
            continue
        hit = match_heading(title, spec)
        if hit and hit[1] != "loose":
            return number
        if hit and loose is None:
            loose = number
    return loose


def near_titles(headings: list, sections: list, specs: dict) -> list:
    """Sections missing from the strict reading found under a near title:
    the numeral in sequence (after the part before it, before the part
    after it) and most of the prescribed title's characters in the title."""
    found = {s.number: s for s in sections}
    added = []
    tried: dict[str, int] = {}
    for index, numeral, title, block in headings:
        if numeral not in specs or numeral in found or tried.get(numeral, 0) >= _TRIES:
            continue
        position = _SEQUENCE.index(numeral)
        before = found.get(_SEQUENCE[position - 1]) if position else None
        after = found.get(_SEQUENCE[position + 1]) if position + 1 < 6 else None
        if position and before is None or before and before.block > index or after and after.block < index:
            continue
        tried[numeral] = tried.get(numeral, 0) + 1  # the first few in place: a page of 一、 lines costs no more
        title = _unglue(title, block.text)
        if _nearness(title, specs[numeral]["title"]) < _NEAR:
            continue
        section = _make(numeral, title, "near", index, block.location, None)
        found[numeral] = section
        added.append(section)
    return sorted(sections + added, key=lambda s: s.block)


def _unglue(title: str, text: str) -> str:
    """`需要说明的其他事项与附表无` → its title: a section's whole text `无。`
    glued to its heading is not part of the title."""
    if title.endswith(("无", "無")) and len(title) > 2 and text.find(title) + len(title) < len(text):
        return title[:-1]
    return title


def _nearness(title: str, prescribed: str) -> float:
    want = set(normalize(prescribed))
    return len(want & set(normalize(title))) / len(want) if want else 0.0
