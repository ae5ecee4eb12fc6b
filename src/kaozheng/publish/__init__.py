"""Writing kaozheng's records out.

- ``tables``: claims and findings as JSON Lines, CSV, Parquet;
- ``sqlite``: documents, claims, findings and the gazetteer in one SQLite file (Datasette);
- ``tei``: one document with its claims as TEI P5 XML;
- ``annotation``: claims and findings as W3C Web Annotations (JSON-LD);
- ``report``: one self-contained HTML report.
"""

from .annotation import claim_annotation, to_annotations, write_annotations
from .report import render_report, write_report
from .sqlite import write_sqlite, write_sqlite_stream
from .tables import TABLE_FORMATS, ClaimWriter, open_claim_writer, read_claims, write_findings
from .tei import tei_text, to_tei

__all__ = [
    "TABLE_FORMATS", "ClaimWriter", "open_claim_writer", "read_claims", "write_findings",
    "write_sqlite", "write_sqlite_stream", "to_tei", "tei_text", "to_annotations", "write_annotations",
    "claim_annotation", "write_report", "render_report",
]
