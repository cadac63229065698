"""Stable fingerprints of findings, and baselines built from them.

A fingerprint must survive edits elsewhere in the report: it hashes what the
finding is about (rule, file, facts, section, message), never where it sits.
Line and column numbers are stripped from the message too, since a note may
quote a position. Two findings that would hash alike get an occurrence
number (`…:2`), so a baseline holding one of them still lets a second through.

A baseline file is JSON:

    {"version": 1, "tool": "govaudit",
     "findings": [{"path": …, "rule": …, "fingerprint": …, "message": …}, …]}

Only the fingerprints are matched; path, rule and message are there for a
person reading the file or its diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

from ..core.errors import ConfigError
from ..core.findings import Finding

VERSION = 1
# Positions a message may quote: 第12行, 第3列, 第2页, 第4段, line 12, 12:5.
_POSITION = re.compile(
    r"第\s*\d+\s*(行|列|页|段)|(?<![a-z])(line|col|column|page)\s*\d+|(?<![\d:])\d+:\d+(:\d+)?(?![\d:])",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def normalise_path(path: str) -> str:
    """Relative to the working directory when below it, with `/` separators,
    so that a baseline written on one machine matches on another."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = path
        if not rel.startswith(".."):
            path = rel
    return os.path.normpath(path).replace(os.sep, "/")


def normalise_message(message: str) -> str:
    return _SPACE.sub(" ", _POSITION.sub("#", message)).strip()


def _digest(finding: Finding) -> str:
    parts = [
        finding.rule,
        normalise_path(finding.location.path),
        ",".join(finding.facts),
        finding.section or "",
        normalise_message(finding.message),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in order: digest plus occurrence number."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        digest = _digest(finding)
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def baseline_json(findings: list[Finding]) -> str:
    entries = [
        {"path": normalise_path(f.location.path), "rule": f.rule, "fingerprint": fp, "message": f.message}
        for f, fp in zip(findings, fingerprints(findings))
    ]
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    data = {"version": VERSION, "tool": "govaudit", "findings": entries}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: str) -> set[str]:
    """The fingerprints of a baseline file; any problem is a ConfigError (exit 2)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ConfigError(path, "基线文件不存在（用 --write-baseline 生成）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"基线文件无法读取：{exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(path, f"基线文件不是有效的 JSON：{exc.msg}", exc.lineno) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(path, f"基线文件格式不对（应为 govaudit 第 {VERSION} 版基线：{{\"version\": 1, \"findings\": [...]}}）")
    out = set()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(path, "基线文件中每一项都应有字符串 fingerprint")
        out.add(entry["fingerprint"])
    return out


def filter_baseline(findings: list[Finding], known: set[str]) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many were hidden.
    `findings` must be one file's complete list, for the occurrence numbers."""
    kept = [f for f, fp in zip(findings, fingerprints(findings)) if fp not in known]
    return kept, len(findings) - len(kept)


def fingerprint_map(results) -> dict[int, str]:
    """{id(finding): fingerprint} over complete per-file lists, kept for
    writers that see the lists after a baseline has filtered them."""
    return {id(f): fp for r in results for f, fp in zip(r.findings, fingerprints(r.findings))}
