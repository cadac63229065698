"""The six parts' headings as the format profiles write them
(rules/profile/sections.toml): their titles and known variants, and whether
a text starts with one. Segmenting a report uses them, and so do loaders
that must tell a heading from body text (a heading wrapped over two lines,
run-on text with no line breaks)."""

from __future__ import annotations

import re

from ..text.lazyre import lazy_compile
from ..text.normalize import normalize
from .profile import load_profile

NUMERALS = "一二三四五六"


def section_titles() -> dict:
    """{numeral: its entry in the sections profile (title, standard, variants, keywords)}."""
    data = load_profile("sections")["section"]
    return {s["number"]: s for s in data}


HEAD_CHARS = 120
NUMERAL = lazy_compile(r"^\s*([一二三四五六])\s*[、.．，,]\s*")


def candidates(spec: dict) -> list[tuple[str, str]]:
    """(normalised title, match kind), longest first, so a title is never
    taken for a shorter variant it starts with."""
    pairs = [(normalize(spec["title"]), "exact")]
    pairs += [(normalize(v), "exact") for v in spec.get("standard", [])]
    pairs += [(normalize(v), "variant") for v in spec.get("variants", [])]
    return sorted(pairs, key=lambda p: -len(p[0]))


def match_heading(rest: str, spec: dict) -> tuple[str, str] | None:
    """(title as written, match kind) when `rest` (the text after 一、) starts
    with a known title; a loose match needs a short, heading-like text."""
    rest = rest[:HEAD_CHARS]  # a title is short; the body after it is not read here
    norm = normalize(rest)
    for title, kind in candidates(spec):
        if norm.startswith(title):
            return written_prefix(rest, title), kind
    head = re.split(r"[。：:；;]", rest, maxsplit=1)[0].strip()
    keywords = spec.get("keywords", [])
    if keywords and len(normalize(head)) <= 40 and all(k in normalize(head) for k in keywords):
        return head, "loose"
    return None


def written_prefix(rest: str, normalized_title: str) -> str:
    """The shortest prefix of `rest` whose normalised form is the title."""
    for end in range(len(normalized_title), min(len(rest), 3 * len(normalized_title) + 12) + 1):
        if normalize(rest[:end]) == normalized_title:
            return rest[:end].strip()
    return rest.strip()


def heading_match(text: str) -> tuple[str, str, str] | None:
    """(numeral, title as written, match kind) when `text` is a section
    heading (for loaders joining a heading wrapped over two lines)."""
    m = NUMERAL.match(text)
    if not m:
        return None
    hit = match_heading(text[m.end():], section_titles()[m.group(1)])
    return (m.group(1), *hit) if hit else None
