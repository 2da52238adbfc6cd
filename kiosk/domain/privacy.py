"""Words of the privacy rules that every layer shares."""

from __future__ import annotations

#: why a visitor's data was exported or erased (the audit row says which, nothing more)
REQUEST_REASONS = ("visitor_request", "legal_order", "correction")
