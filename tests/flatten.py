"""Degrade an HTML report into the text a crawler keeps of its page.

A crawler takes the text content of the article: no line break between a
paragraph and the next, table cells joined one after another, either with a
space between cells or with nothing at all (then the figures of a row run
together into one digit run). `&nbsp;` stays a no-break space, as textContent
keeps it. Used at test time on the corpus HTML reports (never stored).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"[ \t\r\n\f]+")  # HTML's collapsible white space; U+00A0 is not


def _text(element) -> str:
    """An element's text content, source line breaks and indentation collapsed."""
    return _SPACE.sub(" ", "".join(element.itertext()))


def flatten_html(data: bytes, cell_sep: str) -> str:
    """The page as one run-on line; `cell_sep` between table cells (" " or "")."""
    import lxml.html

    root = lxml.html.fromstring(data)
    for skipped in root.xpath("//script|//style|//noscript"):
        skipped.drop_tree()
    tables = []
    for table in root.xpath("//table[not(.//table)]"):
        # Kept aside: an empty cell still costs its separator ("26      26").
        tables.append(cell_sep.join(_text(td).strip(" ") for td in table.xpath(".//td|.//th")))
        replacement = lxml.html.Element("span")
        replacement.text = f"\ue000{len(tables) - 1}\ue001"
        replacement.tail = table.tail
        table.getparent().replace(table, replacement)
    body = root.find("body")
    text = _text(body if body is not None else root).strip(" ")
    text = re.sub("\ue000(\\d+)\ue001", lambda m: tables[int(m.group(1))], text)
    title = root.findtext(".//title") or ""
    # The page title on a line of its own, the article after it, as crawlers store pages.
    return (_SPACE.sub(" ", title).strip() + "\n" + text) if title.strip() else text
