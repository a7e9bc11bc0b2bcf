"""`flask stripe reconcile`: apply Stripe events the webhook missed (endpoint down, secret rotated).

Safe to run at any time and as often as wanted: each event goes through the same exactly-once
path as a webhook delivery, so an event already recorded is reported and skipped.
"""
import time

import click
from flask.cli import AppGroup
from sqlmodel import select

from portal.db import get_session
from portal.donors.models import Contribution
from portal.payments import events, stripe_adapter
from portal.payments.webhooks import RETRY_LATER, process_event

stripe_group = AppGroup("stripe", help="Card giving through Stripe.")


@stripe_group.command("reconcile")
@click.option("--days", default=3, show_default=True, type=click.IntRange(1, 30),
              help="How far back to look (Stripe keeps events for 30 days).")
def reconcile(days):
    """List recent Stripe events, apply those not yet recorded, and report paid sessions still pledged."""
    if not stripe_adapter.enabled():
        raise click.ClickException("Stripe is not configured (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).")
    since = time.time() - days * 86400
    applied = 0
    for event in stripe_adapter.recent_events(events.HANDLED, since):
        try:
            outcome, first = process_event(event)
        except RETRY_LATER as error:
            click.echo(f"{event['id']} {event['type']}: not applied, Stripe settlement not readable ({error})")
            continue
        applied += first
        click.echo(f"{event['id']} {event['type']}: {outcome if first else 'already recorded'}")
    click.echo(f"{applied} event(s) applied")
    session = get_session()
    for checkout in stripe_adapter.recent_checkout_sessions(since):
        if checkout.get("payment_status") != "paid":
            continue
        contribution = session.exec(select(Contribution).where(Contribution.stripe_session_id == checkout["id"])).first()
        if contribution is not None and contribution.status == "pledged":
            click.echo(f"paid on Stripe but not booked: contribution {contribution.id} "
                       f"(session {checkout['id']}, flag {contribution.flag or 'none'})")
