"""`flask stripe reconcile`: apply Stripe events the webhook missed (endpoint down, secret rotated).

Safe to run at any time and as often as wanted: each event goes through the same exactly-once
path as a webhook delivery, so an event already recorded is reported and skipped. Runs here
with a progress bar, or as the background job "stripe.reconcile" (`--queue`, e.g. from cron).
"""
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from portal import jobs
from portal.db import get_session
from portal.donors.models import Contribution
from portal.jobs.services import status_of
from portal.payments import events, stripe_adapter
from portal.payments.webhooks import RETRY_LATER, process_event
from portal.progress import note, progress
from portal.types import utcnow

stripe_group = AppGroup("stripe", help="Card giving through Stripe.")


class EventsPostponed(Exception):
    """Some events could not be applied yet (Stripe has not settled them): try again later."""


def reconcile_stripe(*, days, echo, events_of=lambda found: found):
    """Apply recent Stripe events not yet recorded, and report paid sessions still pledged.

    `echo` receives one line per finding; `events_of` may wrap the event list (a progress bar).
    Returns how many events could not be applied yet.
    """
    since = time.time() - days * 86400
    applied = postponed = 0
    for event in events_of(stripe_adapter.recent_events(events.HANDLED, since)):
        try:
            outcome, first = process_event(event)
        except RETRY_LATER as error:
            echo(f"{event['id']} {event['type']}: not applied, Stripe settlement not readable ({error})")
            postponed += 1
            continue
        applied += first
        echo(f"{event['id']} {event['type']}: {outcome if first else 'already recorded'}")
    echo(f"{applied} event(s) applied")
    session = get_session()
    for checkout in stripe_adapter.recent_checkout_sessions(since):
        if checkout.get("payment_status") != "paid":
            continue
        contribution = session.exec(select(Contribution).where(Contribution.stripe_session_id == checkout["id"])).first()
        if contribution is not None and contribution.status == "pledged":
            echo(f"paid on Stripe but not booked: contribution {contribution.id} "
                 f"(session {checkout['id']}, flag {contribution.flag or 'none'})")
    return postponed


@jobs.job("stripe.reconcile")
def reconcile_job(*, days=3):
    """The reconciliation as a background job: findings go to the log; events Stripe has not
    settled yet make the job fail, so it is retried with backoff."""
    if not stripe_adapter.enabled():
        raise RuntimeError("Stripe is not configured")
    postponed = reconcile_stripe(days=days, echo=current_app.logger.info)
    if postponed:
        raise EventsPostponed(f"{postponed} event(s) not settled yet")


@stripe_group.command("reconcile")
@click.option("--days", default=3, show_default=True, type=click.IntRange(1, 30),
              help="How far back to look (Stripe keeps events for 30 days).")
@click.option("--queue", "as_job", is_flag=True,
              help="Run it as a background job (retried with backoff; at most once an hour) instead of here.")
def reconcile(days, as_job):
    """List recent Stripe events, apply those not yet recorded, and report paid sessions still pledged."""
    if not stripe_adapter.enabled():
        raise click.ClickException("Stripe is not configured (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).")
    if as_job:
        key = jobs.enqueue("stripe.reconcile", key=f"stripe.reconcile:{utcnow():%Y-%m-%dT%H}", days=days)
        click.echo(f"{key}: {status_of(get_session(), key)}")
        return

    def with_progress(found):
        with progress(found, label="Stripe events") as bar:
            yield from bar

    reconcile_stripe(days=days, echo=note, events_of=with_progress)
