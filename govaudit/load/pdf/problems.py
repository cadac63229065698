"""What a page's text layer does not carry faithfully → load-note messages.

Pages with only pictures or only shapes, undecodable and rotated text.
"""

from __future__ import annotations

from .page_data import UNDECODED

OUTLINE_SHAPES = 200  # a page without text but with this many shapes: text drawn as outlines?
ROTATED_SHARE = 0.2  # of a page's characters: rotated text comes out scrambled


def _page_problems(page, chars: list[dict], page_no: int) -> list[str]:
    """What on this page the text layer does not carry faithfully."""
    problems = []
    if not chars:
        n_shapes = page.n_shapes
        if page.images:
            problems.append(f"第{page_no}页只有图片、没有文字：表格或正文是图片，不可机读")
        elif n_shapes >= OUTLINE_SHAPES:
            problems.append(f"第{page_no}页没有文字，只有图形（{n_shapes} 个，可能是转为曲线的文字），内容无法读取")
        return problems
    undecoded = sum(1 for c in chars if c["text"] == UNDECODED)
    if undecoded:
        problems.append(f"第{page_no}页有{undecoded}个字符无法解码（字体缺少编码映射），相应文字缺失或错乱")
    rotated = sum(1 for c in chars if c.get("upright") is False)
    if rotated >= 10 and rotated >= ROTATED_SHARE * len(chars):
        problems.append(f"第{page_no}页有{rotated}个字是旋转排版的（如横排的表格），读出的文字可能错乱")
    return problems
