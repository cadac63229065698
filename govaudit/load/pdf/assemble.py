"""The pages' items → one `Document`.

Tables continued across pages are joined, lines become paragraphs,
pictures `Image` blocks; the element limits are enforced, and the title
and publication date found.
"""

from __future__ import annotations

from collections import Counter

from ...core.limits import Limits
from ...core.model import Document, Image, Location, LoadNote, Paragraph
from ...text.spaces import too_many_elements, too_many_tables
from .grid import _Part
from .images import _Picture
from .join import _join_parts
from .lines import _join_text, _Line
from .metadata import _PUBLISHED, _meaningful_title
from .paragraphs import _Layout
from .tables import _finish_table


def _assemble(path: str, pages_items, pages_lines, title_meta: str | None, limits: Limits, notes: list[LoadNote] | None = None) -> Document:
    layout = _Layout(pages_lines)

    # One stream of items in reading order; a table at the top of a page
    # continues the table that ended the previous page when columns agree.
    stream: list[tuple[int, object]] = []
    for page_no, items in enumerate(pages_items, start=1):
        for k, (_, item) in enumerate(items):
            if (
                k == 0
                and isinstance(item, _Part)
                and stream
                and isinstance(stream[-1][1], _Part)
                and stream[-1][0] == page_no - 1
                and _join_parts(stream[-1][1], item)
            ):
                stream[-1] = (page_no, stream[-1][1])  # the joined table now ends here
                continue
            stream.append((page_no, item))

    blocks: list = []
    n_tables = 0
    budget = limits.max_elements  # paragraphs and grid cells left
    para_count: Counter = Counter()
    cur_lines: list[_Line] = []
    cur_page = 0
    last_line: _Line | None = None
    last_page = 0

    def flush():
        nonlocal cur_lines, budget
        if cur_lines:
            text = ""
            for ln in cur_lines:
                text = _join_text(text, ln.text)
            text = text.strip()
            if text:
                budget -= 1
                if budget < 0:
                    raise too_many_elements(path, limits)
                para_count[cur_page] += 1
                blocks.append(Paragraph(text=text, location=Location(path, page=cur_page, paragraph=para_count[cur_page])))
        cur_lines = []

    for page_no, item in stream:
        if isinstance(item, _Part):
            flush()
            last_line = None
            n_tables += 1
            if n_tables > limits.max_tables:
                raise too_many_tables(path, limits)
            # Counted before the grid is built; a table over its own limit
            # is left to _finish_table, whose message is the more precise.
            size = item.n_rows * item.n_cols
            budget -= size
            if budget < 0 and size <= limits.max_table_cells:
                raise too_many_elements(path, limits)
            blocks.append(_finish_table(item, path, n_tables, limits))
            continue
        if isinstance(item, _Picture):
            flush()
            last_line = None  # text below a picture starts a new paragraph
            blocks.append(Image(location=Location(path, page=page_no), description=item.description))
            continue
        line = item
        if last_line is not None and cur_lines and layout.continues(last_line, line, same_page=page_no == last_page):
            cur_lines.append(line)
        else:
            flush()
            cur_lines = [line]
            cur_page = page_no
        last_line, last_page = line, page_no
    flush()

    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    text_title = next((p.text for p in paragraphs[:10] if "年度报告" in p.text and len(p.text) <= 80), None)
    title = None
    if _meaningful_title(title_meta):
        title = title_meta
        if text_title and title_meta.replace(" ", "") in text_title:
            title = text_title  # the text names the issuer and year, the metadata may not
    else:
        title = text_title
    published = None
    for p in paragraphs:
        m = _PUBLISHED.search(p.text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                published = f"{y:04d}-{mo:02d}-{d:02d}"
                break
    return Document(path=path, format="pdf", blocks=blocks, title=title, published=published, notes=list(notes or []))
