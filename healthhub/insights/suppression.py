"""Small-number suppression for readers who must not be able to pick out a patient.

The ICB sees every practice's figures but no patient detail, so a group of one or two requests
must not show its count, share or median: on a single day at a single practice, "Unable to contact
100%" of one request is one patient's story. Hub and practice staff, who see the requests
themselves, get exact figures.
"""

# NHS England's small-number suppression practice for published statistics: counts from 1 to 4
# are not published, nor anything derived from a group of fewer than 5. The one place this is set.
SMALL_NUMBER_LIMIT = 5

SUPPRESSED_TEXT = f"suppressed: fewer than {SMALL_NUMBER_LIMIT}"
# A share, interval or median withheld in the CSV: a word, so it is not misread as a figure.
SUPPRESSED_CSV = "suppressed"
SUPPRESSION_NOTE = (
    f"Counts from 1 to {SMALL_NUMBER_LIMIT - 1} are shown as fewer than {SMALL_NUMBER_LIMIT} to protect "
    f"patients' privacy. Percentages, confidence intervals and medians of fewer than {SMALL_NUMBER_LIMIT} "
    "requests are not shown."
)


class FewerThanLimit:
    """A suppressed count. It holds no value, so no template or download can show one."""

    csv_text = f"<{SMALL_NUMBER_LIMIT}"

    def __str__(self) -> str:
        return f"fewer than {SMALL_NUMBER_LIMIT}"

    def __bool__(self) -> bool:
        return True  # a suppressed count is still at least 1

    def __repr__(self) -> str:
        return f"FewerThanLimit({SMALL_NUMBER_LIMIT})"


FEWER_THAN_LIMIT = FewerThanLimit()


def is_small(count: int) -> bool:
    return 0 < count < SMALL_NUMBER_LIMIT


def shown_count(count: int, exact: bool) -> int | FewerThanLimit:
    """The count as this reader may see it; zero is never suppressed."""
    return count if exact or not is_small(count) else FEWER_THAN_LIMIT


def withholds_share(count: int, total: int, exact: bool) -> bool:
    """A share of a small group is withheld, and so is one whose count is suppressed, since the
    percentage and the total would give the count back."""
    return not exact and (is_small(total) or is_small(count))


def withholds_median(group_size: int, exact: bool) -> bool:
    """A median of one to four closed requests is close to one patient's own waiting time."""
    return not exact and is_small(group_size)
