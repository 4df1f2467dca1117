"""Report statistics against published worked examples, and their properties for any input."""

import statistics as python_statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthhub.clinical.statistics import Z_95, median, rounded_percentages, wilson_interval


@pytest.mark.parametrize(
    ("successes", "trials", "lower", "upper"),
    [
        # Newcombe RG, Stat Med 1998;17:857-872, table II, method 3 (Wilson score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # Symmetry of the last two: 20/20 and 28/29.
        (20, 20, 0.8389, 1.0),
        (28, 29, 0.8282, 0.9939),
    ],
)
def test_wilson_interval_matches_newcombes_worked_examples(successes, trials, lower, upper):
    assert wilson_interval(successes, trials) == (pytest.approx(lower, abs=5e-5), pytest.approx(upper, abs=5e-5))


def test_wilson_interval_uses_the_fingertips_z_value():
    assert Z_95 == 1.959964
    # A wider z gives a wider interval: the z argument is used, not ignored.
    narrow, wide = wilson_interval(50, 100), wilson_interval(50, 100, z=2.575829)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


@pytest.mark.parametrize(("successes", "trials"), [(0, 0), (-1, 5), (6, 5)])
def test_wilson_interval_refuses_impossible_counts(successes, trials):
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)


@given(st.integers(min_value=1, max_value=10_000_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_lies_in_0_to_1_and_contains_the_observed_share(counts):
    successes, trials = counts
    lower, upper = wilson_interval(successes, trials)
    assert 0.0 <= lower <= successes / trials <= upper <= 1.0
    assert lower < upper


@given(st.integers(min_value=1, max_value=100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_is_symmetric_between_successes_and_failures(counts):
    successes, trials = counts
    lower, upper = wilson_interval(successes, trials)
    mirror_lower, mirror_upper = wilson_interval(trials - successes, trials)
    assert lower == pytest.approx(1 - mirror_upper, abs=1e-12)
    assert upper == pytest.approx(1 - mirror_lower, abs=1e-12)


def test_median_of_odd_and_even_counts():
    assert median([48, 2, 24]) == 24
    assert median([2, 24, 48, 4]) == 14  # the mean of the middle two, as percentile_cont(0.5) gives
    assert median([7.5]) == 7.5


def test_median_of_nothing_is_refused():
    with pytest.raises(ValueError):
        median([])


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=200))
def test_median_agrees_with_pythons(values):
    assert median(values) == pytest.approx(python_statistics.median(values))


def test_rounded_percentages_of_the_hubs_first_12_weeks_add_to_100():
    # Seed 003: 3,955 eConsults; counts consistent with the shares the hub published.
    counts = [2096, 1305, 158, 119, 79, 79, 79, 28, 12]
    shares = rounded_percentages(counts)
    assert sum(shares) == Decimal("100.0")
    assert shares[0] == Decimal("53.0") and shares[-1] == Decimal("0.3")


def test_rounded_percentages_split_a_three_way_tie_to_100():
    assert rounded_percentages([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]


def test_rounded_percentages_of_nothing_are_zero():
    assert rounded_percentages([0, 0, 0]) == [Decimal("0.0")] * 3


def test_rounded_percentages_refuse_negative_counts():
    with pytest.raises(ValueError):
        rounded_percentages([3, -1])


@given(st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=12).filter(sum),
       st.integers(min_value=0, max_value=3))
def test_rounded_percentages_always_add_to_100_and_stay_within_one_step_of_the_exact_share(counts, decimals):
    shares = rounded_percentages(counts, decimals)
    step = Decimal(1).scaleb(-decimals)
    assert sum(shares) == Decimal(100)
    total = sum(counts)
    for count, share in zip(counts, shares, strict=True):
        exact = Decimal(count * 100) / Decimal(total)
        assert abs(share - exact) < step
        if count == 0:
            assert share == 0
