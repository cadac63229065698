"""How often the suspect named for a broken table is the cell that was changed.

Over every single-cell change (+1, −1, +10, the last two digits swapped) of
every 表三/表四 cell of the corpus HTML reports: is the change detected (an
identity fails)? Where the changed cell sits in two or more identities (a row
and a column cross), is it named as the suspect with its original value? Is
any other cell ever named (a wrong suspect)? A benchmark of the method, not a
unit test: `python benchmarks/bench_suspects.py [CORPUS_DIR]`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govaudit import extract  # noqa: E402
from govaudit.engine.context import Context  # noqa: E402
from govaudit.engine.kinds.identity import evaluate, suspects_of  # noqa: E402
from govaudit.engine.run import applicable, rule_set  # noqa: E402


def changes(value: int):
    yield "+1", value + 1
    if value >= 1:
        yield "-1", value - 1
    yield "+10", value + 10
    digits = str(value)
    if len(digits) >= 2 and digits[-1] != digits[-2]:
        yield "swap", int(digits[:-2] + digits[-1] + digits[-2])


def run(corpus: Path) -> dict[str, Counter]:
    rules = rule_set()
    tally = {"t3": Counter(), "t4": Counter()}
    for path in sorted(corpus.glob("*.html")):
        extraction = extract(str(path))
        ctx = Context(extraction)
        applying = [r for r in rules if applicable(r, ctx)]
        for table in ("t3", "t4"):
            sets = [facts for source, _, facts in ctx.fact_sets(table) if source == "table"]
            if not sets:
                continue
            facts = sets[0]
            identity_rules = [r for r in applying if r.kind == "identity" and r.params.get("table") == table]
            base = {k for r in identity_rules for _, l, rt, st in evaluate(r, facts, {}) if st == "fails" for k, _ in l + rt}
            for key, fact in facts.items():
                if not isinstance(fact.value, int) or fact.blank:
                    continue
                crossing = sum(
                    1 for r in identity_rules for _, l, rt, st in evaluate(r, facts, {})
                    if st in ("holds", "fails") and key in {k for k, _ in l + rt}
                )
                for name, new in changes(fact.value):
                    changed = dict(facts)
                    changed[key] = attrs.evolve(fact, value=new)
                    failing = {
                        (r.id, tuple(k for k, _ in l + rt))
                        for r in identity_rules
                        for _, l, rt, st in evaluate(r, changed, {})
                        if st == "fails"
                    }
                    counts = tally[table]
                    counts["changes"] += 1
                    if key in base:
                        counts["in an already failing identity"] += 1
                    if not failing:
                        counts["NOT DETECTED"] += 1
                        continue
                    suspects = set(suspects_of(applying, table, changed).values())
                    right = {s for s in suspects if s.fact == key and s.expected == fact.value}
                    if suspects - right:
                        counts["WRONG SUSPECT"] += 1
                    if crossing >= 2:
                        counts["crossing"] += 1
                        counts["crossing: suspect is the changed cell"] += bool(right)
                    else:
                        counts["single identity: no suspect named"] += not suspects
                        counts["single identity"] += 1
    return tally


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    for table, counts in run(corpus).items():
        print(f"{table}:")
        for name, n in counts.items():
            print(f"  {name}: {n}")
        if counts["crossing"]:
            share = counts["crossing: suspect is the changed cell"] / counts["crossing"]
            print(f"  → crossing cells named exactly: {share:.1%}")


if __name__ == "__main__":
    main()
