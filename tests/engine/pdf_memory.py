"""``python -m tests.engine.pdf_memory N``: load N different one-page PDF scans (each a large
photo-like JPEG on its page) three times each through the engine's loader, and print how much
the resident memory grew (MB). A separate process, so nothing else in it has used MuPDF."""

from __future__ import annotations

import sys

import cv2
import numpy as np
import psutil
import pymupdf

from app.engine.imageio.loader import load_image


def scan(seed: int) -> bytes:
    """A one-page PDF holding a 2400×1600 JPEG of noise (it decodes to 11.5 MB)."""
    rng = np.random.default_rng(seed)
    pixels = cv2.GaussianBlur(rng.integers(0, 256, (1600, 2400, 3), dtype=np.uint8), (5, 5), 0)
    jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    doc = pymupdf.open()
    page = doc.new_page(width=243, height=153)  # an ID-1 card in points
    page.insert_image(page.rect, stream=jpeg)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def main(n: int) -> None:
    scans = [scan(i) for i in range(n)]
    load_image(scans[0], "pdf", label="card", max_pixels=40_000_000)  # MuPDF's own start-up
    before = psutil.Process().memory_info().rss
    for _ in range(3):
        for data in scans:
            load_image(data, "pdf", label="card", max_pixels=40_000_000)
    print(round((psutil.Process().memory_info().rss - before) / 2**20))


if __name__ == "__main__":
    main(int(sys.argv[1]))
