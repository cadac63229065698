"""Many fictional reports for the scale tests and benchmarks/bench_scale.py:
the examples (示例县, a fictional issuer) under issuer names of their own,
two consecutive years each (so that they chain), HTML and Markdown mixed."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SOURCES = {
    (2023, "html"): EXAMPLES / "示例县2023年政府信息公开工作年度报告.html",
    (2024, "html"): EXAMPLES / "示例县2024年政府信息公开工作年度报告.html",
    (2024, "md"): EXAMPLES / "示例县2024年政府信息公开工作年度报告.md",
}
_DIGITS = "甲乙丙丁戊己庚辛壬癸"


def county(k: int) -> str:
    """A fictional county name for issuer number k, without digits (which a
    reader of the report could take for a figure or a year)."""
    return "示例" + "".join(_DIGITS[int(d)] for d in str(k)) + "县"


def generate(target: Path, n: int) -> list[Path]:
    """Write n reports into target (issuer k has its 2023 report as HTML and
    its 2024 report as HTML or Markdown in turn); return their paths."""
    texts = {key: path.read_text(encoding="utf-8") for key, path in SOURCES.items()}
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        k, second = divmod(i, 2)
        year = 2024 if second else 2023
        fmt = "md" if second and k % 2 else "html"
        name = county(k)
        path = target / f"{name}{year}年政府信息公开工作年度报告.{fmt}"
        path.write_text(texts[(year, fmt)].replace("示例县", name), encoding="utf-8")
        written.append(path)
    return written
