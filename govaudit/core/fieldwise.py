"""`__repr__`, `__eq__` and `__hash__` for govaudit's attrs classes, read
from the fields when called.

attrs writes and compiles these methods for every class it builds: for the
two dozen classes a `govaudit check` defines, some 6 ms of a 90 ms start.
These give the same results (tested against attrs' own) without compiling
anything; they run a little slower, and only debugging, failing tests and
comparisons of whole records ever call them.

    @attrs.define(repr=False, eq=False)
    class Fact(FieldsEq): ...            # repr, value equality, unhashable (mutable)

    @attrs.frozen(repr=False, eq=False)
    class Location(FieldsHash): ...      # repr, value equality, hash

    @attrs.frozen(repr=False, eq=False)
    class Cell(FieldsRepr): ...          # repr; compared by identity
"""

from __future__ import annotations


class FieldsRepr:
    __slots__ = ()

    def __repr__(self) -> str:
        parts = []
        for field in self.__attrs_attrs__:
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            shown = field.repr(value) if callable(field.repr) else repr(value)
            parts.append(f"{field.name}={shown}")
        name = type(self).__qualname__.rsplit(">.", 1)[-1]  # a class made in a function: its own name
        return f"{name}({', '.join(parts)})"


def _compared(record) -> tuple:
    return tuple(getattr(record, field.name) for field in record.__attrs_attrs__ if field.eq)


class FieldsEq(FieldsRepr):
    __slots__ = ()

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _compared(self) == _compared(other)

    __hash__ = None  # mutable: unhashable, as attrs makes a class with eq


class FieldsHash(FieldsEq):
    __slots__ = ()

    def __hash__(self) -> int:
        return hash((self.__class__, _compared(self)))
