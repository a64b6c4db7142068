"""The liveness operating-point rule and its exact binomial intervals."""

from __future__ import annotations

import math

import pytest

from app.evaluation.liveness_point import choose_operating_point, clopper_pearson, error_rates


def test_clopper_pearson_known_values() -> None:
    # 0 of n: the upper bound is 1 - (alpha/2)^(1/n); 5 of 100: (1.64%, 11.28%) (R binom.test)
    lo, hi = clopper_pearson(0, 148)
    assert lo == 0.0 and hi == pytest.approx(1 - 0.025 ** (1 / 148), abs=1e-9)
    lo, hi = clopper_pearson(5, 100)
    assert lo == pytest.approx(0.01643, abs=1e-4) and hi == pytest.approx(0.11284, abs=1e-4)
    assert clopper_pearson(10, 10)[1] == 1.0 and clopper_pearson(0, 0) == (0.0, 1.0)
    lo, hi = clopper_pearson(30, 10_000)  # large n: log space, no overflow
    assert lo < 0.003 < hi < 0.005
    with pytest.raises(ValueError):
        clopper_pearson(11, 10)


def test_feasible_targets_give_the_log_odds_middle_of_the_interval() -> None:
    attacks = [0.01 * i for i in range(1, 101)]  # 0.01 .. 1.00: 100 attacks
    attacks = [a * 0.3 for a in attacks]  # 0.003 .. 0.30
    live = [0.6 + 0.004 * i for i in range(100)]  # 0.60 .. 0.996
    point = choose_operating_point(live, attacks, apcer=0.01, bpcer=0.05)
    # k_a = 1: the 2nd highest attack (0.297) may not be accepted; k_l = 5: the 6th lowest live (0.62)
    assert point.feasible and point.attack_bound == pytest.approx(0.297)
    assert point.live_bound == pytest.approx(0.62)
    mid = 1 / (1 + math.exp(-(math.log(0.297 / 0.703) + math.log(0.62 / 0.38)) / 2))
    assert point.threshold == pytest.approx(mid, abs=1e-4)
    assert point.apcer.errors == 0 and point.bpcer.errors == 0 and point.targets_met


def test_infeasible_targets_keep_the_apcer_target_and_say_so() -> None:
    """Attacker: overlapping scores. A rule that balanced the two errors would accept attacks."""
    attacks = [0.1] * 90 + [0.7] * 10  # 10% of the attacks score high
    live = [0.5] * 50 + [0.9] * 50
    point = choose_operating_point(live, attacks, apcer=0.01, bpcer=0.05)
    assert not point.feasible and not point.targets_met
    assert point.threshold > 0.7 and point.apcer.errors == 0
    assert point.bpcer.errors == 50  # the price, reported


def test_ties_at_the_bound_are_never_accepted() -> None:
    """Attacker: k_a+1 attacks share the bound's score; the threshold must lie strictly above it."""
    attacks = [0.4] * 3 + [0.1] * 97
    live = [0.4] * 10 + [0.95] * 90  # live faces at the same score: no room between them
    point = choose_operating_point(live, attacks, apcer=0.01, bpcer=0.05)
    apcer, _ = error_rates(live, attacks, point.threshold)
    assert point.threshold > 0.4 and apcer.errors == 0 <= math.floor(0.01 * 100)


def test_error_rates_count_at_and_below_the_threshold() -> None:
    apcer, bpcer = error_rates([0.5, 0.49], [0.5, 0.2], 0.5)
    assert (apcer.errors, apcer.trials, bpcer.errors, bpcer.trials) == (1, 2, 1, 2)
    assert "50.0% (1/2, 95% CI" in apcer.text()


def test_needs_both_classes_and_sane_targets() -> None:
    with pytest.raises(ValueError):
        choose_operating_point([], [0.1])
    with pytest.raises(ValueError):
        choose_operating_point([0.9], [0.1], apcer=1.5)
