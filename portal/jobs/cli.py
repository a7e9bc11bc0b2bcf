"""`flask jobs …`: the worker, recovery after a crash, retries and clean-up."""
import click
from flask import current_app
from flask.cli import AppGroup

from portal.db import engine, get_session
from portal.jobs import services
from portal.jobs.queue import redis

jobs_group = AppGroup("jobs", help="Background jobs (Redis + RQ when REDIS_URL is set).")


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Drain the queue, then stop.")
def worker(burst):
    """An RQ worker (with its retry scheduler) on JOB_QUEUE; first hands over abandoned runs."""
    if not current_app.config["REDIS_URL"]:
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    from rq import Worker
    _recover()
    engine().dispose()  # the work horses are forked: they must not share the parent's connections
    Worker([current_app.config["JOB_QUEUE"]], connection=redis()).work(burst=burst, with_scheduler=True)


@jobs_group.command("recover")
def recover():
    """Hand over again runs left queued or running for longer than JOB_TIMEOUT (a worker died)."""
    _recover()


def _recover():
    session = get_session()
    keys = services.recover_abandoned(session=session)
    session.commit()
    click.echo(f"{len(keys)} abandoned job(s) queued again")


@jobs_group.command("retry")
@click.argument("keys", nargs=-1)
@click.option("--all-failed", is_flag=True, help="Every run that failed after its last attempt.")
def retry(keys, all_failed):
    """Queue failed runs again, by key."""
    session = get_session()
    if all_failed:
        keys = [run.key for run in services.failed_runs(session, limit=10_000)]
    for key in keys:
        services.retry(session=session, key=key)
    session.commit()
    click.echo(f"{len(keys)} job(s) queued again")


@jobs_group.command("purge")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1))
def purge(days):
    """Forget runs finished successfully more than DAYS ago."""
    session = get_session()
    count = services.purge_done(session=session, days=days)
    session.commit()
    click.echo(f"{count} finished job(s) forgotten")
