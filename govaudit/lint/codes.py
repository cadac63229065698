"""Rule codes as users write them: in --select/--ignore, in the
configuration's select, ignore, severity table and per-file ignores, and in
the library's Config. A code is a rule id (GA201), a prefix of some rule's
id (GA2), or a rule's name (t3-balance); anything else is an error, with the
nearest known codes suggested: a mistyped code must never switch a check off
in silence."""

from __future__ import annotations

import attrs

from ..core.errors import ConfigError


def _families(ids) -> list[str]:
    """GA1, GA2…: the prefixes that name a group of rules."""
    return sorted({i[:3] for i in ids if len(i) > 3})


def nearest(code: str, rules, n: int = 3) -> list[str]:
    """The known ids, rule families and names most like `code`, closest first."""
    from difflib import SequenceMatcher  # only on the error path

    ids = sorted({rule.id for rule in rules})
    names = sorted({rule.name for rule in rules})
    scored = []
    for rank, (candidates, wanted) in enumerate(((ids, code.upper()), (_families(ids), code.upper()), (names, code.lower()))):
        for candidate in candidates:
            ratio = SequenceMatcher(None, wanted, candidate).ratio()
            if ratio >= 0.6:
                # A code as long as an id (GA2O1) is a mistyped id: ids come first.
                # Alike as much: the one sharing the longer beginning first (GA2O1: GA202 before GA101).
                shared = next((k for k, (a, b) in enumerate(zip(wanted, candidate)) if a != b), min(len(wanted), len(candidate)))
                scored.append((rank if len(code) >= 5 else 0, -round(ratio, 3), -shared, rank, candidate))
    return [c for *_, c in sorted(scored)[:n]]


def hint(code: str, rules) -> str:
    close = nearest(code, rules)
    if close:
        return f"（最接近的：{'、'.join(close)}；govaudit rules 列出全部规则）"
    families = _families(rule.id for rule in rules)
    shown = f"，前缀如 {'、'.join(families)}" if families else ""
    return f"（规则编号形如 GA201{shown}；govaudit rules 列出全部规则）"


def resolve(code: str, rules, exact: bool = False) -> str | None:
    """The id or id prefix `code` stands for (a name gives its rule's id);
    None if it is none of them. `exact`: a whole id or a name only."""
    code = code.strip()
    if not code:
        return None
    upper = code.upper()
    ids = [rule.id for rule in rules]
    if upper in ids or (not exact and any(i.startswith(upper) for i in ids)):
        return upper
    lower = code.lower()
    return next((rule.id for rule in rules if rule.name == lower), None)


def resolve_all(codes, rules, where: str, source: str, line_of=None, exact: bool = False) -> list[str]:
    """`codes` resolved (see resolve); the first unknown one raises a
    ConfigError naming `source` (a file, an option, "Config") and `where`
    (the key or option it was given under)."""
    out = []
    for code in codes:
        resolved = resolve(code, rules, exact)
        if resolved is None:
            if exact and resolve(code, rules) is not None:
                under = sorted(rule.id for rule in rules if rule.id.startswith(code.strip().upper()))
                shown = "、".join(under[:5]) + ("等" if len(under) > 5 else "")
                problem = f"{where} 中的 “{code}” 是规则编号的前缀，这里需要完整的规则编号或规则名（如 {shown}）"
            else:
                problem = f"{where} 中的 “{code}” 不是已知的规则编号、前缀或规则名{hint(code, rules)}"
            raise ConfigError(source, problem, line_of(code) if line_of else None)
        out.append(resolved)
    return out


def resolve_config(config, rules):
    """The configuration with every code resolved to ids (a new Config; the
    one given is left alone); an unknown code is a ConfigError (exit 2)."""
    source = config.source or "Config"
    line_of = _line_finder(config.source)
    select = None if config.select is None else resolve_all(config.select, rules, "select", source, line_of)
    ignore = resolve_all(config.ignore, rules, "ignore", source, line_of)
    severity = {}
    for code, level in config.severity.items():
        (rule_id,) = resolve_all([code], rules, "severity", source, line_of, exact=True)
        severity[rule_id] = level
    per_file = {
        pattern: resolve_all(codes, rules, f"per-file-ignores.“{pattern}”", source, line_of)
        for pattern, codes in config.per_file_ignores.items()
    }
    if (select, ignore, severity, per_file) == (config.select, config.ignore, config.severity, config.per_file_ignores):
        return config
    return attrs.evolve(config, select=select, ignore=ignore, severity=severity, per_file_ignores=per_file)


def _line_finder(source: str | None):
    """The line of a configuration file where a code first stands (quoted
    or as a key), for the error message; None when it cannot be told."""
    if not source:
        return None

    def line_of(code: str) -> int | None:
        try:
            with open(source, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        for number, line in enumerate(lines, 1):
            body = line.split("#", 1)[0]
            if f'"{code}"' in body or f"'{code}'" in body or body.strip().startswith((f"{code} ", f"{code}=")):
                return number
        return None

    return line_of
