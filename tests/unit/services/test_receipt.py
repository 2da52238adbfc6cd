"""Receipt layout and rendering, read back with poppler and decoded with OpenCV."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.fonts import ticket_fonts
from kiosk.services.receipt import ReceiptContent, render_receipt_pdf, wrap
from kiosk.vision.qr import decode_qr_file
from tests.pdf_tools import fonts_of, page_size_mm, text_of, to_png

CONTENT = ReceiptContent(
    site_name="North Hall <b>&amp;</b> Annex",
    your_number="您的号码",
    code="S017",
    case_name="未成年人游戏消费退款",
    case_name_zh=None,
    wait_line="前面还有 4 人，预计等候约 52 分钟",
    waiting_area="C 区等候（安静区）",
    issued_line="取号时间 2026-03-02 09:41",
    reminders=("大厅内禁止录音、录像和拍照。", "工作人员绝不会索要密码或验证码。"),
    qr_payload="KT1.17.20260302.S017.ABCDEFGHIJKLMNOP",
    qr_caption="在自助机扫描此码，可查看排队进度或补打号票",
    keep_line="请保管好号票，直到办理完毕。",
)


def test_chinese_wraps_between_characters_and_english_between_words() -> None:
    font = ticket_fonts().text
    chinese = wrap("在自助机扫描此码，可查看排队进度或补打号票", font, 10, 60)
    assert len(chinese) > 1
    assert "".join(chinese) == "在自助机扫描此码，可查看排队进度或补打号票"
    english = wrap("Scan this code at the kiosk to see your place", font, 10, 80)
    assert all(not line.endswith(" ") for line in english)
    assert " ".join(english) == "Scan this code at the kiosk to see your place"


@pytest.mark.parametrize("width", [80, 58])
def test_receipt_is_paper_wide_with_embedded_cjk_font_and_a_readable_code(
    width: int, tmp_path: Path
) -> None:
    receipt = render_receipt_pdf(CONTENT, width)
    path = tmp_path / f"ticket-{width}.pdf"
    path.write_bytes(receipt.pdf)
    page_width, page_height = page_size_mm(path)
    assert page_width == pytest.approx(width, abs=0.1)
    assert page_height == pytest.approx(receipt.height_mm, abs=0.1)
    assert 90 < page_height < 200  # fitted to content, not A4
    text = text_of(path)
    assert "S017" in text
    assert "未成年人游戏消费退款" in text
    assert "North Hall <b>&amp;</b>" in text  # markup is printed, not interpreted
    fonts = fonts_of(path)
    assert fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert any("WenQuanYi" in f["name"] or "Droid" in f["name"] for f in fonts)
    assert decode_qr_file(to_png(path, tmp_path / f"ticket-{width}")) == CONTENT.qr_payload


def test_a_long_number_shrinks_to_fit_the_paper(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "long.pdf"
    path.write_bytes(render_receipt_pdf(replace(CONTENT, code="MW12345"), 58).pdf)
    assert "MW12345" in text_of(path)
    with pytest.raises(ValueError, match="paper width"):
        render_receipt_pdf(CONTENT, 100)


def test_codes_of_many_references_all_read_back(tmp_path: Path) -> None:
    """Every signature gives another QR pattern; the quiet zone keeps them all readable."""
    import base64
    import random
    from dataclasses import replace

    rng = random.Random(7)
    for index in range(24):
        signature = base64.b32encode(rng.randbytes(10)).decode()
        payload = f"KT1.{index + 1}.20260302.A{index + 1:03d}.{signature}"
        receipt = render_receipt_pdf(replace(CONTENT, qr_payload=payload), 80 if index % 2 else 58)
        path = tmp_path / f"t{index}.pdf"
        path.write_bytes(receipt.pdf)
        assert decode_qr_file(to_png(path, tmp_path / f"t{index}")) == payload
