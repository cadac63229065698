"""Cell and sentence values: counts, signed changes, money, and blanks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ..core.fieldwise import FieldsHash
from .normalize import nfkc
from .lazyre import lazy_compile

if TYPE_CHECKING:
    from decimal import Decimal

# As they are after NFKC and with spaces removed (－ is then -, "/ " is "/").
BLANKS = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "×"})
_NUMBER = lazy_compile(r"^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|个|条|项|份|次|起|宗|人次|篇|%)?$")
_SPACES = lazy_compile(r"\s+")
_UNIT_ONLY = lazy_compile(r"^(万元|元|件|个|条|项|份|次)$")


@attrs.frozen(repr=False, eq=False)
class Value(FieldsHash):
    value: int | Decimal | None
    blank: bool
    unit: str | None = None
    readable: bool = True  # False: text is present but is not a number


def parse_value(text: str, max_digits: int = 18) -> Value:
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return Value(int(text), False)  # most cells: nothing to normalise
    raw = nfkc(text)
    raw = _SPACES.sub("", raw).replace("−", "-")  # (NFKC already made ， a comma; not − a hyphen)
    if raw in BLANKS or set(raw) <= set("-—–/\\"):
        return Value(None, True)
    if len(raw) > 3 * max_digits + 8:
        # Longer than any number we read (digits, separators, sign, unit):
        # refuse before the pattern, whose repeats cost memory per match.
        return Value(None, False, None, readable=False)
    m = _NUMBER.match(raw)
    if not m:
        if _UNIT_ONLY.match(raw):
            return Value(None, True, raw)
        return Value(None, False, None, readable=False)
    sign, digits, decimals, unit = m.groups()
    digits = digits.replace(",", "")
    if len(digits) > max_digits:
        return Value(None, False, unit, readable=False)
    try:
        if decimals:
            from decimal import Decimal  # imported by the first figure that needs it

            number = Decimal(digits + decimals)
        else:
            number = int(digits)
    except (ArithmeticError, ValueError):  # decimal.InvalidOperation is an ArithmeticError
        return Value(None, False, unit, readable=False)
    if sign == "-":
        number = -number
    return Value(number, False, unit)

