"""Finding words in a section, paragraph by paragraph: shared by the
`existence` and `substitution` templates."""

from __future__ import annotations

from ...data.profile import LabelMatcher
from ...text.normalize import normalize_text

_ALLOWED = None  # value of an exception label: a longer phrase that is fine


def matcher(words: dict[str, object], exceptions) -> LabelMatcher:
    """Longest match wins, so an exception containing a word hides it there."""
    pairs = [(e, _ALLOWED) for e in exceptions] + list(words.items())
    return LabelMatcher(pairs)


def occurrences(ctx, section: str, compiled: LabelMatcher):
    """(paragraph, matched text, value) for every word found, in reading order;
    nothing when the section is missing (the section rules report that)."""
    if section == "全文":
        paragraphs = ctx.doc.paragraphs
    elif ctx.seg.section(section) is None:
        return
    else:
        paragraphs = ctx.section_paragraphs(section)
    for paragraph in paragraphs:
        text = normalize_text(paragraph.text)
        for start, end, value in compiled.find_all(text):
            if value is not _ALLOWED:
                yield paragraph, text[start:end], value


def nonempty(rule, key: str, values) -> None:
    if not values or not all(values):
        raise ValueError(f"{key} 不能为空，也不能含空字符串：否则这条规则永远不会报告", key)
