"""Stripe events the portal has seen, so each one takes effect exactly once.

A row is written in the same money transaction as the event's effect: a crash before commit
leaves neither, and a redelivery of a recorded event changes nothing. Rows are bookkeeping about
Stripe, not money — the ledger stays the only record of money.
"""
from datetime import datetime

from sqlmodel import Field, SQLModel

from portal.types import stamped_later, stamped_now

#: What became of an event (identifiers, never translated).
OUTCOMES = (
    "received", "awaiting_payment", "failed", "refunded", "disputed", "deferred", "applied_late",
    "amount_mismatch", "flagged", "unmatched", "ignored", "already_done", "reinstated", "dispute_lost",
)


class StripeEvent(SQLModel, table=True):
    __tablename__ = "stripe_event"

    id: int | None = Field(default=None, primary_key=True)
    #: Stripe's event id ("evt_…"): the idempotency key of a webhook delivery.
    event_id: str = Field(max_length=255, unique=True)
    #: Stripe's event type, e.g. "checkout.session.completed".
    type: str = Field(max_length=100)
    #: The contribution the event is about, when we could tell.
    contribution_id: int | None = Field(default=None, foreign_key="contribution.id", index=True)
    #: The PaymentIntent the event is about: how a refund or dispute that arrived before the
    #: payment was confirmed finds its contribution later.
    payment_intent_id: str | None = Field(default=None, max_length=255, index=True)
    received_at: datetime = stamped_now()
    processed_at: datetime | None = stamped_later()
    #: One of OUTCOMES.
    outcome: str | None = Field(default=None, max_length=40, index=True)
