"""Texts a visitor agrees to carry a version; a changed text must never keep its old number.

Acknowledgements and consents record the version the visitor confirmed, and cases record the
form version they were filled in, so an edit that forgets to raise the number would make two
different texts indistinguishable afterwards. ``raise_changed_versions`` raises it for the
administrator when the content changed and the number did not.
"""

from __future__ import annotations

from typing import Any


def _content(section: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in section.items() if k != "version"}


def _raise(old: Any, new: Any) -> bool:
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return False
    old_version, new_version = old.get("version", 1), new.get("version", 1)
    if not (isinstance(old_version, int) and isinstance(new_version, int)):
        return False
    if _content(old) != _content(new) and new_version <= old_version:
        new["version"] = old_version + 1
        return True
    return False


def raise_changed_versions(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Raise, in ``new``, the version of every versioned text that changed; the paths raised."""
    raised = [
        name for name in ("acknowledgement", "consent") if _raise(old.get(name), new.get(name))
    ]
    old_forms = {
        c.get("id"): c.get("form") for c in old.get("case_types", []) if isinstance(c, dict)
    }
    for case in new.get("case_types", []):
        if isinstance(case, dict) and _raise(old_forms.get(case.get("id")), case.get("form")):
            raised.append(f"case_types.{case.get('id')}.form")
    return raised
