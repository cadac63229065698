"""Baselines: the fingerprints (lint/fingerprint.py) of findings accepted
for now, so that only new ones are reported.

A baseline file is JSON:

    {"version": 1, "tool": "govaudit",
     "findings": [{"path": …, "rule": …, "fingerprint": …, "message": …}, …]}

Only the fingerprints are matched; path, rule and message are there for a
person reading the file or its diff.
"""

from __future__ import annotations

import json

from ..core.errors import ConfigError
from ..core.findings import Finding
from ..core.paths import normalise_path
from .fingerprint import fingerprints, normalise_message, stamped

__all__ = ["baseline_json", "filter_baseline", "fingerprints", "load_baseline", "normalise_message", "normalise_path"]

VERSION = 1


def baseline_json(findings: list[Finding]) -> str:
    """`findings`: stamped with their fingerprints, or one file's complete list."""
    return baseline_text(baseline_entries(findings))


def baseline_entries(findings: list[Finding]) -> list[dict]:
    """The baseline's entries of `findings` (as for baseline_json): what
    `check --write-baseline` keeps of each report, not its findings."""
    return [
        {"path": normalise_path(f.location.path), "rule": f.rule, "fingerprint": f.fingerprint, "message": f.message}
        for f in stamped(findings)
    ]


def baseline_text(entries: list[dict]) -> str:
    """The baseline file of `entries` (baseline_entries, of one or many reports)."""
    entries = sorted(entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
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
    `findings` must be one file's complete list, for the occurrence numbers;
    those kept carry their fingerprints."""
    kept = [f for f in stamped(findings) if f.fingerprint not in known]
    return kept, len(findings) - len(kept)
