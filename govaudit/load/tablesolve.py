"""表三 rows with several readings, narrowed by the columns' identities.

A glued row such as `220000022` reads as 22 0 0 0 0 0 22 and as 2 20 0 0 0 0
22, and both add up along the row. Down the table, each column must still
satisfy the format's identities: 新收 + 上年结转 = 办结 + 结转下年度, and the
reply rows add up to （七）总计. A reading of a row is kept only while every
such identity that involves it can still hold with some reading of the other
undecided rows (and the decided rows as read). An identity that cannot hold
whatever the readings (a publisher's error elsewhere in the column) decides
nothing and is left to the rules; nor does the pruning when it leaves an
identity that could hold unable to (the identities contradict each other).
A row left with one reading is read, and the identities that set its other
readings aside are recorded on its cells: they are then not evidence that
the row is right.
"""

from __future__ import annotations

from ..data.keys import T3_COLUMNS

_INTAKE = (("new_received", 1), ("carried_over", 1), ("total_processed", -1), ("carried_forward", -1))
_MAX_SUMS = 20000  # distinct partial sums tracked per identity: beyond, the identity decides nothing


def _identities(keys: list[str]):
    """(terms, key set) per identity and column: terms are (row key, sign)."""
    replies = [k for k in keys if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    for c, col in enumerate(T3_COLUMNS):
        intake = [(k, s) for k, s in _INTAKE if k in keys]
        if len(intake) == 4:
            yield c, intake, frozenset(f"t3.{k}.{col}" for k, _ in intake)
        if "total_processed" in keys and replies:
            terms = [("total_processed", -1)] + [(k, 1) for k in replies]
            yield c, terms, frozenset(f"t3.{k}.{col}" for k, _ in terms)


def _sums(domains: list[set[int]]) -> set[int] | None:
    sums = {0}
    for domain in domains:
        sums = {s + v for s in sums for v in domain}
        if len(sums) > _MAX_SUMS:
            return None
    return sums


def resolve(known: dict[str, tuple], open_rows: dict[str, list[tuple]]) -> dict[str, tuple[tuple, list]]:
    """Readings (value tuples, blank as 0) of the undecided rows that the
    column identities leave alone: row key → (values, identities used).
    `known`: the rows read (key → values); rows in neither are unread."""
    domains = {k: list(v) for k, v in open_rows.items()}
    used: dict[str, list] = {k: [] for k in open_rows}
    keys = list(known) + list(open_rows)
    identities = list(_identities(keys))
    changed = True
    while changed:
        changed = False
        for c, terms, keyset in identities:
            rows = [k for k, _ in terms]
            if any(k not in known and k not in domains for k in rows):
                continue  # an unread row: the identity says nothing
            undecided = [(k, s) for k, s in terms if k in domains and len(domains[k]) > 1]
            if not undecided:
                continue
            fixed = sum(s * (known[k][c] if k in known else domains[k][0][c]) for k, s in terms if k not in dict(undecided))
            new = {}
            for k, s in undecided:
                others = _sums([{t * v[c] for v in domains[o]} for o, t in undecided if o != k])
                if others is None:
                    break
                new[k] = [v for v in domains[k] if -(fixed + s * v[c]) in others]
            else:
                if any(not kept for kept in new.values()):
                    continue  # cannot hold whatever the readings: decides nothing
                for k, kept in new.items():
                    if len(kept) < len(domains[k]):
                        domains[k] = kept
                        used[k].append(keyset)
                        changed = True
    # Pruning takes each identity to hold. One that could hold before and no
    # longer can holds against the others: which is the publisher's error is
    # then unknown, so nothing is decided.
    start = {k: list(v) for k, v in open_rows.items()}
    for c, terms, _keyset in identities:
        if _can_hold(c, terms, known, start) and not _can_hold(c, terms, known, domains):
            return {}
    return {k: (d[0], used[k]) for k, d in domains.items() if len(d) == 1}


def _can_hold(c: int, terms, known: dict, domains: dict) -> bool:
    """Whether column c's identity holds for some reading of its open rows
    (True when a row is unread, or too many sums to tell: nothing known)."""
    if any(k not in known and k not in domains for k, _ in terms):
        return True
    fixed = sum(s * known[k][c] for k, s in terms if k in known)
    sums = _sums([{s * v[c] for v in domains[k]} for k, s in terms if k not in known])
    return sums is None or -fixed in sums
