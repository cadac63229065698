"""The summary's charts drawn here, as inline SVG, for the index page of a
paged summary (paged.py): it has no table of reports for the page's script
to count, so its charts are drawn once, over all reports. The drawing is the
script's (page_assets.JS, `bars`), so both look alike."""

from __future__ import annotations

from ..text.sanitize import for_html as esc
from .html import CHARTS
from .tally import LEVELS, Tally

W, L, H = 320, 96, 19


def bars(items: list, limit: int, unit: str) -> str:
    """items: [(label, value, css class, tooltip label)]; horizontal bars, at most `limit`."""
    rest, items = items[limit:], items[:limit]
    top = max([i[1] for i in items] + [1])
    out = [f'<svg role="img" viewBox="0 0 {W} {max(len(items) * H + 4, 22)}" data-bars="{len(items)}">']
    for i, (label, value, cls, title) in enumerate(items):
        y = i * H + 2
        w = max((W - L - 40) * value / top, 1 if value else 0)
        short = label if len(label) <= 8 else label[:7] + "…"
        out.append(
            f'<text x="{L - 4}" y="{y + 12}" text-anchor="end">{esc(short)}</text>'
            f'<rect x="{L}" y="{y + 2}" width="{w:.1f}" height="{H - 5}" class="{esc(cls)}"><title>{esc(title)}：{value}{unit}</title></rect>'
            f'<text x="{L + w + 4}" y="{y + 12}" class="v" data-label="{esc(label)}">{value}</text>'
        )
    out.append("</svg>")
    extra = sum(i[1] for i in rest)
    note = (f"另有 {len(rest)} 项，共 {extra}{unit}" if rest else "") if items else "（没有数据）"
    out.append(f"<p>{esc(note)}</p>")
    return "".join(out)


def _known(counts, order=None) -> list:
    keys = [k for k in counts if k != ""]
    keys.sort(key=order or (lambda k: (-counts[k], str(k))))
    items = [(str(k), counts[k], "", str(k)) for k in keys]
    if counts.get(""):
        items.append(("未知", counts[""], "unknown", "未知"))
    return items


def charts(tally: Tally, rules: dict) -> str:
    """The six charts of html.CHARTS over the reports counted in `tally`."""
    scores = [("90–100" if b == 9 else f"{b * 10}–{b * 10 + 9}", tally.scores[b], "", "") for b in range(9, -1, -1)]
    by_rule = [
        (rule, n, tally.severity_of.get(rule, "") if rule not in rules else rules[rule].severity,
         f"{rule} {rules[rule].name if rule in rules else ''}")
        for rule, n in sorted(tally.rule_findings.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    tables = [(label, tally.table_errors.get(key, 0), "error", label) for key, label in (("t2", "表二"), ("t3", "表三"), ("t4", "表四"))]
    drawn = {
        "chart-score": bars([(a, n, c, t or a) for a, n, c, t in scores], 10, " 份"),
        "chart-rules": bars(by_rule, 12, " 个问题"),
        "chart-tables": bars(tables, 3, " 个错误"),
        "chart-region": bars(_known(tally.region), 12, " 份"),
        "chart-level": bars(_known(tally.level, lambda k: LEVELS.index(k) if k in LEVELS else len(LEVELS)), 6, " 份"),
        "chart-year": bars(_known(tally.year, lambda k: k), 20, " 份"),
    }
    return "".join(f'<figure class="chart" id="{cid}"><h3>{title}</h3>{drawn[cid]}</figure>' for cid, title in CHARTS)
