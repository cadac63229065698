"""Write a govaudit `Document` out as a .docx, for round-trip tests of the
Word loader: paragraphs as paragraphs, tables with their merges rebuilt by
python-docx's `cell.merge` (gridSpan across, vMerge down)."""

from __future__ import annotations

from pathlib import Path

from govaudit.core.model import Document, Paragraph, Table


def build_docx(document: Document, out_path) -> Path:
    import docx

    word = docx.Document()
    if document.title:
        word.core_properties.title = document.title
    for block in document.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        elif isinstance(block, Table):
            _add_table(word, block)
    out_path = Path(out_path)
    word.save(str(out_path))
    return out_path


def _add_table(word, table: Table) -> None:
    if not table.n_rows or not table.n_cols:
        return
    out = word.add_table(rows=table.n_rows, cols=table.n_cols)
    seen: set[int] = set()
    for r in range(table.n_rows):
        for cell in table.row_cells(r):
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            target = out.cell(cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(out.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
            # Setting text after the merge: merge moves the covered cells'
            # (empty) paragraphs into the top-left one.
            target.text = cell.text
