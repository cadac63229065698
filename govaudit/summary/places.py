"""Region and level of an issuer, read from its name with the data in
rules/profile/regions.toml: 湖北省 → (湖北省, 省); 淮安市洪泽区人民政府 →
(江苏省, 县); 上海市人民政府办公厅 → (上海市, 部门). Unknown stays None: a
name that names no province or listed city has no region."""

from __future__ import annotations

import functools

from ..data.profile import load_profile

LEVELS = ("省", "市", "县", "乡镇", "部门")


@functools.cache
def _tables():
    spec = load_profile("regions")
    level = spec["level"]
    endings = sorted(
        ((end, name) for name in LEVELS[:-1] for end in level.get(name, [])), key=lambda e: -len(e[0])
    )
    cities = {}
    for province, names in spec["region"]["cities"].items():
        for short in names.split():
            cities[short + "市"] = province
    return level["government_suffixes"], endings, set(level["province_level_cities"]), spec["region"]["provinces"], cities


def level_of(name: str | None) -> str | None:
    """省/市/县/乡镇 for a government, by the place unit its name ends with
    (a government suffix taken off); 部门 for anything else."""
    if not name:
        return None
    suffixes, endings, big_cities, _, _ = _tables()
    stem = name
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    if stem in big_cities:
        return "省"
    for end, level in endings:
        if stem.endswith(end) and len(stem) > len(end):
            return level
    return "部门"


def region_of(name: str | None) -> str | None:
    """The province-level unit a name begins with, directly or through a listed city."""
    if not name:
        return None
    _, _, _, provinces, cities = _tables()
    for province in provinces:
        if name.startswith(province):
            return province
    for k in range(2, 6):  # 淮安市, 连云港市, 呼和浩特市
        if name[k : k + 1] == "市" and name[: k + 1] in cities:
            return cities[name[: k + 1]]
    return None
