"""Small-cell suppression: the one place that decides which figures a donor or the public may see.

Women human rights defenders are at risk when a figure points at one group: "1 grant in
Burundi on protection" can name her. So every cell counting 1 to 4 grants, organisations or
reports is hidden (zero counts nobody and is shown).

Hiding a cell is not enough: its category's name says a small group is there, and the table's
total minus the visible rows gives the hidden figure back. So small rows are never shown on their
own: `tables.counted_rows` adds them up into one row, "Other categories, combined", and when
they add up to fewer than five the smallest other rows join them until the combined row counts
at least `MIN_COUNT` (if the whole table counts fewer, every figure is hidden). Totals stay
shown: the fund's totals are public anyway on the funding status (committed, disbursed…).
"""
from dataclasses import dataclass

#: Fewer than this many grants, organisations or reports in a cell: the cell is hidden.
MIN_COUNT = 5


@dataclass(frozen=True)
class Hidden:
    """A suppressed cell: `reason` is "small" (it counts 1–4 grants, organisations or reports).
    Files write `token`."""

    reason: str

    @property
    def token(self):
        return "suppressed"

    def __str__(self):
        return self.token


SMALL = Hidden("small")


def is_small(count):
    """True for 1–4: a group small enough to point at someone."""
    return 0 < int(count or 0) < MIN_COUNT


def hidden_rows(counts):
    """The indexes of the rows with these counts that may not be shown on their own.

    Small rows; then, while they add up to 1–4, the smallest visible non-empty row as well
    (ties: the later row), so that together they count at least `MIN_COUNT`.
    """
    hidden = {index for index, count in enumerate(counts) if is_small(count)}
    visible = sorted((index for index, count in enumerate(counts) if index not in hidden and count),
                     key=lambda index: (counts[index], -index))
    while visible and is_small(sum(counts[index] for index in hidden)):
        hidden.add(visible.pop(0))
    return hidden


def share_hidden(part, whole):
    """A share "k of n" (as a count or a percentage) is hidden when k or n − k is a small group:
    "96 % women-led" of 100 says 4 groups are not."""
    return is_small(whole) or is_small(part) or is_small(int(whole or 0) - int(part or 0))
