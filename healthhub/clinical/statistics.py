"""Statistics for the hub's reports, computed the way Public Health England / OHID Fingertips do
(DOMAIN.md section 7): proportions carry a 95% Wilson score interval.

Pure functions with no framework imports, so they can be checked against published worked
examples.

Sources:
- Wilson EB. Probable inference, the law of succession, and statistical inference.
  J Am Stat Assoc 1927;22:209-212.
- Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
  methods. Stat Med 1998;17:857-872 (worked examples 81/263, 15/148, 0/20, 1/29).
- Public Health England. Technical Guide: Confidence Intervals (Fingertips), z = 1.959964.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from math import floor, sqrt

# The 97.5th centile of the standard normal distribution, as Fingertips uses it.
Z_95 = 1.959964


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for the proportion successes / trials, as fractions of 1.

    Unlike the simple p ± z·SE interval it never leaves [0, 1] and still behaves for small
    counts and for shares near 0% or 100%, which is where most of the hub's outcomes sit.
    """
    if trials <= 0:
        raise ValueError("A proportion needs at least one trial")
    if not 0 <= successes <= trials:
        raise ValueError("Successes must be between 0 and the number of trials")
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half_width = (z / denominator) * sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # At 0 and at n the bounds are exactly 0 and 1; floating point would leave a hair either side.
    lower = 0.0 if successes == 0 else max(0.0, centre - half_width)
    upper = 1.0 if successes == trials else min(1.0, centre + half_width)
    return lower, upper


def median(values: Iterable[float]) -> float:
    """The middle value; for an even count, the mean of the two middle values (as PostgreSQL's
    percentile_cont(0.5) gives it)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("The median of no values is undefined")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def rounded_percentages(counts: Sequence[int], decimals: int = 1) -> list[Decimal]:
    """Each count's share of the total as a percentage, rounded so the shown figures add up to
    exactly 100 (largest remainder method): a table whose shares add to 99.9% looks wrong and
    invites the question which figure is.

    All zeros when the total is zero.
    """
    if any(count < 0 for count in counts):
        raise ValueError("Counts cannot be negative")
    total = sum(counts)
    step = Decimal(1).scaleb(-decimals)
    if total == 0:
        return [Decimal(0).quantize(step) for _ in counts]
    units = 100 * 10**decimals
    exact = [Fraction(count * units, total) for count in counts]
    whole = [floor(share) for share in exact]
    left_over = units - sum(whole)
    # Hand the remaining units to the largest remainders; ties go to the earlier (larger) row.
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - whole[i]), i))
    for index in by_remainder[:left_over]:
        whole[index] += 1
    return [(Decimal(share) * step).quantize(step) for share in whole]
