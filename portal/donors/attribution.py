"""Donor attribution: which contributions fund a commitment, so a donor sees what her money reached.

A pure function, with no database and no ledger: the caller (the commitment service) reads the
contributions that still hold unattributed money, asks `attribute` how to divide the amount,
and records the answer in the same money transaction as the commitment. Keeping the rule pure
keeps it exact and testable with properties (tests/donors/test_attribution.py).

The rule (DESIGN.md, "Donor attribution"): soft earmarks are honoured first, then pooled
money is shared fairly.

1. Contributions whose earmark matches the commitment's call, country or theme pay first,
   pro rata to what each still has: the donor asked for exactly this, so her money goes here
   before anyone else's.
2. Whatever those cannot cover comes from unearmarked contributions, pro rata: pooled money is
   pooled, so no single donor is drawn down before the others.
3. A contribution earmarked to something else is never used: a soft earmark is a preference, and
   spending it elsewhere while it still waits for its target would betray it.

All amounts are integer minor units in the fund's currency (contributions in other currencies
are attributed at the amount that reached the fund). Splits go through `money.split`
(largest remainder), so parts always sum exactly to the amount and each is within one minor
unit of its exact pro-rata share.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal import money
from portal.domain import DomainError


@dataclass(frozen=True)
class Target:
    """What a commitment funds: its call, the grantee's country (ISO 3166-1) and the theme."""

    call_id: int | None = None
    country: str | None = None
    theme: str | None = None

    def matches(self, kind, value):
        """True when an earmark `(kind, value)` points at this target (values compared as text,
        because earmark values are stored as text: a call id "12" matches call 12)."""
        wanted = {"call": self.call_id, "country": self.country, "theme": self.theme}.get(kind)
        return wanted is not None and value is not None and str(wanted) == str(value)


@dataclass(frozen=True)
class Available:
    """A contribution with money not yet attributed to any commitment (fund currency, minor units)."""

    contribution_id: int
    available_minor: int
    earmark_kind: str | None = None
    earmark_value: str | None = None

    @property
    def earmarked(self):
        return self.earmark_kind is not None


class AttributionShortfall(DomainError):
    """The contributions that may fund this target hold less than the amount to commit.

    `details` carries `needed` and `available` (minor units) for the finance officer.
    """


def attribute(amount_minor: int, target: Target, contributions) -> list[tuple[int, int]]:
    """[(contribution id, minor units)] summing exactly to `amount_minor`.

    Matching earmarks first (pro rata), then unearmarked money (pro rata), never foreign
    earmarks. Contributions that give nothing are left out; the order follows the input.
    Raises AttributionShortfall when matching and unearmarked money together fall short, and
    ValueError for impossible input (a negative amount or availability, a repeated id).
    """
    amount_minor = _whole(amount_minor, "amount")
    contributions = list(contributions)
    seen = set()
    for contribution in contributions:
        _whole(contribution.available_minor, "available amount")
        if contribution.contribution_id in seen:
            raise ValueError(f"contribution {contribution.contribution_id} listed twice")
        seen.add(contribution.contribution_id)

    matching = [c for c in contributions if c.earmarked and target.matches(c.earmark_kind, c.earmark_value)]
    pooled = [c for c in contributions if not c.earmarked]
    usable = sum(c.available_minor for c in matching) + sum(c.available_minor for c in pooled)
    if amount_minor > usable:
        raise AttributionShortfall(_l("There is not enough money for this."), needed=amount_minor, available=usable)

    parts = {}
    from_matching = min(amount_minor, sum(c.available_minor for c in matching))
    parts.update(_pro_rata(from_matching, matching))
    parts.update(_pro_rata(amount_minor - from_matching, pooled))
    return [(c.contribution_id, parts[c.contribution_id]) for c in contributions if parts.get(c.contribution_id)]


def _pro_rata(amount, contributions):
    """Split `amount` by what each contribution has; never more than it has, because
    amount ≤ total makes each exact share ≤ its weight, and largest-remainder rounding only
    rounds a fractional share up to the next integer, which is still ≤ that weight."""
    if amount == 0:
        return {}
    weights = [c.available_minor for c in contributions]
    return dict(zip((c.contribution_id for c in contributions), money.split(amount, weights)))


def _whole(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a non-negative integer of minor units: {value!r}")
    return value
