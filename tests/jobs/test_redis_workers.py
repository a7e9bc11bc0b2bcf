"""Jobs through Redis and real `rq` worker processes sharing the test's database.

Each test has a queue of its own (removed afterwards). Skipped with the reason when Redis is not
reachable, except under MIZANI_REQUIRE_REDIS=1 (CI).
"""
import time

from rq import Queue
from rq.registry import StartedJobRegistry

from factories import make_staff
from helpers import post_form, sign_in
from portal import jobs
from portal.jobs.queue import redis, submit
from tests.jobs.support import job_run, wait_until


def test_the_documented_rq_worker_runs_a_job_once_even_when_it_is_on_the_queue_twice(queued_app, workers, mailbox):
    with queued_app.app_context():
        jobs.enqueue("test.mail_once", key="redis-once", to="a@example.org")
        jobs.enqueue("test.mail_once", key="redis-once", to="a@example.org")  # same key: not queued again
        submit("redis-once")  # a duplicate message on the queue all the same (a recovery racing a worker)
        assert len(Queue(queued_app.config["JOB_QUEUE"], connection=redis())) == 2
    assert mailbox == [] and job_run(queued_app, "redis-once").status == "queued"

    worker = workers.start("rq", "worker", "--burst", "--url", queued_app.config["REDIS_URL"],
                           queued_app.config["JOB_QUEUE"])
    assert worker.wait(timeout=60) == 0, workers.logs()

    run = job_run(queued_app, "redis-once")
    assert (run.status, run.attempts, run.payload) == ("done", 1, {}), workers.logs()
    assert [message["To"] for message in mailbox] == ["a@example.org"]


def test_a_failing_job_is_retried_with_backoff_then_shown_to_admins_who_retry_it(queued_app, workers, client, db,
                                                                                 tmp_path, mailbox):
    make_staff(db, email="admin@example.org", roles=("admin",))
    db.commit()
    flag = tmp_path / "ready"
    workers.flask_worker()
    with queued_app.app_context():
        jobs.enqueue("test.fail_until", key="redis-stubborn", to="amina@example.org", flag=str(flag))

    run = wait_until(lambda: (r := job_run(queued_app, "redis-stubborn")).status == "failed" and r,
                     what="the last retry to fail", logs=workers.logs)
    assert run.attempts == 3  # first try + JOB_RETRIES (2)
    assert (run.finished_at - run.created_at).total_seconds() >= 2  # two waits of 1 s between tries
    sign_in(client, "admin@example.org")
    page = client.get("/jobs/").get_data(as_text=True)
    assert "redis-stubborn" in page and "cannot reach &lt;address&gt; yet" in page and "amina@" not in page

    flag.touch()
    assert post_form(client, "/jobs/retry", {"key": "redis-stubborn"}, page="/jobs/").status_code == 302
    run = wait_until(lambda: (r := job_run(queued_app, "redis-stubborn")).status == "done" and r,
                     what="the retried job", logs=workers.logs)
    assert run.attempts == 4 and len(mailbox) == 1
    assert "redis-stubborn" not in client.get("/jobs/").get_data(as_text=True)


def test_a_worker_killed_mid_job_is_recovered_and_the_job_completes_exactly_once(queued_app, workers, tmp_path,
                                                                                 mailbox):
    queued_app.config.update(JOB_TIMEOUT=4, JOB_RETRY_INTERVALS=(0,))
    flag = tmp_path / "go"
    first = workers.flask_worker()
    with queued_app.app_context():
        jobs.enqueue("test.mail_once", key="redis-killed", to="a@example.org", wait_for=str(flag))
    wait_until(lambda: job_run(queued_app, "redis-killed").status == "running", what="the job to start",
               logs=workers.logs)

    workers.kill(first)  # SIGKILL to the worker, its work horse and its scheduler at once
    flag.touch()  # a job that still ran would now finish and send
    time.sleep(1)
    run = job_run(queued_app, "redis-killed")
    assert (run.status, run.attempts, mailbox) == ("running", 1, [])

    wait_until(lambda: time.time() > run.started_at.timestamp() + 4.5, what="the lease to expire")
    result = queued_app.test_cli_runner().invoke(args=["jobs", "recover"])
    assert "1 abandoned job(s) queued again" in result.output, result.output
    with queued_app.app_context():  # RQ's own clean-up also retries the abandoned message: two on the queue
        queue = Queue(queued_app.config["JOB_QUEUE"], connection=redis())
        StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 3600)
        assert len(queue) >= 2, [(job.id, job.description, job.get_status(), job.retries_left, job.enqueued_at) for job in queue.jobs]
    second = workers.flask_worker("--burst")
    assert second.wait(timeout=60) == 0, workers.logs()

    run = job_run(queued_app, "redis-killed")
    assert (run.status, run.attempts) == ("done", 2), workers.logs()
    assert [message["To"] for message in mailbox] == ["a@example.org"]
