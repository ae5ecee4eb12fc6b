"""kaozheng (考證): turn archival documents into verified, sourced figures.

>>> import kaozheng
>>> [(c.text, c.value, c.qualifier, c.unit) for c in kaozheng.extract("over 18,000 reports", doc="d")]
[('over 18,000', 18000, 'over', 'report')]
"""

from __future__ import annotations

from .model import Claim, Document, Finding, Quantity, Span
from .pipeline import extract, extract_document
from .read import read

__version__ = "0.1.0"
__all__ = ["Claim", "Document", "Finding", "Quantity", "Span", "extract", "extract_document", "read", "__version__"]
