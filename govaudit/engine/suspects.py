"""Which cell is wrong: the table's identities read as parity checks.

Every identity of a table (a row sum, a column sum, the balance) is an
equation over cells. When one cell is mistyped, exactly the identities that
contain it fail, all by the same amount (up to sign). So a cell is a
*candidate* for a failing identity when

- it is in two identities or more (a row and a column cross: one identity
  alone cannot tell its cells apart), every one of which fails (a holding identity would break if
  the cell changed), and
- one value of the cell makes all of them hold, and that value is a count
  (a non-negative number);

and it is named as the *suspect* only when it is the one candidate of that
identity. A 表四 group (one identity over five cells) has five candidates and
names none; a row of figures read only from prose, four; two wrong cells in
one row make the row's identity disagree with both columns and name none.
Identities that could not be evaluated (a figure unread, a side left blank)
are neither failing nor holding: they clear no candidate and accuse none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple


class Equation(NamedTuple):
    """One identity over one set of facts: keys on each side (a key may be
    repeated), and whether it was evaluated at all."""

    left: tuple[str, ...]
    right: tuple[str, ...]


class Suspect(NamedTuple):
    fact: str
    actual: object
    expected: object

    def as_json(self) -> dict:
        from ..core.findings import json_number

        return {"fact": self.fact, "actual": json_number(self.actual), "expected": json_number(self.expected)}


def _coefficients(equation: Equation) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for key in equation.left:
        out[key] += 1
    for key in equation.right:
        out[key] -= 1
    return {k: a for k, a in out.items() if a}


def locate(equations: list[Equation], values: dict[str, object]) -> dict[int, Suspect]:
    """Equation index → the one cell that explains its failure, for the failing
    equations that have one. `values`: every key of every equation, blank
    cells as 0."""
    residual = [sum(values[k] for k in e.left) - sum(values[k] for k in e.right) for e in equations]
    containing: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, equation in enumerate(equations):
        for key, coefficient in _coefficients(equation).items():
            containing[key].append((index, coefficient))

    candidates: dict[int, list[Suspect]] = defaultdict(list)
    for key, where in containing.items():
        if len(where) < 2 or any(residual[i] == 0 for i, _ in where):
            continue  # a holding identity pins this cell; one identity alone cannot tell its cells apart
        # the change of the cell that makes identity i hold: residual + a·δ = 0
        changes = {-residual[i] / a if residual[i] % a else -residual[i] // a for i, a in where}
        if len(changes) != 1:
            continue
        expected = values[key] + changes.pop()
        if expected < 0:
            continue
        suspect = Suspect(key, values[key], expected)
        for i, _ in where:
            candidates[i].append(suspect)
    return {i: found[0] for i, found in candidates.items() if len(found) == 1}
