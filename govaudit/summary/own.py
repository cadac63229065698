"""Whether a file is a page an earlier `summary` wrote: such a page, found in
a folder audited, is passed over; any other file there is a report (an input
that no output may overwrite)."""

from __future__ import annotations

_HEAD_BYTES = 4096  # the title comes before the style sheet


def is_our_page(path: str) -> bool:
    """A summary page, one of its pages, or an annotated page: an HTML file
    whose title is the summary's (run.TITLE) or an annotated page's, as no
    annual report is titled."""
    from ..output.annotated import TITLE_PREFIX
    from .run import TITLE

    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", "ignore")
    except OSError:
        return False
    return head.startswith("<!DOCTYPE html>") and (f"<title>{TITLE}" in head or f"<title>{TITLE_PREFIX}" in head)
