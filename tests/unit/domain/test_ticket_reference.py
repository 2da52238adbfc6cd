from datetime import date

import pytest

from kiosk.domain.ticket_reference import (
    InvalidReference,
    TicketReference,
    sign_reference,
    verify_reference,
)

SECRET = bytes(range(32))
REF = TicketReference(42, date(2026, 3, 2), "A012")


def test_a_signed_reference_verifies_and_is_qr_alphanumeric() -> None:
    text = sign_reference(SECRET, REF)
    assert text.startswith("KT1.42.20260302.A012.")
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert verify_reference(SECRET, text) == REF


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace(".A012.", ".A013."),
        lambda t: t.replace("KT1.42.", "KT1.43."),
        lambda t: t.replace(".20260302.", ".20260303."),
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
    ],
)
def test_any_change_breaks_the_signature(tamper) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidReference, match="altered"):
        verify_reference(SECRET, tamper(sign_reference(SECRET, REF)))


def test_another_centres_key_is_rejected() -> None:
    with pytest.raises(InvalidReference, match="altered or comes from elsewhere"):
        verify_reference(b"another site", sign_reference(SECRET, REF))


@pytest.mark.parametrize("text", ["", "hello", "https://example.com/A012", "KT1.42.2026.A012.X"])
def test_other_codes_are_not_ticket_references(text: str) -> None:
    with pytest.raises(InvalidReference, match="not a ticket code"):
        verify_reference(SECRET, text)
