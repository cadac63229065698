"""Year, statistics period and publication date (spec §1 Art. 49, §9)."""

from __future__ import annotations

from ..context import render

PARAMS = {"check": str, "deadlines": dict}
REQUIRED = ("check",)
CHECKS = ("stats_period", "stats_period_missing", "published_early", "published_late")


def compile(rule):
    import datetime

    if rule.params["check"] not in CHECKS:
        raise ValueError(f"check 应为 {'/'.join(CHECKS)}", "check")
    for kind, value in rule.params.get("deadlines", {}).items():
        try:
            datetime.date.fromisoformat(f"2000-{value}")
        except (TypeError, ValueError):
            raise ValueError(f"deadlines.{kind} 应为 MM-DD", "deadlines") from None
    return rule.params["check"]


def check(rule, ctx):
    import datetime  # at use: most runs state no date, and the import costs start-up

    seg = ctx.seg
    year = seg.year
    if year is None:
        return []
    if rule.compiled == "stats_period_missing":
        if seg.stats_period is not None:
            return []
        return [ctx.finding(rule, render(rule.message, {"year": year}), ctx.document_location())]
    if rule.compiled == "stats_period":
        period = seg.stats_period
        if period is None:
            return []
        wrong = period.start_year != year or (period.end_year is not None and period.end_year != year)
        if not wrong:
            return []
        message = render(rule.message, {"stated": period.text, "year": year})
        return [ctx.finding(rule, message, period.location, evidence=period.text, expected=year, actual=period.start_year)]
    if seg.published is None:
        return []
    try:
        published = datetime.date.fromisoformat(seg.published)
    except ValueError:
        return []
    where = seg.published_location or ctx.document_location()
    if rule.compiled == "published_early":
        if published > datetime.date(year, 12, 31):
            return []
        return [ctx.finding(rule, render(rule.message, {"published": seg.published, "year": year}), where, evidence=seg.published)]
    deadline_md = rule.params.get("deadlines", {}).get(seg.issuer_kind)
    if not deadline_md:
        return []
    deadline = datetime.date.fromisoformat(f"{year + 1}-{deadline_md}")
    if published <= deadline:
        return []
    message = render(rule.message, {"published": seg.published, "deadline": deadline.isoformat()})
    return [ctx.finding(rule, message, where, evidence=seg.published)]
