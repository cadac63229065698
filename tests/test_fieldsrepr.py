"""The shared __repr__ of govaudit's attrs classes."""


def test_fields_repr_prints_what_attrs_would():
    import attrs

    from govaudit.fieldsrepr import FieldsRepr
    from govaudit.model import Location

    @attrs.define
    class ByAttrs:
        a: int
        b: str = "x"
        c: list = attrs.Factory(list)
        hidden: int = attrs.field(default=0, repr=False)
        custom: int = attrs.field(default=5, repr=lambda v: f"<{v}>")

    @attrs.define(repr=False)
    class ByFields(FieldsRepr):
        a: int
        b: str = "x"
        c: list = attrs.Factory(list)
        hidden: int = attrs.field(default=0, repr=False)
        custom: int = attrs.field(default=5, repr=lambda v: f"<{v}>")

    assert repr(ByFields(1, "y", [2])).replace("ByFields", "ByAttrs") == repr(ByAttrs(1, "y", [2]))
    assert repr(ByFields(1)) == "ByFields(a=1, b='x', c=[], custom=<5>)"
    assert repr(Location("a.html", line=3, column=4)) == (
        "Location(path='a.html', line=3, column=4, end_line=None, end_column=None, page=None, paragraph=None, "
        "table=None, row=None, col=None)"
    )
