"""The line of a value in a TOML file, for `file:line` errors.

tomllib gives values without positions, so an error about data already
parsed finds its line again here, from the file's text. Only ever called on
an error: nothing here is on the path of a run that goes well.

A value is named by its path in the parsed data: ("row", 3, "labels") is the
`labels` key of the fourth [[row]] table. Headers ([a.b], [[row]]) and
`key = ` lines (dotted and quoted keys too) are located exactly; an element
inside a multi-line value is found by searching the value's lines for the
offending text (`needle`).
"""

from __future__ import annotations

import re
from ..text.lazyre import lazy_compile

_BARE = r"[A-Za-z0-9_-]+"
_PART = rf'(?:{_BARE}|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY = lazy_compile(rf"\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_HEADER = lazy_compile(rf"\s*(\[\[?)\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]\]?")
_SPLIT = lazy_compile(rf"\s*({_PART})\s*\.?")


def _parts(dotted: str) -> tuple[str, ...]:
    out = []
    for m in _SPLIT.finditer(dotted):
        part = m.group(1)
        out.append(part[1:-1] if part[:1] in "\"'" else part)
    return tuple(out)


def _top_level_lines(lines: list[str]):
    """(number, line) of the lines that start a key or a header: not those
    inside a multi-line array, inline table or string."""
    depth = 0
    in_string: str | None = None  # the closing quotes of an open multi-line string
    for number, line in enumerate(lines, 1):
        if depth == 0 and in_string is None:
            yield number, line
        i = 0
        while i < len(line):
            if in_string is not None:
                end = line.find(in_string, i)
                if end < 0:
                    break
                i, in_string = end + len(in_string), None
                continue
            ch = line[i]
            if ch == "#":
                break
            if line.startswith('"""', i) or line.startswith("'''", i):
                in_string = line[i:i + 3]
                i += 3
                continue
            if ch in "\"'":
                m = re.compile(r'"(?:[^"\\]|\\.)*"' if ch == '"' else r"'[^']*'").match(line, i)
                i = m.end() if m else len(line)
                continue
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
            i += 1
        if depth < 0:  # a header's own brackets
            depth = 0


class Lines:
    """Path → line of every header and key of one TOML text."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.starts: dict[tuple, int] = {}
        self.entry_lines: list[int] = []
        counts: dict[tuple, int] = {}
        table: tuple = ()
        for number, line in _top_level_lines(self.lines):
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                path = _parts(header.group(2))
                if header.group(1) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    table = path + (index,)
                else:
                    table = path
                self.starts.setdefault(table, number)
                self.entry_lines.append(number)
                continue
            key = _KEY.match(line)
            if key:
                parts = _parts(key.group(1))
                for n in range(1, len(parts) + 1):
                    self.starts.setdefault(table + parts[:n], number)
                self.entry_lines.append(number)

    def line(self, path: tuple, needle: str | None = None) -> int | None:
        """The line of `path`, or of its nearest enclosing key or table; with
        a needle, the first line of that value holding it (quoted)."""
        for n in range(len(path), -1, -1):
            start = self.starts.get(tuple(path[:n]))
            if start is not None:
                break
        else:
            return None
        if needle is None or n == len(path):
            return start
        later = [e for e in self.entry_lines if e > start]
        end = later[0] if later else len(self.lines) + 1
        for number in range(start, end):
            text = self.lines[number - 1]
            if f'"{needle}"' in text or f"'{needle}'" in text:
                return number
        return start


def line_of(path: str, data_path: tuple, needle: str | None = None) -> int | None:
    """The line of `data_path` in the TOML file at `path` (None if unreadable)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return Lines(text).line(data_path, needle)
