"""Report text is untrusted: nothing from it may drive a terminal, run in a
reviewer's browser, or become a formula in a spreadsheet. One place for each."""

from .lazyre import lazy_compile

# C0 and C1 controls (ESC, CSI…) shown as \xNN; bidi overrides replaced.
# Tab and newline are handled by callers.
_CONTROLS = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_TABLE = {**{c: f"\\x{c:02x}" for c in _CONTROLS}, **dict.fromkeys(_BIDI, "\ufffd")}


def for_terminal(text: str) -> str:
    return text.translate(_TABLE)


# In a page: C0/C1 controls and bidi overrides are invisible, or able to
# reorder what a reader sees; they become U+FFFD before escaping.
CONTROL = lazy_compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_html(value) -> str:
    """Text or attribute value for an HTML page (None is empty)."""
    if value is None:
        return ""
    import html

    return html.escape(CONTROL.sub("\ufffd", str(value)), quote=True)


_LINE_TABLE = {**_TABLE, 0x09: "\\x09", 0x0A: "\\x0a"}


def one_line(text: str) -> str:
    """For a message that must stay one line (an error naming a file whose
    name holds a line break or escape sequences): every control shown as \\xNN."""
    return str(text).translate(_LINE_TABLE)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_csv(value):
    """A CSV cell that a spreadsheet will not run: text starting like a
    formula (=HYPERLINK(…), +, -, @) gets a leading '. (XLSX cells are typed
    as text instead, and need no mark.)"""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
