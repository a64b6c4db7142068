"""Extra impostor pairs across identities, so a FAR can be read well below 1%.

Every image of the card column is paired with every image of the selfie column whose
identity differs (both identities known, both images enrolled). A pair of two images that
appear in both columns is counted once, an image is never paired with itself, and the pairs
the CSV already lists are left out (they are scored as listed). Above ``max_pairs`` candidates,
a fixed-seed random sample of ``max_pairs`` of them is scored instead.

These pairs share images, so they are not independent: 1,000 images give ~500,000 pairs but
far less information than 500,000 independent pairs would; the FAR intervals computed from
them as if independent are too narrow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.evaluation.pairs import Pair

DEFAULT_MAX_PAIRS = 2_000_000
SEED = 20240601
_BLOCK = 512


@dataclass(frozen=True, slots=True)
class Impostors:
    """Scores of the extra impostor pairs and what they were drawn from."""

    scores: NDArray[np.float64]
    card_images: int
    selfie_images: int
    identities: int
    candidates: int
    sampled: bool


def _sides(
    pairs: Sequence[Pair], enrolled: Mapping[str, NDArray[np.float32]]
) -> tuple[dict[str, str], dict[str, str]]:
    cards: dict[str, str] = {}
    selfies: dict[str, str] = {}
    for p in pairs:
        if p.card_identity is not None and p.card in enrolled:
            cards.setdefault(p.card, p.card_identity)
        if p.selfie_identity is not None and p.selfie in enrolled:
            selfies.setdefault(p.selfie, p.selfie_identity)
    return cards, selfies


def extra_impostors(
    pairs: Sequence[Pair],
    embeddings: Mapping[str, NDArray[np.float32]],
    *,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    seed: int = SEED,
) -> Impostors:
    """Score the cross-identity pairs described in the module docstring."""
    cards, selfies = _sides(pairs, embeddings)
    if not cards or not selfies:
        return Impostors(np.zeros(0), len(cards), len(selfies), 0, 0, False)
    all_ids = {**cards, **selfies}
    image_id = {path: i for i, path in enumerate(sorted(all_ids))}
    ident_code = {name: i for i, name in enumerate(sorted(set(all_ids.values())))}
    c_paths, s_paths = sorted(cards), sorted(selfies)
    c_img = np.array([image_id[p] for p in c_paths])
    s_img = np.array([image_id[p] for p in s_paths])
    c_ident = np.array([ident_code[cards[p]] for p in c_paths])
    s_ident = np.array([ident_code[selfies[p]] for p in s_paths])
    c_in_s = np.array([p in selfies for p in c_paths])
    s_in_c = np.array([p in cards for p in s_paths])
    n_img = len(image_id)
    listed = np.array(
        sorted(
            {
                min(image_id[p.card], image_id[p.selfie]) * n_img + max(image_id[p.card], image_id[p.selfie])
                for p in pairs
                if p.card in image_id and p.selfie in image_id
            }
        ),
        dtype=np.int64,
    )
    ce = np.stack([embeddings[p] for p in c_paths]).astype(np.float32)
    se = np.stack([embeddings[p] for p in s_paths]).astype(np.float32)

    def valid(ci: NDArray[np.int64], si: NDArray[np.int64]) -> NDArray[np.bool_]:
        a, b = c_img[ci], s_img[si]
        ok = (c_ident[ci] != s_ident[si]) & (a != b)
        ok &= ~(c_in_s[ci] & s_in_c[si] & (a > b))  # the pair also appears the other way round
        if len(listed):
            ok &= ~np.isin(np.minimum(a, b) * n_img + np.maximum(a, b), listed)
        return ok

    total = len(c_paths) * len(s_paths)
    chunks: list[NDArray[np.float64]] = []
    sampled = total > max_pairs
    if sampled:
        rng = np.random.default_rng(seed)
        flat = np.sort(rng.choice(total, size=max_pairs, replace=False))
        ci, si = np.divmod(flat, len(s_paths))
        keep = valid(ci, si)
        ci, si = ci[keep], si[keep]
        for start in range(0, len(ci), 1 << 16):
            a, b = ci[start : start + (1 << 16)], si[start : start + (1 << 16)]
            chunks.append(np.einsum("ij,ij->i", ce[a], se[b]).astype(np.float64))
    else:
        s_all = np.arange(len(s_paths))
        for start in range(0, len(c_paths), _BLOCK):
            rows = np.arange(start, min(start + _BLOCK, len(c_paths)))
            sims = (ce[rows] @ se.T).astype(np.float64)
            ci, si = np.repeat(rows, len(s_paths)), np.tile(s_all, len(rows))
            chunks.append(sims.reshape(-1)[valid(ci, si)])
    scores = np.clip(np.concatenate(chunks), 0.0, 1.0) if chunks else np.zeros(0)
    return Impostors(scores, len(c_paths), len(s_paths), len(ident_code), total, sampled)
