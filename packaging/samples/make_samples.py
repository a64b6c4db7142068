"""Render the two sample images the packaged workstation's ``--self-test`` compares.

Both come from one public-domain photograph: NASA's portrait of astronaut Eileen Collins,
shipped as ``skimage/data/astronaut.png`` in the scikit-image wheel ("No known copyright
restrictions, released into the public domain", NASA Great Images database). Nothing here
comes from research data sets, so the output may ship in installers.

- ``card.jpg``: the face printed into the photo box of a synthetic, clearly fake ID card;
- ``selfie.jpg``: the same photograph mirrored, rescaled and slightly darker.

A second person, for the screenshots of a NO MATCH (not shipped): ``other.jpg``, a selfie-sized
crop of the official U.S. Navy portrait of Rear Admiral Grace Hopper (1984), a work of the U.S.
federal government and so in the public domain, as shipped in matplotlib
(``matplotlib/mpl-data/sample_data/grace_hopper.jpg``).

Usage (either needs only numpy and OpenCV besides the source image)::

    python packaging/samples/make_samples.py                    # skimage installed
    python packaging/samples/make_samples.py --source astronaut.png
    python packaging/samples/make_samples.py --source scikit_image-*.whl
"""

from __future__ import annotations

import argparse
import hashlib
import zipfile
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
MEMBER = "skimage/data/astronaut.png"
CARD_SIZE = (856, 540)  # ID-1 card at about 10 px/mm (width, height)
JPEG_QUALITY = 85


def load_source(source: Path | None) -> np.ndarray:
    """The astronaut photograph as BGR uint8 (from skimage, a PNG or a scikit-image wheel)."""
    if source is None:
        from skimage import data  # type: ignore[import-not-found]

        rgb = np.asarray(data.astronaut())
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            raw = np.frombuffer(wheel.read(MEMBER), dtype=np.uint8)
    else:
        raw = np.frombuffer(source.read_bytes(), dtype=np.uint8)
    image = cv2.imdecode(raw, cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot decode {source}")
    return image


def render_card(photo: np.ndarray) -> np.ndarray:
    """A synthetic card: header band, the face in a photo box, placeholder text lines."""
    width, height = CARD_SIZE
    card = np.full((height, width, 3), (236, 226, 212), dtype=np.uint8)  # pale blue-grey (BGR)
    cv2.rectangle(card, (0, 0), (width, 70), (110, 60, 20), thickness=-1)
    cv2.putText(
        card,
        "SAMPLE CARD - NOT AN IDENTITY DOCUMENT",
        (24, 46),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.9,
        (255, 255, 255),
        2,
        cv2.LINE_AA,
    )
    # Head-and-shoulders crop around the face (the photo is 512x512, face near x 180-290, y 60-200)
    crop = photo[20:330, 110:350]
    box_w, box_h = 240, 310
    crop = cv2.resize(crop, (box_w, box_h), interpolation=cv2.INTER_AREA)
    x0, y0 = 40, 110
    card[y0 : y0 + box_h, x0 : x0 + box_w] = crop
    cv2.rectangle(card, (x0 - 2, y0 - 2), (x0 + box_w + 1, y0 + box_h + 1), (90, 90, 90), 2)
    lines = ["NAME  SAMPLE, PERSON", "NO.   000000-0000000", "ISSUED  2026-01-01", "FACE COMPARE SELF-TEST"]
    for i, text in enumerate(lines):
        cv2.putText(
            card, text, (320, 160 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (60, 50, 40), 2, cv2.LINE_AA
        )
    # a little print texture, fixed seed so the output is reproducible
    noise = np.random.default_rng(7).normal(0, 4, card.shape)
    return np.clip(card.astype(np.float64) + noise, 0, 255).astype(np.uint8)


def render_selfie(photo: np.ndarray) -> np.ndarray:
    """The photograph mirrored (as a front camera shows it), rescaled and a little darker."""
    mirrored = cv2.flip(photo, 1)
    scaled = cv2.resize(mirrored, (400, 400), interpolation=cv2.INTER_AREA)
    return cv2.convertScaleAbs(scaled, alpha=0.9, beta=-5)


def load_other(source: Path | None) -> np.ndarray:
    """The Grace Hopper portrait as BGR uint8 (from matplotlib's sample data, or a file)."""
    if source is None:
        from matplotlib import cbook

        source = Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    image = cv2.imdecode(np.frombuffer(source.read_bytes(), dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot decode {source}")
    return image


def render_other(photo: np.ndarray) -> np.ndarray:
    """A head-and-shoulders crop of the 512x600 portrait (face near x 150-380, y 20-340), mirrored."""
    crop = cv2.flip(photo[0:460, 36:496], 1)
    return cv2.resize(crop, (400, 400), interpolation=cv2.INTER_AREA)


def write_jpeg(path: Path, image: np.ndarray) -> str:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise SystemExit(f"cannot encode {path}")
    path.write_bytes(buf.tobytes())
    return hashlib.sha256(buf.tobytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="astronaut.png or a scikit-image wheel")
    parser.add_argument("--other", type=Path, help="grace_hopper.jpg (default: matplotlib's copy)")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: beside this script)")
    args = parser.parse_args(argv)
    photo = load_source(args.source)
    args.out.mkdir(parents=True, exist_ok=True)
    images = {
        "card.jpg": render_card(photo),
        "selfie.jpg": render_selfie(photo),
        "other.jpg": render_other(load_other(args.other)),
    }
    for name, image in images.items():
        digest = write_jpeg(args.out / name, image)
        print(f"{name}  {image.shape[1]}x{image.shape[0]}  {(args.out / name).stat().st_size} B  {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
