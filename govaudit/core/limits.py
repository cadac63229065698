"""Named limits that keep hostile or broken input bounded.

Every loader reads these; when one is hit, the loader raises `InputError`
naming the limit, so the user knows which setting to raise if the file is
genuine. They can be changed in configuration (`[tool.govaudit.core.limits]`).
"""

import attrs

from .fieldwise import FieldsEq


@attrs.define(repr=False, eq=False)
class Limits(FieldsEq):
    max_file_bytes: int = 64 * 1024 * 1024  # a report is a few MB at most
    max_decompressed_bytes: int = 256 * 1024 * 1024  # docx members, summed
    max_table_cells: int = 200_000  # after spans are resolved, per table
    max_tables: int = 2_000
    max_colspan: int = 1_000  # as HTML itself clamps colspan
    max_nesting: int = 512  # HTML elements open at once
    # What one file may hold: HTML elements, attributes and text runs while
    # parsing; paragraphs and (span-resolved) table cells in the result. The
    # largest real report pages have tens of thousands; each costs memory.
    max_elements: int = 500_000
    max_number_digits: int = 18  # longer digit runs are not read as numbers
    max_pdf_pages: int = 500
    timeout_seconds: float = 120.0  # per file, enforced by the CLI


DEFAULT = Limits()
