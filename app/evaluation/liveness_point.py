"""The liveness operating point: a threshold on P(live) for APCER and BPCER targets.

The rule (``docs/liveness.md``, "Operating point", fixed before it was first run): with ``n_a``
attacks and ``n_l`` live faces, at most ``k_a = floor(apcer × n_a)`` attacks may score at or
above the threshold and at most ``k_l = floor(bpcer × n_l)`` live faces below it. ``a`` is the
(k_a+1)-th highest attack score and ``l`` the (k_l+1)-th lowest live score; every ``t`` with
``a < t <= l`` meets both targets. When that interval is not empty the threshold is its middle
in log-odds; when it is empty the APCER target wins (``t`` just above ``a``) and the BPCER
target is reported as missed. Standard library only (the scores are plain floats).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DECIMALS = 4
#: scores are clipped to [EPS, 1 - EPS] before log-odds (P(live) of exactly 0 or 1 happens)
EPS = 1e-6


def clopper_pearson(errors: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval of a binomial proportion; (0, 1) without trials."""
    if trials <= 0:
        return 0.0, 1.0
    if not 0 <= errors <= trials:
        raise ValueError(f"errors must be within 0..{trials}, got {errors}")
    alpha = (1.0 - confidence) / 2.0

    def cdf(k: int, p: float) -> float:  # P(X <= k), X ~ Binomial(trials, p), in log space
        if p <= 0.0:
            return 1.0
        if p >= 1.0:
            return 1.0 if k >= trials else 0.0
        lp, lq, lg = math.log(p), math.log1p(-p), math.lgamma(trials + 1)
        return sum(
            math.exp(lg - math.lgamma(i + 1) - math.lgamma(trials - i + 1) + i * lp + (trials - i) * lq)
            for i in range(k + 1)
        )

    def solve(f: object, target: float) -> float:  # f decreasing in p: bisection
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if f(mid) > target:  # type: ignore[operator]
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    lower = 0.0 if errors == 0 else solve(lambda p: cdf(errors - 1, p), 1.0 - alpha)
    upper = 1.0 if errors == trials else solve(lambda p: cdf(errors, p), alpha)
    return lower, upper


def logit(p: float) -> float:
    p = min(1.0 - EPS, max(EPS, p))
    return math.log(p / (1.0 - p))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True, slots=True)
class ErrorRate:
    """Errors of ``trials`` at a threshold, with the 95% Clopper-Pearson interval."""

    errors: int
    trials: int

    @property
    def rate(self) -> float:
        return self.errors / self.trials if self.trials else 0.0

    @property
    def ci95(self) -> tuple[float, float]:
        return clopper_pearson(self.errors, self.trials)

    def text(self) -> str:
        lo, hi = self.ci95
        return f"{self.rate:.1%} ({self.errors}/{self.trials}, 95% CI {lo:.1%}-{hi:.1%})"


def error_rates(
    live: Sequence[float], attacks: Sequence[float], threshold: float
) -> tuple[ErrorRate, ErrorRate]:
    """(APCER, BPCER) at ``threshold``: attacks scoring >= it, live faces scoring below it."""
    apcer = ErrorRate(sum(1 for s in attacks if s >= threshold), len(attacks))
    bpcer = ErrorRate(sum(1 for s in live if s < threshold), len(live))
    return apcer, bpcer


@dataclass(frozen=True, slots=True)
class OperatingPoint:
    """The threshold the rule chose and what it gives on the data it was chosen on."""

    threshold: float
    apcer_target: float
    bpcer_target: float
    apcer: ErrorRate
    bpcer: ErrorRate
    #: the feasible interval (a, l]: ``a`` the highest attack score allowed to stay below
    attack_bound: float
    live_bound: float
    feasible: bool

    @property
    def targets_met(self) -> bool:
        return self.apcer.rate <= self.apcer_target and self.bpcer.rate <= self.bpcer_target


def _round_up(x: float) -> float:
    return math.ceil(x * 10**DECIMALS) / 10**DECIMALS


def choose_operating_point(
    live: Sequence[float], attacks: Sequence[float], apcer: float = 0.01, bpcer: float = 0.05
) -> OperatingPoint:
    """The threshold of the rule in the module docstring for the APCER and BPCER targets."""
    if not live or not attacks:
        raise ValueError("the operating point needs live faces and attacks")
    for name, value in (("apcer", apcer), ("bpcer", bpcer)):
        if not 0.0 <= value < 1.0:
            raise ValueError(f"{name} target must lie in [0, 1), got {value}")
    k_a = math.floor(apcer * len(attacks) + 1e-9)
    k_l = math.floor(bpcer * len(live) + 1e-9)
    a = sorted(attacks, reverse=True)[k_a] if k_a < len(attacks) else 0.0
    ordered_live = sorted(live)
    l_bound = ordered_live[k_l] if k_l < len(live) else 1.0
    step = 10.0**-DECIMALS
    feasible = a < l_bound
    if feasible:
        t = round(sigmoid((logit(a) + logit(l_bound)) / 2.0), DECIMALS)
        if not a < t <= l_bound:  # rounding left the interval: stay inside it
            t = min(l_bound, _round_up(a + step / 2))
        if not a < t:
            t = math.nextafter(a, 2.0)
    else:
        t = _round_up(a + step / 2)  # strictly above a: that attack is not accepted
        if not a < t:
            t = math.nextafter(a, 2.0)
    t = min(t, 1.0)
    ap, bp = error_rates(live, attacks, t)
    return OperatingPoint(
        threshold=t,
        apcer_target=apcer,
        bpcer_target=bpcer,
        apcer=ap,
        bpcer=bp,
        attack_bound=a,
        live_bound=l_bound,
        feasible=feasible,
    )


__all__ = [
    "ErrorRate",
    "OperatingPoint",
    "choose_operating_point",
    "clopper_pearson",
    "error_rates",
]
