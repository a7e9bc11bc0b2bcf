"""Report reminders: before and after the due date, content-free, in each person's language.

Each reminder is one `Reminder` row (UNIQUE report, kind, person) inserted first; only the run
whose insert succeeded queues the email, in the same transaction (an outbox), under a key
made from the row's id. So a second or concurrent run sends nothing more, a crash after the
commit loses nothing (the queued email is recovered), and a failed send is retried by the mail
job without ever writing a second reminder.

A day the job did not run is caught up: each report gets the latest reminder whose day has
come and that it has not had yet (never a pile of them).
"""
from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from portal import jobs, mail
from portal.accounts.services import organisation_members
from portal.db import get_session
from portal.grants.models import GrantShare
from portal.jobs.once import insert_once
from portal.jobs.services import status_of
from portal.reports.models import Reminder, Report
from portal.reports.states import WRITABLE
from portal.types import utcnow

reports_group = AppGroup("reports", help="Light-touch reporting.")


def reminder_kind(due_on, today, *, before, after):
    """The latest reminder due for a report on `today` ("before:7", "after:14"), or None."""
    ahead = (due_on - today).days
    if ahead >= 0:
        passed = [days for days in before if ahead <= days]
        return f"before:{min(passed)}" if passed else None
    passed = [days for days in after if -ahead >= days]
    return f"after:{max(passed)}" if passed else None


def reports_to_remind(session, today, *, before, after):
    """(report, kind) for every report still to be written whose reminder day has come."""
    horizon = today + timedelta(days=max(before, default=0))
    reports = session.exec(select(Report).where(Report.status.in_(WRITABLE), Report.due_on <= horizon)
                           .order_by(Report.due_on, Report.id)).all()
    found = []
    for report in reports:
        kind = reminder_kind(report.due_on, today, before=before, after=after)
        if kind is not None:
            found.append((report, kind))
    return found


def lead_members(session, report):
    """The people of the grant's lead organisation (the one that sends the report)."""
    lead = session.exec(select(GrantShare.organisation_id).where(
        GrantShare.grant_id == report.grant_id, GrantShare.is_lead == True)).first()  # noqa: E712
    return organisation_members(session, lead) if lead is not None else []


def remind(*, session, report, kind, user):
    """Record and queue one reminder; False when this person already had it. Commits."""
    reminder_id = insert_once(session, Reminder, {"report_id": report.id, "kind": kind, "user_id": user.id,
                                                  "sent_at": utcnow()}, ("report_id", "kind", "user_id"))
    if reminder_id is not None:
        link = current_app.config["BASE_URL"] + f"/reports/{report.id}"
        mail.send_template(to=user.email, locale=user.locale, template="reports/reminder", link=link,
                           key=f"mail:reminder:{reminder_id}", session=session)
    session.commit()  # the email is handed over once the reminder is stored
    return reminder_id is not None


@jobs.job("reports.send_reminders")
def send_reminders(*, today):
    """Send the reminders due on `today` (ISO date); returns how many were sent."""
    session, config = get_session(), current_app.config
    due = reports_to_remind(session, date.fromisoformat(today), before=config["REPORT_REMINDER_DAYS_BEFORE"],
                            after=config["REPORT_REMINDER_DAYS_AFTER"])
    sent = 0
    for report, kind in due:
        for user in lead_members(session, report):
            sent += remind(session=session, report=report, kind=kind, user=user)
    current_app.logger.info("report reminders for %s: %d sent", today, sent)
    return sent


@reports_group.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to remind for (default: today, UTC).")
def remind_command(today):
    """Queue today's report reminders (once per day: running it again changes nothing)."""
    day = (today.date() if today else utcnow().date()).isoformat()
    key = jobs.enqueue("reports.send_reminders", key=f"reports.remind:{day}", today=day)
    click.echo(f"{key}: {status_of(get_session(), key)}")
