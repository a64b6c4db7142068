"""Which person or source photo each Face-Mask-Detection image shows (masks-train, masks-dev).

The set holds many "copy N" duplicates of one picture and many pictures of one person, so a
split that keeps them apart (``benchmarks/train_mask.py``'s CV and ``--holdout``) or a report
on the images whose group was never trained on (``benchmarks/eval_mask.py``) needs the groups.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path


def group_key(source: str) -> str:
    """The person or source photo of one Face-Mask-Detection path (``sources.csv``).

    ``0_0_yangmi_0033.jpg`` (with or without a mask) → ``yangmi``; ``0_0_1 copy 14.jpg`` →
    ``with_mask/0_0_1`` (the same picture, copied); anything else its own stem.
    """
    name = source.split(":", 1)[-1]
    folder, file = name.split("/")[-2:]
    stem = re.sub(r"(( copy( \d+)?)| \(\d+\))+$", "", file.rsplit(".", 1)[0])
    person = re.fullmatch(r"\d+_\d+_([a-z]+)_\d+", stem)
    return person.group(1) if person else f"{folder}/{stem}"


def groups_of(root: Path) -> dict[str, str]:
    """Group of every file of ``root/sources.csv`` (its own name when there is none)."""
    path = root / "sources.csv"
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["file"]: group_key(r["source"]) for r in csv.DictReader(f)}
