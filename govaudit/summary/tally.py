"""Counts over a set of reports, taken row by row as the outputs are
written: the common problems, what the charts show, and the one-line
summary of a page of reports. Bounded by the number of rules, regions,
levels and years, never by the number of reports."""

from __future__ import annotations

from collections import Counter

LEVELS = ("省", "市", "县", "乡镇", "部门")  # the order of the level chart (as the page's script)


class Tally:
    def __init__(self):
        self.reports = 0
        self.errors = 0
        self.warnings = 0
        self.with_errors = 0
        self.scores: list = [0] * 10  # 0–9, 10–19, … 90–100
        self.scored = 0
        self.score_sum = 0.0
        self.score_min = None
        self.rule_findings: Counter = Counter()
        self.rule_reports: Counter = Counter()
        self.severity_of: dict[str, str] = {}
        self.table_errors: Counter = Counter()
        self.region: Counter = Counter()
        self.level: Counter = Counter()
        self.year: Counter = Counter()
        self.first = self.last = None  # issuers of the first and last report, in table order

    def add(self, row: dict, findings: list[dict]) -> None:
        self.reports += 1
        self.errors += row["error"]
        self.warnings += row["warning"]
        self.with_errors += bool(row["error"])
        score = row["score"]
        if score is not None:
            self.scores[min(9, int(score // 10))] += 1
            self.scored += 1
            self.score_sum += score
            self.score_min = score if self.score_min is None else min(self.score_min, score)
        for f in findings:
            self.rule_findings[f["rule"]] += 1
            self.severity_of.setdefault(f["rule"], f["severity"])
        self.rule_reports.update({f["rule"] for f in findings})
        self.table_errors.update(row["table_errors"])
        self.region[row["region"] or ""] += 1
        self.level[row["level"] or ""] += 1
        self.year[row["year"] or ""] += 1
        name = row["issuer"] or "（未识别）"
        self.first = self.first or name
        self.last = name

    def mean_score(self):
        return round(self.score_sum / self.scored, 1) if self.scored else None

    def frequent(self, rules: dict) -> list[dict]:
        """Rules by number of findings, most first, with their names (as the table of common problems)."""
        out = []
        for rule_id, n in sorted(self.rule_findings.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = rules.get(rule_id)
            out.append({
                "rule": rule_id,
                "name": rule.name if rule else "",
                "summary": rule.summary if rule else "",
                "severity": rule.severity if rule else self.severity_of[rule_id],
                "findings": n,
                "reports": self.rule_reports[rule_id],
            })
        return out
