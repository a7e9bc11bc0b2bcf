"""Small-cell suppression: the one place that decides which figures a donor or the public may see.

Women human rights defenders are at risk when a figure points at one group: "1 grant in
Burundi on protection" can name her. So every cell counting 1 to 4 grants, organisations or
reports is hidden (zero counts nobody and is shown).

Hiding a cell is not enough when the table shows its total: total − the visible rows gives
the hidden row back. We use **complementary suppression** rather than hiding totals, because
the fund's totals are public anyway on the funding status (committed, disbursed…), so a hidden
total would protect nothing: within a table, further rows (the smallest first) are hidden until
the hidden rows together count at least `MIN_COUNT`, so subtracting yields only a group of five
or more, never one small cell. A total that itself counts fewer than five is hidden too.
"""
from dataclasses import dataclass

#: Fewer than this many grants, organisations or reports in a cell: the cell is hidden.
MIN_COUNT = 5


@dataclass(frozen=True)
class Hidden:
    """A suppressed cell: `reason` is "small" (the cell counts 1–4) or "protects" (hidden so a
    small neighbour cannot be recovered from the total). Files write `token`."""

    reason: str

    @property
    def token(self):
        return "suppressed"

    def __str__(self):
        return self.token


SMALL = Hidden("small")
PROTECTS = Hidden("protects")


def is_small(count):
    """True for 1–4: a group small enough to point at someone."""
    return 0 < int(count or 0) < MIN_COUNT


def hidden_rows(counts):
    """{row index: Hidden} for rows with these counts, complementary rows included.

    Small rows are hidden; then, while the hidden rows together count 1–4, the smallest
    visible non-empty row is hidden as well (ties: the later row), so no subtraction from a
    total recovers a small group.
    """
    hidden = {index: SMALL for index, count in enumerate(counts) if is_small(count)}
    visible = sorted((index for index, count in enumerate(counts) if index not in hidden and count),
                     key=lambda index: (counts[index], -index))
    while visible and is_small(sum(counts[index] for index in hidden)):
        hidden[visible.pop(0)] = PROTECTS
    return hidden


def share_hidden(part, whole):
    """A share "k of n" (as a count or a percentage) is hidden when k or n − k is a small group:
    "96 % women-led" of 100 says 4 groups are not."""
    return is_small(whole) or is_small(part) or is_small(int(whole or 0) - int(part or 0))
