"""SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

One run; the driver lists every rule of the rule set, each result points at
its rule by id and index. Text, Markdown and HTML findings get a region
(line/column); Word and PDF findings have none, so their place in the report
goes into logicalLocations (section, page, table, row, column).
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from .._version import __version__
from ..core.paths import normalise_path
from ..core.findings import json_number
from ..text.lazyre import lazy_compile

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "govaudit/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FORMAT_TABLES = ("二", "三", "四")
# Valid in JSON strings, but they can disguise text in a viewer or terminal:
# written as \u escapes, so the file itself shows them.
_UNSAFE = lazy_compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def artifact_uri(path: str) -> str:
    """A relative URI reference for a relative path (non-ASCII percent-encoded),
    a file: URI for an absolute one."""
    norm = normalise_path(path)
    if os.path.isabs(norm):
        return "file://" + quote(norm if norm.startswith("/") else "/" + norm, safe="/:")
    return quote(norm, safe="/")


def logical_locations(finding) -> list[dict]:
    loc = finding.location
    out = []
    if finding.section:
        name = f"第{finding.section}部分"
        out.append({"name": name, "fullyQualifiedName": name, "kind": "module"})
    parts = []
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    if loc.table is not None:
        # Location.table counts the document's tables; the format names its
        # tables after their sections (表二…表四), which is what a reader looks for.
        parts.append(f"表{finding.section}" if finding.section in FORMAT_TABLES else f"第{loc.table}个表格")
        if loc.row is not None:
            parts.append(f"行{loc.row}")
        if loc.col is not None:
            parts.append(f"列{loc.col}")
    elif loc.paragraph is not None:
        parts.append(f"段{loc.paragraph}")
    if parts:
        out.append({"name": parts[-1], "fullyQualifiedName": "/".join(parts), "kind": "element"})
    return out


def _region(loc) -> dict | None:
    if loc.line is None:
        return None
    region = {"startLine": loc.line}
    if loc.column is not None:
        region["startColumn"] = loc.column
    if loc.end_line is not None and loc.end_line >= loc.line:
        region["endLine"] = loc.end_line
        if loc.end_column is not None and loc.column is not None:
            region["endColumn"] = loc.end_column
    return region


def _rule_descriptor(rule, level: str) -> dict:
    from .ruledocs import reflow, rule_page

    explanation = reflow(rule.explanation)
    # The help travels in the log itself (the rule's whole documentation
    # page as Markdown): no helpUri that could point at the wrong place.
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": explanation},
        "help": {"text": f"{explanation}\n\n依据：{rule.legal_basis}", "markdown": rule_page(rule, standalone=True)},
        "defaultConfiguration": {"level": level},
        "properties": {
            "legalBasis": rule.legal_basis,
            "kind": rule.kind,
            **({"confidence": rule.confidence} if rule.confidence else {}),
        },
    }


def _result(finding, fingerprint: str, index: dict[str, int]) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(finding.location.path)}}
    region = _region(finding.location)
    if region:
        physical["region"] = region
    location: dict = {"physicalLocation": physical}
    logical = logical_locations(finding)
    if logical:
        location["logicalLocations"] = logical
    result = {"ruleId": finding.rule}
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    result.update(
        {
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
    )
    props = {}
    if finding.facts:
        props["facts"] = list(finding.facts)
    if finding.expected is not None or finding.actual is not None:
        props["expected"] = json_number(finding.expected)
        props["actual"] = json_number(finding.actual)
    if props:
        result["properties"] = props
    return result


def sarif_log(results, rules, config=None, failed=()) -> dict:
    """The SARIF log as a dict. `results`: AuditResults; `rules`: the rule set;
    `failed`: InputErrors of files that could not be read. Findings carry
    their fingerprints when a baseline filtered the lists (occurrence numbers
    count the findings it hid); the others are fingerprinted here."""
    index = rule_index(rules)
    return _log(rules, config, failed, [item for result in results for item in sarif_results(result, index)])


def rule_index(rules) -> dict[str, int]:
    """Each rule's index in the driver's list (sorted by id)."""
    return {rule.id: i for i, rule in enumerate(sorted(rules, key=lambda r: r.id))}


def sarif_results(result, index: dict[str, int]) -> list[dict]:
    """The SARIF results of one report's findings."""
    from ..lint.fingerprint import stamped

    return [_result(finding, finding.fingerprint, index) for finding in stamped(result.findings)]


def _log(rules, config, failed, out_results: list) -> dict:
    overrides = config.severity if config is not None else {}
    ordered = sorted(rules, key=lambda r: r.id)
    descriptors = [_rule_descriptor(r, LEVELS[overrides.get(r.id, r.severity)]) for r in ordered]
    invocation = {"executionSuccessful": not failed}
    if failed:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": str(exc)},
                **(
                    {"locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(exc.path)}}}]}
                    if getattr(exc, "path", None)
                    else {}
                ),
            }
            for exc in failed
        ]
    run = {
        "tool": {
            "driver": {
                "name": "govaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": out_results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(results, rules, config=None, failed=()) -> str:
    return dump(sarif_log(results, rules, config, failed)) + "\n"


def dump(value) -> str:
    """JSON as the log is written: indented, characters that could disguise text escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_MARK = "govaudit:results-go-here:5f0c2a"


def sarif_frame(rules, config=None, failed=()) -> tuple[str, str, str]:
    """(head, tail, indent) of a log whose results are written one by one
    between head and tail (output/check_stream.py): each result dumped,
    each of its lines indented by `indent`, separated by ",\\n". Exactly
    the text of render_sarif when there is at least one result."""
    text = dump(_log(rules, config, failed, [_MARK]))
    at = text.index(f'"{_MARK}"')
    start = text.rindex("\n", 0, at) + 1
    return text[:start], text[at + len(_MARK) + 2 :] + "\n", text[start:at]
