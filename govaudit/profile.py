"""The format profiles: section titles, table labels and prose vocabularies.

They are data (rules/profile/*.toml), read once per process and cached.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from .errors import ConfigError
from .normalize import normalize


def rules_dir() -> Path:
    """`govaudit/rules` in an installed wheel, `rules/` beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / "profile").is_dir():
            return candidate
    raise ConfigError(str(here / "rules"), "找不到规则数据目录 rules/（安装不完整？）")


@functools.cache
def load_profile(name: str) -> dict:
    path = rules_dir() / "profile" / f"{name}.toml"
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(path), f"格式数据无法读取：{exc}") from None


class LabelMatcher:
    """Many labels, one pass (Aho–Corasick): longest label found in a text.

    Labels are normalised once here; texts must be normalised by the caller.
    """

    def __init__(self, pairs):
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        self._exact: dict[str, object] = {}
        for label, value in pairs:
            key = normalize(label)
            if not key:
                continue
            self._exact.setdefault(key, value)
            if key not in self._automaton:
                self._automaton.add_word(key, (key, value))
        if self._exact:
            self._automaton.make_automaton()

    def exact(self, text: str):
        return self._exact.get(text)

    def find_all(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, value) of every label occurrence, leftmost-longest, not overlapping."""
        if not self._exact or not text:
            return []
        hits = []
        for end, (key, value) in self._automaton.iter(text):
            hits.append((end - len(key) + 1, end + 1, value))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out = []
        reach = -1
        for start, end, value in hits:
            if start >= reach:
                out.append((start, end, value))
                reach = end
        return out

    def longest(self, text: str):
        """The value of the longest label contained in text, or None."""
        if not self._exact or not text:
            return None
        best = None
        for end, (key, value) in self._automaton.iter(text):
            if best is None or len(key) > best[0]:
                best = (len(key), value)
        return best[1] if best else None
