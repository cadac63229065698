"""`govaudit extract` output: the facts of each file, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from ..extraction.model import Extraction
from ..text.sanitize import for_csv

CSV_FIELDS = ["path", "key", "value", "blank", "unit", "scope", "source", "line", "column", "page", "paragraph", "table", "row", "col", "raw", "split_from_run"]


def extraction_json(e: Extraction) -> dict:
    seg = e.segmentation
    return {
        "path": e.document.path,
        "format": e.document.format,
        "title": seg.title,
        "year": seg.year,
        "issuer": seg.issuer,
        "issuer_kind": seg.issuer_kind,
        "profile": seg.profile,
        "layout": seg.layout,
        "published": seg.published,
        "statistics_period": (
            {"start_year": seg.stats_period.start_year, "end_year": seg.stats_period.end_year, "text": seg.stats_period.text}
            if seg.stats_period
            else None
        ),
        "sections": [
            {"number": s.number, "title": s.title, "match": s.match, "location": s.location.as_dict()} for s in seg.sections
        ],
        "tables": {k: v for k, v in e.tables.items()},
        "facts": [f.as_json() for f in e.facts],
        "notes": [{"code": n.code, "message": n.message, "section": n.section, "location": n.location.as_dict()} for n in e.notes],
    }


def render_json(extractions: list[Extraction]) -> str:
    return json.dumps([extraction_json(e) for e in extractions], ensure_ascii=False, indent=2) + "\n"


def render_csv(extractions: list[Extraction]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for e in extractions:
        for fact in e.facts:
            row = fact.as_json()
            loc = row.pop("location")
            row.update({k: loc.get(k) for k in ("line", "column", "page", "paragraph", "table", "row", "col")})
            row["path"] = e.document.path
            row["split_from_run"] = "true" if fact.split_from_run else ""
            writer.writerow({k: for_csv(row.get(k)) for k in CSV_FIELDS})  # cell text is the report's
    return out.getvalue()
