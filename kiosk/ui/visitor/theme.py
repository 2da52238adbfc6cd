"""The visitor kiosk's look: big type, big targets, and a high-contrast variant.

One style sheet for the whole wizard, addressed by object names, so a page never sets a font
size of its own and the "large text" and "high contrast" switches reach every page at once.
"""

from __future__ import annotations

from dataclasses import dataclass

LARGE_TEXT_SCALE = 1.3
#: Chinese and Latin from one family where it is installed (the setup installs Noto CJK).
FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans"]


@dataclass(frozen=True, slots=True)
class Palette:
    background: str
    text: str
    muted: str
    accent: str
    accent_text: str
    panel: str
    border: str
    error: str
    checked: str
    checked_text: str


STANDARD = Palette(
    background="#f6f7f9",
    text="#1a1a1a",
    muted="#454b54",
    accent="#0b57d0",
    accent_text="#ffffff",
    panel="#ffffff",
    border="#9aa3ad",
    error="#b00020",
    checked="#0b57d0",
    checked_text="#ffffff",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    text="#ffffff",
    muted="#ffffff",
    accent="#ffd600",
    accent_text="#000000",
    panel="#000000",
    border="#ffffff",
    error="#ff8a80",
    checked="#ffd600",
    checked_text="#000000",
)


def stylesheet(*, large_text: bool, high_contrast: bool) -> str:
    p = HIGH_CONTRAST if high_contrast else STANDARD
    k = LARGE_TEXT_SCALE if large_text else 1.0

    def px(size: float) -> str:
        return f"{round(size * k)}px"

    border = "3px" if high_contrast else "2px"
    number = p.accent if high_contrast else p.text
    families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    return f"""
    #wizard, #wizard QWidget {{ font-family: {families}; }}
    #wizard, #wizard QWidget#page, #wizard QScrollArea, #wizard #pageBody {{
        background: {p.background}; color: {p.text};
    }}
    #wizard QLabel {{ color: {p.text}; font-size: {px(28)}; }}
    #wizard QLabel#screenTitle {{ font-size: {px(44)}; font-weight: bold; }}
    #wizard QLabel#subtitle {{ font-size: {px(30)}; color: {p.muted}; }}
    #wizard QLabel#siteName {{ font-size: {px(30)}; font-weight: bold; }}
    /* the stages and the header's toggles keep one size: with large text they stay on one
       row in landscape, and the page keeps its height */
    #wizard QLabel#stage {{
        font-size: 26px; color: {p.muted}; padding: 6px 14px;
        border: {border} solid {p.border}; border-radius: 18px;
    }}
    #wizard QLabel#stage[state="current"] {{
        color: {p.accent_text}; background: {p.accent}; border-color: {p.accent};
        font-weight: bold;
    }}
    #wizard QLabel#stage[state="done"] {{ color: {p.text}; border-color: {p.panel}; }}
    #wizard #helpBanner {{ background: #fff1c2; border-bottom: 3px solid #a05a00; }}
    #wizard QLabel#helpText {{ color: #4a2a00; font-size: {px(28)}; font-weight: bold; }}
    #wizard QPushButton#help {{ border: {border} solid {p.accent}; color: {p.accent}; }}
    #wizard QLabel#fieldLabel {{ font-size: {px(30)}; font-weight: bold; }}
    #wizard QLabel#fieldHelp {{ font-size: {px(24)}; color: {p.muted}; }}
    #wizard QLabel#fieldMessage, #wizard QLabel#errorText {{
        font-size: {px(26)}; color: {p.error}; font-weight: bold;
    }}
    #wizard QLabel#rule {{ font-size: {px(30)}; }}
    #wizard QLabel#bigNumber {{
        font-size: 150px; font-weight: bold; color: {number};
    }}
    #wizard QLabel#reviewAnswer {{ font-size: {px(26)}; }}
    #wizard QLabel#reviewQuestion {{ font-size: {px(22)}; color: {p.muted}; }}
    #wizard QLabel#statusText {{ font-size: {px(28)}; font-weight: bold; }}
    #wizard QLabel#partNote {{
        font-size: {px(26)}; font-weight: bold; color: {p.accent_text}; background: {p.accent};
        padding: 8px;
    }}
    #wizard QLabel#countdown {{ font-size: {px(96)}; font-weight: bold; }}
    #wizard QLineEdit, #wizard QPlainTextEdit {{
        font-size: {px(32)}; padding: 8px; background: {p.panel}; color: {p.text};
        border: {border} solid {p.border}; border-radius: 8px;
    }}
    #wizard QLineEdit:focus, #wizard QPlainTextEdit:focus {{ border: 4px solid {p.accent}; }}
    #wizard QLineEdit[invalid="true"], #wizard QPlainTextEdit[invalid="true"] {{
        border: 4px solid {p.error};
    }}
    #wizard QPushButton {{
        font-size: {px(28)}; min-height: {px(72)}; padding: 8px 24px;
        background: {p.panel}; color: {p.text};
        border: {border} solid {p.border}; border-radius: 12px;
    }}
    #wizard QPushButton:checked {{
        background: {p.checked}; color: {p.checked_text}; border-color: {p.checked};
    }}
    #wizard QPushButton:disabled {{ color: {p.muted}; border-style: dashed; }}
    #wizard QPushButton#primary {{
        background: {p.accent}; color: {p.accent_text}; border-color: {p.accent};
        font-weight: bold;
    }}
    #wizard QPushButton#primary:disabled {{ background: {p.border}; color: {p.background}; }}
    #wizard QPushButton#tile {{ text-align: left; padding: 16px; }}
    #wizard QPushButton#tile:checked {{
        background: {p.panel}; border: 6px solid {p.accent};
    }}
    #wizard QPushButton#languageTile {{ font-size: {px(44)}; min-height: {px(120)}; }}
    #wizard QPushButton#toggle {{ font-size: {px(22)}; min-height: {px(56)}; padding: 4px 16px; }}
    #wizard #header QPushButton#toggle {{ font-size: 24px; min-height: 56px; }}
    #wizard QPushButton#key {{ font-size: {px(40)}; min-height: 0; padding: 0; }}
    #wizard #header, #wizard #footer {{ background: {p.panel}; border: none; }}
    #wizard #tileBox {{
        background: {p.panel}; border: {border} solid {p.border}; border-radius: 12px;
    }}
    #wizard #overlay {{ background: {p.panel}; border: 4px solid {p.accent}; border-radius: 16px; }}
    #wizard QLabel#demoBanner {{ background: #fff3c4; color: #5c4400; }}
    """
