"""The shared __repr__, __eq__ and __hash__ of govaudit's attrs classes:
the same results as the methods attrs would generate."""

import attrs
import pytest

from govaudit.fieldwise import FieldsEq, FieldsHash, FieldsRepr
from govaudit.model import Cell, Location


@attrs.define
class ByAttrs:
    a: int
    b: str = "x"
    c: list = attrs.Factory(list)
    hidden: int = attrs.field(default=0, repr=False)
    custom: int = attrs.field(default=5, repr=lambda v: f"<{v}>")
    ignored: int = attrs.field(default=0, eq=False)


@attrs.define(repr=False, eq=False)
class ByFields(FieldsEq):
    a: int
    b: str = "x"
    c: list = attrs.Factory(list)
    hidden: int = attrs.field(default=0, repr=False)
    custom: int = attrs.field(default=5, repr=lambda v: f"<{v}>")
    ignored: int = attrs.field(default=0, eq=False)


@attrs.frozen
class FrozenByAttrs:
    a: int
    b: tuple = ()


@attrs.frozen(repr=False, eq=False)
class FrozenByFields(FieldsHash):
    a: int
    b: tuple = ()


def test_repr_is_what_attrs_prints():
    assert repr(ByFields(1, "y", [2])).replace("ByFields", "ByAttrs") == repr(ByAttrs(1, "y", [2]))
    assert repr(ByFields(1)) == "ByFields(a=1, b='x', c=[], custom=<5>, ignored=0)"
    assert repr(Location("a.html", line=3, column=4)) == (
        "Location(path='a.html', line=3, column=4, end_line=None, end_column=None, page=None, paragraph=None, "
        "table=None, row=None, col=None)"
    )


@pytest.mark.parametrize(
    "left, right",
    [((1,), (1,)), ((1,), (2,)), ((1, "y", [2]), (1, "y", [2])), ((1, "y", [2]), (1, "y", [3])),
     ((1, "x", [], 0, 5, 1), (1, "x", [], 0, 5, 2)), ((1, "x", [], 9), (1, "x", [], 0))],
)
def test_equality_is_what_attrs_compares(left, right):
    expected = ByAttrs(*left) == ByAttrs(*right)
    assert (ByFields(*left) == ByFields(*right)) is expected
    assert (ByFields(*left) != ByFields(*right)) is (not expected)


def test_other_classes_are_never_equal_and_mutable_records_are_unhashable():
    assert ByFields(1) != ByAttrs(1) and ByFields(1) != (1,)
    assert FrozenByFields(1) != ByFields(1)
    with pytest.raises(TypeError):
        hash(ByFields(1))
    with pytest.raises(TypeError):
        hash(ByAttrs(1))


def test_frozen_records_hash_by_value():
    assert hash(FrozenByFields(1, (2,))) == hash(FrozenByFields(1, (2,)))
    assert len({FrozenByFields(1), FrozenByFields(1), FrozenByFields(2)}) == 2
    assert len({FrozenByAttrs(1), FrozenByAttrs(1), FrozenByAttrs(2)}) == 2
    assert Location("a", line=1) == Location("a", line=1) and len({Location("a", line=1), Location("a", line=1)}) == 1


def test_identity_records_compare_by_identity():
    loc = Location("a")
    one, two = Cell("x", loc, 0, 0), Cell("x", loc, 0, 0)
    assert one != two and one == one and len({one, two}) == 2
    assert isinstance(one, FieldsRepr) and not isinstance(one, FieldsEq)
