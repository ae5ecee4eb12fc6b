"""Writing kaozheng's records out: tables of claims (JSON Lines, CSV, Parquet)."""

from .tables import TABLE_FORMATS, ClaimWriter, open_claim_writer, read_claims

__all__ = ["TABLE_FORMATS", "ClaimWriter", "open_claim_writer", "read_claims"]
