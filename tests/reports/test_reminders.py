"""Report reminders: the days they go out, who gets them, in which language, with no content,
and once per reminder however often (or however concurrently) the job runs."""
from datetime import date, timedelta

import pytest
from flask import render_template
from flask_babel import force_locale
from sqlmodel import select

from factories import make_organisation, make_user
from portal import jobs
from portal.grants.models import GrantShare
from portal.jobs.models import JobRun
from portal.reports.models import Reminder, Report
from portal.reports.reminders import reminder_kind, send_reminders
from portal.review.decisions import approve
from tests.grants.support import World

DUE = date(2026, 6, 30)
BEFORE, AFTER = (7,), (3, 14)


@pytest.fixture
def report(db):
    """A grant of the World's organisation (lead, applicant in Swahili) with a second member
    reading Arabic, a member of another organisation in the consortium, and a report due on DUE."""
    world = World(db)
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    world.applicant.locale = "sw"
    make_user(db, email="nour@example.org", name="Nour", locale="ar", organisation=world.organisation)
    partner = make_organisation(db, name="Partner group")
    make_user(db, email="partner@example.org", organisation=partner, locale="fr")
    db.add(GrantShare(grant_id=grant.id, organisation_id=partner.id, amount_minor=1, is_lead=False))
    row = Report(grant_id=grant.id, key="interim", due_on=DUE)
    db.add(row)
    db.commit()
    return row


def remind(app, day):
    """Run the reminder job for `day` directly (no key: nothing but the Reminder rows stops it)."""
    with app.app_context():
        return send_reminders(today=day.isoformat())


@pytest.mark.parametrize("today, kind", [
    (DUE - timedelta(days=8), None), (DUE - timedelta(days=7), "before:7"), (DUE - timedelta(days=2), "before:7"),
    (DUE, "before:7"), (DUE + timedelta(days=2), None), (DUE + timedelta(days=3), "after:3"),
    (DUE + timedelta(days=13), "after:3"), (DUE + timedelta(days=40), "after:14"),
])
def test_each_day_gets_the_latest_reminder_whose_day_has_come(today, kind):
    assert reminder_kind(DUE, today, before=BEFORE, after=AFTER) == kind


def test_the_job_run_twice_sends_one_content_free_email_per_member_in_her_language(app, db, report, mailbox):
    assert remind(app, DUE - timedelta(days=7)) == 2
    assert remind(app, DUE - timedelta(days=7)) == 0  # the same day again
    assert remind(app, DUE - timedelta(days=5)) == 0  # a later day with no new reminder

    by_address = {message["To"]: message for message in mailbox}
    assert sorted(by_address) == ["amina@example.org", "nour@example.org"]  # not the consortium partner
    for address, locale in (("amina@example.org", "sw"), ("nour@example.org", "ar")):
        message = by_address[address]
        with app.test_request_context(), force_locale(locale):
            expected = render_template("emails/reports/reminder.txt", link="L").strip().partition("\n")[0]
        assert message["Content-Language"] == locale and message["Subject"] == expected
        body = message.get_content()
        assert f"http://localhost/reports/{report.id}" in body
        for secret in ("Mama Amani", "Women Peacebuilders", "4,000", "4000", "interim", "USD"):
            assert secret not in message["Subject"] and secret not in body
    assert len(db.exec(select(Reminder)).all()) == 2


def test_after_the_due_date_each_reminder_goes_once_and_finished_reports_get_none(app, db, report, mailbox):
    remind(app, DUE + timedelta(days=3))
    remind(app, DUE + timedelta(days=14))
    remind(app, DUE + timedelta(days=20))
    assert sorted(db.exec(select(Reminder.kind).distinct()).all()) == ["after:14", "after:3"] and len(mailbox) == 4
    report.status = "submitted"
    db.add(report)
    db.commit()
    assert remind(app, DUE + timedelta(days=60)) == 0


def test_the_command_queues_the_job_once_per_day(app, db, report, mailbox):
    runner = app.test_cli_runner()
    day = (DUE - timedelta(days=7)).isoformat()
    first = runner.invoke(args=["reports", "remind", "--today", day])
    second = runner.invoke(args=["reports", "remind", "--today", day])
    assert first.exit_code == 0 and f"reports.remind:{day}" in first.output, first.output
    assert second.exit_code == 0 and len(mailbox) == 2
    run = db.exec(select(JobRun).where(JobRun.key == f"reports.remind:{day}")).one()
    assert (run.status, run.attempts) == ("done", 1)


def test_a_failed_send_is_retried_by_the_mail_job_without_a_second_reminder(app, db, report, mailbox):
    port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=1, JOB_RETRIES=1)  # nothing listens on port 1: every delivery fails
    assert remind(app, DUE - timedelta(days=7)) == 2
    failed = db.exec(select(JobRun).where(JobRun.name == "mail.send")).all()
    assert [run.status for run in failed] == ["failed", "failed"] and mailbox == []

    app.config["MAIL_PORT"] = port
    assert remind(app, DUE - timedelta(days=7)) == 0  # the reminders exist: nothing new is queued
    result = app.test_cli_runner().invoke(args=["jobs", "retry", "--all-failed"])
    assert "2 job(s) queued again" in result.output, result.output
    assert sorted(message["To"] for message in mailbox) == ["amina@example.org", "nour@example.org"]
    assert len(db.exec(select(Reminder)).all()) == 2


def test_a_reminder_of_a_report_that_vanished_before_its_job_ran_sends_nothing(app, db, report, mailbox):
    with app.app_context():
        jobs.enqueue("reports.send_reminders", key="remind-empty", today=(DUE - timedelta(days=30)).isoformat())
    assert mailbox == [] and db.exec(select(JobRun.status).where(JobRun.key == "remind-empty")).one() == "done"


def test_concurrent_runs_of_the_job_send_each_reminder_once(app, db, report, mailbox):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=6) as pool:
        sent = list(pool.map(lambda _: remind(app, DUE - timedelta(days=7)), range(6)))
    assert sum(sent) == 2 and len(mailbox) == 2
    assert len(db.exec(select(Reminder)).all()) == 2
