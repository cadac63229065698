"""Places said the way a person looks for them: 第4页 表四“行政复议”行“总计”列,
第五部分, Word 第12段. Source line and column stay in `Location` for editors;
this is what a reader of the printed report can find."""

from __future__ import annotations

from .model import Location

SECTION_ORDINALS = ("一", "二", "三", "四", "五", "六")


def describe(location: Location, *, section: str | None = None, cell: str | None = None) -> str:
    """`cell`: the table cell by its own name (表三“予以公开”行“自然人”列),
    when the place is a cell of a table that was recognised."""
    parts = []
    if location.page is not None:
        parts.append(f"第{location.page}页")
    if cell:
        parts.append(cell)
    else:
        if section in SECTION_ORDINALS:
            parts.append(f"第{section}部分")
        if location.table is not None:
            parts.append(f"第{location.table}个表格" + (f"第{location.row}行第{location.col}列" if location.row is not None else ""))
        elif location.paragraph is not None:
            parts.append(f"第{location.paragraph}段")
    if not parts:  # a document-wide finding (title, dates): its evidence quotes the text
        parts.append("全文")
    return " ".join(parts)
