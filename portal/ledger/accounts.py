"""Account names: one place that spells them, so every posting and query agrees.

Per fund (in the fund's currency): unallocated, committed, disbursed and spent (reported
expenditure) per grant share, fees, FX rounding. Outside the funds: money entering from donors and the FX conversion accounts,
one per currency.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class AccountRef:
    """An account to post to, created on first use."""

    code: str
    kind: str
    currency: str
    fund_id: int | None = None


def donor_money(currency):
    """Money entering from donors (external: may go negative)."""
    return AccountRef(f"external:donor:{currency}", "external", currency)


def fx(source_currency, target_currency, currency):
    """The conversion desk between two currencies, in one of them (external)."""
    return AccountRef(f"fx:{source_currency}/{target_currency}:{currency}", "external", currency)


def unallocated(fund):
    return AccountRef(f"fund:{fund.id}:unallocated", "unallocated", fund.currency, fund.id)


def fees(fund):
    return AccountRef(f"fund:{fund.id}:fees", "fees", fund.currency, fund.id)


def rounding(fund):
    """The difference between the amount at the stated rate and what the bank credited (may be
    negative: a gain or loss on exchange, not money the fund holds)."""
    return AccountRef(f"fund:{fund.id}:fx_rounding", "rounding", fund.currency, fund.id)


def committed(fund, share_id):
    return AccountRef(f"fund:{fund.id}:committed:{share_id}", "committed", fund.currency, fund.id)


def disbursed(fund, share_id):
    return AccountRef(f"fund:{fund.id}:disbursed:{share_id}", "disbursed", fund.currency, fund.id)


def spent(fund, share_id):
    """What the grantee reported spending of the money paid to her share (accepted reports)."""
    return AccountRef(f"fund:{fund.id}:spent:{share_id}", "spent", fund.currency, fund.id)
