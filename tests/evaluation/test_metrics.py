"""Metrics on hand-made score sets whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from app.evaluation.metrics import (
    WORST,
    accuracy,
    auc,
    best_threshold,
    choose_folds,
    equal_error_rate,
    is_lfw_view2_layout,
    is_measurable,
    kfold_accuracy,
    roc_curve,
    stratified_folds,
    tar_at_far,
    threshold_at_far,
)
from app.evaluation.stats import wilson_interval


def test_threshold_at_far_lets_through_floor_far_times_n_impostors() -> None:
    imp = np.arange(1, 11) / 10.0  # 0.1 .. 1.0
    t = threshold_at_far(imp, 0.1)  # 1 of 10 may pass
    assert 0.9 < t <= 1.0
    assert int((imp >= t).sum()) == 1
    t2 = threshold_at_far(imp, 0.25)  # floor(2.5) = 2
    assert int((imp >= t2).sum()) == 2 and t2 > 0.8


def test_ties_never_let_more_impostors_through() -> None:
    imp = np.array([0.5, 0.9, 0.9, 0.9, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7])
    t = threshold_at_far(imp, 0.2)  # 2 allowed, but three tie at 0.9
    assert int((imp >= t).sum()) == 0


def test_tar_at_far_known_answer_and_wilson_interval() -> None:
    gen = np.array([0.95] * 90 + [0.5] * 10)
    imp = np.linspace(0.0, 0.8, 1000)
    r = tar_at_far(gen, imp, 0.01)
    assert r.measurable and r.false_accepts == 10 and r.impostors == 1000
    assert r.tar == pytest.approx(0.9)
    assert r.tar_ci95 == pytest.approx(wilson_interval(90, 100))
    assert r.tar_ci95[0] < 0.9 < r.tar_ci95[1]
    assert r.far_resolution == pytest.approx(0.001)


def test_too_few_impostors_is_not_measurable_and_gives_no_number() -> None:
    gen, imp = np.full(300, 0.9), np.linspace(0, 0.5, 300)
    assert tar_at_far(gen, imp, 0.01).measurable  # 300 >= 3 / 1%
    r = tar_at_far(gen, imp, 0.001)  # needs 3,000
    assert not r.measurable
    assert r.tar is None and r.threshold is None and r.tar_ci95 is None
    assert r.impostors == 300
    assert not is_measurable(0.0001, 29_999) and is_measurable(0.0001, 30_000)


def test_wilson_interval_known_values() -> None:
    lo, hi = wilson_interval(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4) and hi == pytest.approx(0.5962, abs=1e-4)
    lo, hi = wilson_interval(0, 300)
    assert lo == 0.0 and hi == pytest.approx(0.01264, abs=1e-4)
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 0) == (0.0, 1.0)
    # more trials, narrower interval
    assert np.diff(wilson_interval(900, 1000)) < np.diff(wilson_interval(90, 100))
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_eer_of_a_symmetric_overlap() -> None:
    gen = np.array([0.6, 0.7, 0.8, 0.9])
    imp = np.array([0.1, 0.2, 0.3, 0.65])
    roc = roc_curve(gen, imp)
    e = equal_error_rate(roc)
    assert e.eer == pytest.approx(0.25)
    assert 0.6 <= e.threshold <= 0.7
    assert auc(roc) == pytest.approx(15 / 16)


def test_separated_scores_are_perfect() -> None:
    gen, imp = np.array([0.8, 0.9, 0.95]), np.array([0.1, 0.2, 0.3, 0.4])
    roc = roc_curve(gen, imp)
    assert equal_error_rate(roc).eer == pytest.approx(0.0)
    assert auc(roc) == pytest.approx(1.0)
    scores = np.concatenate([gen, imp])
    labels = np.array([1, 1, 1, 0, 0, 0, 0])
    t = best_threshold(scores, labels)
    assert 0.4 < t < 0.8 and accuracy(scores, labels, t) == 1.0


def test_fte_pairs_are_false_rejects_for_genuine_and_rejects_for_impostors() -> None:
    gen = np.array([0.9, 0.9, WORST, WORST])  # two genuine pairs failed to enrol
    imp = np.concatenate([np.linspace(0.0, 0.5, 300), [WORST] * 3])
    r = tar_at_far(gen, imp, 0.1)
    assert r.tar == pytest.approx(0.5)
    roc = roc_curve(gen, imp)
    assert roc.tar.max() == 1.0  # only at the threshold that accepts everything, WORST included
    assert roc.tar[roc.far < 1].max() == pytest.approx(0.5)


def test_kfold_uses_the_given_folds() -> None:
    scores = np.array([0.9, 0.8, 0.2, 0.1] * 5, dtype=float)
    labels = np.array([1, 1, 0, 0] * 5)
    folds, method = choose_folds(labels, [str(i // 4) for i in range(20)])
    assert method == "the CSV's fold column" and len(set(folds.tolist())) == 5
    k = kfold_accuracy(scores, labels, folds, method)
    assert k.folds == 5 and k.mean == 1.0 and k.std == 0.0


def test_kfold_threshold_is_chosen_without_the_held_out_fold() -> None:
    # fold 1's genuine pairs score like fold 0's impostors: a threshold from fold 0 fails on fold 1
    scores = np.array([0.9, 0.9, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1])
    labels = np.array([1, 1, 0, 0, 1, 1, 0, 0])
    k = kfold_accuracy(scores, labels, np.array([0, 0, 0, 0, 1, 1, 1, 1]), "test")
    assert k.mean < 1.0


def test_lfw_view2_layout_gives_ten_balanced_folds_inside_each_set() -> None:
    labels = np.array(([1] * 300 + [0] * 300) * 2)
    assert is_lfw_view2_layout(labels)
    folds, method = choose_folds(labels, None)
    assert "View-2" in method
    assert sorted(set(folds.tolist())) == list(range(10))
    for k in range(10):
        idx = np.flatnonzero(folds == k)
        assert len(idx) == 120 and labels[idx].sum() == 60
        assert len({int(i) // 600 for i in idx}) == 1  # within one set
    shuffled = labels.copy()
    shuffled[[0, 300]] = shuffled[[300, 0]]
    assert not is_lfw_view2_layout(shuffled)
    assert "stratified" in choose_folds(shuffled, None)[1]


def test_stratified_folds_balance_classes() -> None:
    labels = np.array([1, 0] * 300)
    folds = stratified_folds(labels, 10)
    for k in range(10):
        assert labels[folds == k].sum() == 30 and (folds == k).sum() == 60
