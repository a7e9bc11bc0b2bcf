"""Jobs without Redis: the same claim, retries and failure records, run in the caller's process."""
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from factories import make_staff
from helpers import post_form, sign_in
from portal import jobs
from portal.db import engine
from portal.jobs import runner, services
from portal.jobs.models import JobRun
from portal.types import utcnow
from tests.jobs.support import job_run


def test_a_key_enqueued_twice_runs_once(job_app, mailbox):
    with job_app.app_context():
        jobs.enqueue("test.mail_once", key="once-only", to="a@example.org")
        jobs.enqueue("test.mail_once", key="once-only", to="a@example.org")
        runner.run("once-only", final=True)  # run again by hand: already done, does nothing
    run = job_run(job_app, "once-only")
    assert len(mailbox) == 1 and mailbox[0]["To"] == "a@example.org"
    assert (run.status, run.attempts, run.payload) == ("done", 1, {})  # the address does not stay


def test_each_enqueue_without_a_key_is_its_own_job(job_app, mailbox):
    with job_app.app_context():
        first = jobs.enqueue("test.mail_once", to="a@example.org")
        second = jobs.enqueue("test.mail_once", to="a@example.org")
    assert first != second and len(mailbox) == 2


def test_a_failing_job_is_retried_then_failed_without_the_address_and_without_raising(job_app, tmp_path, mailbox):
    with job_app.app_context():
        jobs.enqueue("test.fail_until", key="stubborn", to="amina@example.org", flag=str(tmp_path / "never"))
    run = job_run(job_app, "stubborn")
    assert (run.status, run.attempts) == ("failed", 3)  # first try + JOB_RETRIES
    assert run.last_error == "RuntimeError: cannot reach <address> yet"
    assert run.payload["to"] == "amina@example.org"  # kept so that an admin can retry it
    assert mailbox == []


def test_enqueued_with_a_session_the_job_waits_for_its_commit_and_vanishes_on_rollback(job_app, mailbox):
    with job_app.app_context(), Session(engine()) as session:
        jobs.enqueue("test.mail_once", key="rolled-back", session=session, to="a@example.org")
        session.rollback()
        jobs.enqueue("test.mail_once", key="committed", session=session, to="b@example.org")
        assert mailbox == [] and job_run(job_app, "committed") is None  # nothing visible before the commit
        session.commit()
    assert job_run(job_app, "rolled-back") is None
    assert [message["To"] for message in mailbox] == ["b@example.org"]


def test_a_run_whose_record_is_missing_is_a_quiet_no_op(job_app):
    with job_app.app_context():
        assert runner.run("never-enqueued", final=True) is None


def test_a_run_abandoned_mid_way_is_recovered_and_completes_once(job_app, mailbox):
    with job_app.app_context(), Session(engine()) as session:
        session.add(JobRun(key="orphan", name="test.mail_once", status="running", attempts=1,
                           payload={"to": "a@example.org"}, started_at=utcnow() - timedelta(minutes=5)))
        session.commit()
        try:
            runner.run("orphan", final=True)  # its lease (JOB_TIMEOUT) has not expired: busy
        except runner.JobBusy:
            pass
        assert mailbox == []
        session.execute(update(JobRun).where(JobRun.key == "orphan")
                        .values(started_at=utcnow() - timedelta(hours=1), updated_at=utcnow() - timedelta(hours=1)))
        session.commit()
        assert services.recover_abandoned(session=session) == ["orphan"]
        session.commit()
        assert services.recover_abandoned(session=session) == []
        session.commit()
    assert len(mailbox) == 1 and job_run(job_app, "orphan").attempts == 2


def test_admins_see_failed_jobs_and_retry_them(job_app, client, db, tmp_path, mailbox):
    make_staff(db, email="admin@example.org", roles=("admin",))
    db.commit()
    flag = tmp_path / "ready"
    with job_app.app_context():
        jobs.enqueue("test.fail_until", key="retry-me", to="amina@example.org", flag=str(flag))
    sign_in(client, "admin@example.org")
    page = client.get("/jobs/").get_data(as_text=True)
    assert "retry-me" in page and "test.fail_until" in page and "cannot reach &lt;address&gt; yet" in page
    assert "amina@example.org" not in page

    flag.touch()
    response = post_form(client, "/jobs/retry", {"key": "retry-me"}, page="/jobs/")
    assert response.status_code == 302
    run = job_run(job_app, "retry-me")
    assert (run.status, run.attempts) == ("done", 4) and len(mailbox) == 1
    assert "retry-me" not in client.get("/jobs/").get_data(as_text=True)
    again = post_form(client, "/jobs/retry", {"key": "retry-me"}, page="/jobs/", follow_redirects=True)
    assert "This job is not waiting for a retry any more." in again.get_data(as_text=True)
    assert len(mailbox) == 1


def test_the_jobs_page_counts_runs_by_status(job_app, client, db):
    make_staff(db, email="admin@example.org", roles=("admin",))
    db.add_all([JobRun(key=f"k{n}", name="mail.send", status="done") for n in range(3)])
    db.commit()
    sign_in(client, "admin@example.org")
    with job_app.app_context(), Session(engine()) as session:
        assert services.counts_by_status(session) == {"queued": 0, "running": 0, "done": 3, "failed": 0}
    assert client.get("/jobs/").status_code == 200


def test_the_cli_retries_failed_runs_and_forgets_old_finished_ones(job_app, tmp_path, mailbox):
    flag = tmp_path / "ready"
    with job_app.app_context():
        jobs.enqueue("test.fail_until", key="cli-retry", to="a@example.org", flag=str(flag))
    flag.touch()
    runner_ = job_app.test_cli_runner()
    assert "1 job(s) queued again" in runner_.invoke(args=["jobs", "retry", "--all-failed"]).output
    assert job_run(job_app, "cli-retry").status == "done" and len(mailbox) == 1
    with job_app.app_context(), Session(engine()) as session:
        session.execute(update(JobRun).values(finished_at=utcnow() - timedelta(days=40)))
        session.commit()
    assert "1 finished job(s) forgotten" in runner_.invoke(args=["jobs", "purge", "--days", "30"]).output
    with job_app.app_context(), Session(engine()) as session:
        assert session.exec(select(JobRun)).all() == []


def test_with_redis_down_the_run_stays_queued_for_recovery_and_the_caller_goes_on(job_app, mailbox):
    job_app.config.update(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    with job_app.app_context():
        jobs.enqueue("test.mail_once", key="no-redis", to="a@example.org")
    assert job_run(job_app, "no-redis").status == "queued" and mailbox == []
