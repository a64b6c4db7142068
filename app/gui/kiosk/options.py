"""``KioskOptions``: how one kiosk runs (from the command line and the kiosk's settings)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True)
class KioskOptions:
    """How this kiosk runs (from the command line and the kiosk's settings)."""

    workstation: str = "kiosk"
    language: str = "ko"
    pin_hash: str | None = None
    inactivity_s: float = 45.0  # no touch and no face for this long: reset and wipe
    result_s: float = 12.0  # the result stays this long
    turn_s: float = 6.0  # seconds for each step of the head turn (each turn, each return)
    card_file: Path | None = None  # demo/test: the ID scan "presented" at each session
    card_camera_file: Path | None = None  # demo/test: a file played as the document camera
    card_camera_device: str | None = None  # a second camera for the ID (None = not used)
    scanner_folder: Path | None = None  # a new file here is the ID
    camera_file: Path | None = None
    camera_device: str = ""
    mirror_preview: bool = True  # show the customer a mirror image (frames are analysed as shot)
    pack: str = "auto"
