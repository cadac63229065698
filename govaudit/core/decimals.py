"""Figures with a decimal point (money in 万元, percentages) are
decimal.Decimal; counts are int. The decimal module is imported by the
first figure that needs it (text/values.py), not by every run."""

from __future__ import annotations

import sys


def is_decimal(value) -> bool:
    """Whether `value` is a decimal.Decimal. No Decimal can exist before the
    decimal module is imported, which the figures of most reports never
    need: so it is not imported to ask."""
    module = sys.modules.get("decimal")
    return module is not None and isinstance(value, module.Decimal)


def format_number(value) -> str:
    """A count or an amount as a report writes it: 12, 3.5 (never 3.50 or 1E+1)."""
    return format(value.normalize(), "f") if is_decimal(value) else str(value)
