"""Regular expressions compiled at their first use, not at import.

A module's patterns are otherwise compiled when it is imported: a cold
`govaudit check` would compile some forty-five (12 ms, a tenth of its time;
each class of CJK characters costs the compiler about 0.3 ms), of which one
report uses half to two thirds. So patterns at module level are made with
`lazy_compile` (as Django's `_lazy_re_compile`). `compile_all` compiles
them ahead where a process would otherwise wait (check reading a PDF in a
child, batch/readahead.py).
"""

from __future__ import annotations

import re


_MADE: list[LazyPattern] = []  # every lazy pattern made: module-level ones only, so a bounded list


class LazyPattern:
    """Stands for `re.compile(source, flags)`: the first attribute asked
    for (`match`, `sub`…) compiles it, and each attribute is then kept on
    the instance, so that later uses cost what a compiled pattern's do."""

    def __init__(self, source, flags: int = 0):
        self._source = source
        self._flags = flags
        _MADE.append(self)

    def __getattr__(self, name: str):  # only for what the instance does not hold yet
        if name.startswith("__"):  # copy's and pickle's probes: not a pattern's business
            raise AttributeError(name)
        value = getattr(re.compile(self._source, self._flags), name)  # re's own cache: compiled once
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r})"


def lazy_compile(source, flags: int = 0) -> re.Pattern:
    return LazyPattern(source, flags)  # type: ignore[return-value]  # used as the pattern it stands for


def compile_all() -> None:
    """Compile now every lazy pattern of the modules imported so far (one
    that does not compile is left to raise where it is used)."""
    for pattern in _MADE:
        try:
            pattern.match  # noqa: B018  # the first attribute asked for compiles it
        except re.error:
            pass
