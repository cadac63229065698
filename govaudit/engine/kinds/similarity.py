"""A section whose text is largely the same as last year's (cross-year).

Kind `similarity` compares one section of this report with the same section
of last year's report (`ctx.previous`) and reports when they are at least
`threshold` alike. Methods:

- `chars`: Jaccard over character bigrams, counted (multiset), after
  dropping digits, Latin letters, spaces and punctuation, so that a text
  copied with only its years and figures changed still counts as copied.
  Linear in the text length.
- `jieba`: Jaccard over the set of jieba tokens of two or more characters
  (the dictionary is loaded only when a rule uses this method).
"""

from __future__ import annotations

import re
from collections import Counter

from ...text.cjk import IDEOGRAPHS
from ..context import _section_paragraphs, render
from ..params import SECTION, Param

METHODS = ("chars", "jieba")
DOC = "与上一年度报告的同一部分相似度达到阈值时报告（疑似照抄）；没有上一年度报告时不比较。"  # for docs/rules/kinds.md
PARAMS = (
    SECTION,
    Param("threshold", "number", "相似度达到多少时报告（0 到 1 之间）", default=0.8),
    Param("method", "str", "`chars`：字的二元组；`jieba`：分词", choices=METHODS, default="chars"),
    Param("min_chars", "int", "两年中较短的一段少于这么多个汉字时不比较", default=40),
)
PLACEHOLDERS = {
    "section": "部分（`一`…`六`）",
    "similarity": "相似度，如“92%”",
    "threshold": "阈值，如“80%”",
    "previous_year": "上一年度",
}
# Keep CJK ideographs only: numbers, dates and punctuation change every year.
_NOISE = f"[^{IDEOGRAPHS}]+"


def compile(rule):
    section = rule.params["section"]
    threshold = rule.params.get("threshold", 0.8)
    if isinstance(threshold, bool) or not 0 < threshold <= 1:
        raise ValueError("threshold 应在 0 与 1 之间（如 0.8）", "threshold")
    method = rule.params.get("method", "chars")
    min_chars = rule.params.get("min_chars", 40)
    if min_chars < 1:
        raise ValueError("min_chars 应为正整数", "min_chars")
    return section, float(threshold), method, min_chars


def core_text(text: str) -> str:
    # re compiles the pattern on first use (1.5 ms: three wide ranges), so a
    # run without last year's report never pays for it.
    return re.sub(_NOISE, "", text)


def _bigrams(text: str) -> Counter:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def _tokens(text: str) -> Counter:
    import jieba  # heavy dictionary: only for rules that ask for it

    return Counter(set(t for t in jieba.lcut(text) if len(t) >= 2))


def similarity(a: str, b: str, method: str = "chars") -> float:
    """Weighted Jaccard of the two texts' features (0: nothing shared, 1: same)."""
    a, b = core_text(a), core_text(b)
    fa, fb = (_bigrams(a), _bigrams(b)) if method == "chars" else (_tokens(a), _tokens(b))
    union = sum((fa | fb).values())
    return sum((fa & fb).values()) / union if union else 0.0


def check(rule, ctx):
    section, threshold, method, min_chars = rule.compiled
    if ctx.previous is None or ctx.seg.section(section) is None:
        return []
    current = ctx.section_text(section)
    last = "\n".join(p.text for p in _section_paragraphs(ctx.previous, section))
    # Two near-empty sections ("无。") are alike without being copied.
    if min(len(core_text(current)), len(core_text(last))) < min_chars:
        return []
    score = similarity(current, last, method)
    if score < threshold:
        return []
    values = {
        "section": section,
        "similarity": f"{score:.0%}",
        "threshold": f"{threshold:.0%}",
        "previous_year": ctx.previous.segmentation.year or "上一",
    }
    # Both years' texts: the reader judges the likeness from them.
    quote = f"本年：{_quote(current)}；{values['previous_year']}年报告：{_quote(last)}"
    return [
        ctx.finding(
            rule,
            render(rule.message, values),
            ctx.section_location(section),
            section=section,
            evidence=quote,
            quoted=False,
        )
    ]


def _quote(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text[:limit] + ("……" if len(text) > limit else "")
