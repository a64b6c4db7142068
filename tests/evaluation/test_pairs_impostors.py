"""Reading pairs CSVs, identities and the extra impostor pairs across identities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.evaluation.impostors import extra_impostors
from app.evaluation.pairs import PairsError, load_pairs


def _write(tmp_path: Path, text: str, name: str = "pairs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _unit(seed: int, dim: int = 8) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


LFW_LIKE = (
    "card,selfie,same\n"
    "images/Ann/Ann_1.jpg,images/Ann/Ann_2.jpg,1\n"
    "images/Bob/Bob_1.jpg,images/Bob/Bob_2.jpg,1\n"
    "images/Ann/Ann_1.jpg,images/Cid/Cid_1.jpg,0\n"
)


def test_identity_from_folder_for_lfw_layout(tmp_path: Path) -> None:
    ps = load_pairs(_write(tmp_path, LFW_LIKE), identity_from_folder=True)
    assert ps.identity_source == "folder" and not ps.notes
    assert [p.card_identity for p in ps.pairs] == ["Ann", "Bob", "Ann"]
    assert ps.pairs[2].selfie_identity == "Cid"
    assert load_pairs(_write(tmp_path, LFW_LIKE)).identity_source == "none"


def test_identity_from_folder_is_ignored_when_folders_contradict_labels(tmp_path: Path) -> None:
    text = "card,selfie,same\ncards/c_1.jpg,selfies/s_1.jpg,1\ncards/c_2.jpg,selfies/s_2.jpg,0\n"
    ps = load_pairs(_write(tmp_path, text), identity_from_folder=True)
    assert ps.identity_source == "none"
    assert ps.notes and "contradict" in ps.notes[0]
    assert all(p.card_identity is None and p.selfie_identity is None for p in ps.pairs)


def test_single_identity_column_names_the_selfie_only_for_genuine_rows(tmp_path: Path) -> None:
    text = "card,selfie,same,identity\na1.jpg,a2.jpg,1,A\nb1.jpg,x.jpg,0,B\n"
    ps = load_pairs(_write(tmp_path, text))
    assert ps.identity_source == "columns"
    assert (ps.pairs[0].card_identity, ps.pairs[0].selfie_identity) == ("A", "A")
    assert (ps.pairs[1].card_identity, ps.pairs[1].selfie_identity) == ("B", None)


def test_identity_columns_that_contradict_labels_are_an_error(tmp_path: Path) -> None:
    text = "card,selfie,same,card_identity,selfie_identity\na.jpg,b.jpg,1,A,B\n"
    with pytest.raises(PairsError, match="same=1 but the identities differ"):
        load_pairs(_write(tmp_path, text))
    text = "card,selfie,same,card_identity,selfie_identity\na.jpg,b.jpg,0,A,A\n"
    with pytest.raises(PairsError, match="same=0"):
        load_pairs(_write(tmp_path, text))
    text = "card,selfie,same,card_identity,selfie_identity\na.jpg,b.jpg,0,A,B\na.jpg,c.jpg,0,Z,C\n"
    with pytest.raises(PairsError, match="has identities"):
        load_pairs(_write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("card,selfie\na.jpg,b.jpg\n", "missing same"),
        ("card,selfie,same\na.jpg,b.jpg,maybe\n", "same must be 1 or 0"),
        ("card,selfie,same\n,b.jpg,1\n", "card column is empty"),
        ("card,selfie,same\n", "no data rows"),
        ("card,selfie,same,similarity,errorCode\na.jpg,b.jpg,1,1.7,\n", "outside 0..1"),
        ("card,selfie,same,fold\na.jpg,b.jpg,1,\n", "fold column is empty"),
    ],
)
def test_bad_csvs_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PairsError, match=message):
        load_pairs(_write(tmp_path, text))


def test_scores_csv_from_batch_is_read_as_scores(tmp_path: Path) -> None:
    text = (
        "card,selfie,similarity,decision,errorCode,ms,same,fold\n"
        "a.pdf,b.jpg,0.950000,MATCH,,12.0,1,1\n"
        "c.jpg,d.jpg,,ERROR,FACE_NOT_FOUND,3.0,0,2\n"
    )
    ps = load_pairs(_write(tmp_path, text))
    assert ps.is_scores and ps.has_folds
    assert ps.pairs[0].similarity == pytest.approx(0.95) and ps.pairs[0].card_format == "pdf"
    assert ps.pairs[1].similarity is None and ps.pairs[1].error == "FACE_NOT_FOUND"
    assert ps.pairs[0].extra == {}


def test_extra_impostors_pair_every_card_with_every_other_identity(tmp_path: Path) -> None:
    text = (
        "card,selfie,same\n"
        "A/a1.jpg,A/a2.jpg,1\n"
        "B/b1.jpg,B/b2.jpg,1\n"
        "C/c1.jpg,C/c2.jpg,1\n"
        "A/a1.jpg,B/b2.jpg,0\n"
    )
    ps = load_pairs(_write(tmp_path, text), identity_from_folder=True)
    emb = {p: _unit(i) for i, p in enumerate(ps.image_paths())}
    imp = extra_impostors(ps.pairs, emb)
    # cards {a1, b1, c1} x selfies {a2, b2, c2}: 9 - 3 same-identity - 1 listed = 5
    assert len(imp.scores) == 5
    assert imp.identities == 3 and imp.card_images == 3 and imp.selfie_images == 3
    expected = sorted(
        float(np.clip(emb[c] @ emb[s], 0, 1))
        for c, s in [
            ("A/a1.jpg", "C/c2.jpg"),
            ("B/b1.jpg", "A/a2.jpg"),
            ("B/b1.jpg", "C/c2.jpg"),
            ("C/c1.jpg", "A/a2.jpg"),
            ("C/c1.jpg", "B/b2.jpg"),
        ]
    )
    assert np.allclose(sorted(imp.scores), expected, atol=1e-6)


def test_images_in_both_columns_are_paired_once_and_never_with_themselves(tmp_path: Path) -> None:
    text = "card,selfie,same\nA/a1.jpg,B/b1.jpg,0\nB/b1.jpg,C/c1.jpg,0\n"
    ps = load_pairs(_write(tmp_path, text), identity_from_folder=True)
    emb = {p: _unit(i) for i, p in enumerate(ps.image_paths())}
    imp = extra_impostors(ps.pairs, emb)
    # cards {a1, b1} x selfies {b1, c1}: a1-b1 and b1-c1 listed, b1-b1 itself -> only a1-c1
    assert len(imp.scores) == 1


def test_failed_images_and_unknown_identities_are_left_out(tmp_path: Path) -> None:
    text = "card,selfie,same\nA/a1.jpg,A/a2.jpg,1\nB/b1.jpg,B/b2.jpg,1\n"
    ps = load_pairs(_write(tmp_path, text), identity_from_folder=True)
    emb = {p: _unit(i) for i, p in enumerate(ps.image_paths()) if p != "B/b2.jpg"}  # b2 failed
    assert len(extra_impostors(ps.pairs, emb).scores) == 1  # b1-a2 only
    none = load_pairs(_write(tmp_path, text))
    assert len(extra_impostors(none.pairs, emb).scores) == 0


def test_sampling_above_the_cap_is_deterministic(tmp_path: Path) -> None:
    rows = [f"P{i}/x.jpg,P{i}/y.jpg,1" for i in range(40)]
    ps = load_pairs(
        _write(tmp_path, "card,selfie,same\n" + "\n".join(rows) + "\n"), identity_from_folder=True
    )
    emb = {p: _unit(i) for i, p in enumerate(ps.image_paths())}
    full = extra_impostors(ps.pairs, emb)
    assert len(full.scores) == 40 * 39 and not full.sampled
    a = extra_impostors(ps.pairs, emb, max_pairs=500)
    b = extra_impostors(ps.pairs, emb, max_pairs=500)
    assert a.sampled and 0 < len(a.scores) <= 500
    assert np.array_equal(a.scores, b.scores)
    assert np.abs(a.scores[:, None] - full.scores[None, :]).min(axis=1).max() < 1e-5
