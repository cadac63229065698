"""Arithmetic identities as data: a tiny parser, no `eval`.

    t3.new_received.{col} + t3.carried_over.{col} = t3.total_processed.{col} + t3.carried_forward.{col}

A term is a fact key, possibly with `{name}` placeholders filled from the
rule's `over` table (each a list of values: the identity kind has already
turned a reference to the schema, `over.col = "t3.columns"`, into one).
The relation is `=`, `<=` or `>=` (one of them, once). `[a + b + c | d]` is
a term with alternatives: the first alternative whose facts the report has
is used (the 2021 sub-rows of （六）其他处理, or the single 2019 row).
"""

from __future__ import annotations

import itertools

import attrs

from ..core.fieldwise import FieldsHash
from ..text.lazyre import lazy_compile

_TOKEN = lazy_compile(r"\s*(?:(?P<key>[a-z_][a-z0-9_.{}]*)|(?P<op><=|>=|[+=\[\]|]))")
RELATIONS = ("=", "<=", ">=")
_PLACEHOLDER = lazy_compile(r"\{([a-z_][a-z0-9_]*)\}")


class IdentityError(ValueError):
    pass


@attrs.frozen(repr=False, eq=False)
class Alternatives(FieldsHash):
    options: tuple[tuple[str, ...], ...]  # each option: keys summed


Term = str | Alternatives


@attrs.frozen(repr=False, eq=False)
class Identity(FieldsHash):
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    relation: str = "="

    def holds(self, left, right) -> bool:
        if self.relation == "<=":
            return left <= right
        if self.relation == ">=":
            return left >= right
        return left == right

    def keys(self) -> list[str]:
        out = []
        for term in self.left + self.right:
            if isinstance(term, Alternatives):
                for option in term.options:
                    out.extend(option)
            else:
                out.append(term)
        return out

    def placeholders(self) -> set[str]:
        return {name for key in self.keys() for name in _PLACEHOLDER.findall(key)}

    def bind(self, values: dict[str, str]) -> "Identity":
        def fill(key: str) -> str:
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], key)

        def term(t: Term) -> Term:
            if isinstance(t, Alternatives):
                return Alternatives(tuple(tuple(fill(k) for k in option) for option in t.options))
            return fill(t)

        return Identity(tuple(term(t) for t in self.left), tuple(term(t) for t in self.right), self.relation)


def _tokens(text: str):
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise IdentityError(f"无法解析的恒等式，位置 {pos + 1}：“{text[pos:pos + 12]}”")
        pos = m.end()
        yield ("key", m.group("key")) if m.group("key") else ("op", m.group("op"))


def parse_identity(text: str) -> Identity:
    tokens = list(_tokens(text))
    sides: list[list[Term]] = [[]]
    relation = "="
    i = 0
    expect_term = True
    while i < len(tokens):
        kind, value = tokens[i]
        if expect_term:
            if kind == "key":
                sides[-1].append(value)
            elif value == "[":
                options: list[list[str]] = [[]]
                i += 1
                inner_expect = True
                while i < len(tokens) and tokens[i] != ("op", "]"):
                    k, v = tokens[i]
                    if inner_expect and k == "key":
                        options[-1].append(v)
                        inner_expect = False
                    elif not inner_expect and v == "+":
                        inner_expect = True
                    elif not inner_expect and v == "|":
                        options.append([])
                        inner_expect = True
                    else:
                        raise IdentityError(f"恒等式的 [ … | … ] 部分有误：“{v}”")
                    i += 1
                if i >= len(tokens) or inner_expect:
                    raise IdentityError("恒等式的 [ … ] 没有正确结束")
                sides[-1].append(Alternatives(tuple(tuple(o) for o in options)))
            else:
                raise IdentityError(f"恒等式在“{value}”处缺少数据项")
            expect_term = False
        else:
            if value == "+":
                expect_term = True
            elif value in RELATIONS:
                if len(sides) == 2:
                    raise IdentityError("恒等式只能有一个 =、<= 或 >=")
                relation = value
                sides.append([])
                expect_term = True
            else:
                raise IdentityError(f"恒等式中多余的“{value}”")
        i += 1
    if len(sides) != 2 or expect_term or not sides[0] or not sides[1]:
        raise IdentityError("恒等式应为“项 + 项 = 项 + 项”的形式（或用 <=、>=）")
    return Identity(tuple(sides[0]), tuple(sides[1]), relation)


def expand(identity: Identity, over: dict[str, list[str]]) -> list[tuple[dict[str, str], Identity]]:
    """Every binding of the placeholders, in the order `over` lists them."""
    names = sorted(identity.placeholders())
    missing = [n for n in names if n not in over]
    if missing:
        raise IdentityError(f"占位符 {{{missing[0]}}} 没有在 over 中给出取值")
    out = []
    for combo in itertools.product(*(over[n] for n in names)):
        values = dict(zip(names, combo))
        out.append((values, identity.bind(values)))
    return out
