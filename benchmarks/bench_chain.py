"""Time of cross-year chain planning (issuer grouping + year chains) against
the number of distinct issuers.

    python benchmarks/bench_chain.py [--sizes 1000,2000,…,64000] [--years 3]

Generates fictional issuer names shaped like real ones (province, city,
county, then an office: 甲乙省丙丁市戊己县人民政府, …市场监督管理局), a fifth of
them also written without the higher places in front (戊己县人民政府), as
reports of one issuer often are, and gives each issuer `--years`
consecutive reports. Prints the seconds spent in `issuer_groups` and in the
whole `plan` (in memory, as `check` plans), and seconds per thousand
issuers, which stays flat when the time grows as n log n or slower; and the
seconds of the same plan made in a run's index on disk (SQLite, as
`summary` plans: summary/chain_index.py), the reports already in it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SYLLABLES = "安宝昌长成川大东丰福广海和河华淮江金锦康乐临龙明南宁平庆泉瑞山上顺泰通西祥新兴阳永玉元云泽中"
_OFFICES = ["人民政府", "人民政府办公室", "市场监督管理局", "教育局", "公安局", "财政局", "自然资源局", "卫生健康委员会"]


def issuers(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)

    def place(level: str) -> str:
        return rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + level

    names: set[str] = set()
    while len(names) < n:
        province, city, county = place("省"), place("市"), place(rng.choice("县区"))
        office = rng.choice(_OFFICES)
        names.add(province + city + county + office)
        if rng.random() < 0.2 and len(names) < n:
            names.add(county + office)  # the same issuer, as some of its reports write it
    return sorted(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,4000,8000,16000,32000,64000")
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import tempfile

    from govaudit.summary import chain_index
    from govaudit.summary.chain import issuer_groups, plan
    from govaudit.summary.index import Index

    print(f"{'issuers':>8}  {'reports':>8}  {'groups':>7}  {'group s':>8}  {'plan s':>8}  {'plan s/1k':>9}"
          f"  {'index s':>8}  {'index s/1k':>10}")
    for n in [int(s) for s in args.sizes.split(",")]:
        names = issuers(n)
        t0 = time.perf_counter()
        groups = issuer_groups(names)
        t1 = time.perf_counter()
        reports = [(f"{i}-{year}", name, year) for i, name in enumerate(names) for year in range(2023 - args.years + 1, 2024)]
        t2 = time.perf_counter()
        plan(reports)
        t3 = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            index = Index(str(Path(folder) / "index.sqlite"), durable=False)
            for k, (path, name, year) in enumerate(reports):
                index.add_file(path, "html")
                index.apply({"audited": {"path": path, "issuer": name, "year": year}, "blob": None}, k, k + 1)
            index.commit()
            t4 = time.perf_counter()
            chain_index.plan(index.db)
            index.commit()
            t5 = time.perf_counter()
            index.close()
        print(
            f"{n:>8}  {len(reports):>8}  {len(set(groups.values())):>7}  {t1 - t0:>8.3f}  {t3 - t2:>8.3f}"
            f"  {1000 * (t3 - t2) / n:>9.4f}  {t5 - t4:>8.3f}  {1000 * (t5 - t4) / n:>10.4f}", flush=True
        )


if __name__ == "__main__":
    main()
