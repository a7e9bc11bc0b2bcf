"""Job fixtures: the test-only jobs, a Redis queue of each test's own, and real worker processes.

Redis tests need a Redis server (MIZANI_TEST_REDIS_URL, default redis://127.0.0.1:6379/0).
Without one they are skipped with the reason printed, unless MIZANI_REQUIRE_REDIS=1 (CI), where
they fail.
"""
import os
import uuid

import pytest

from tests.jobs.support import Workers

REDIS_URL = os.environ.get("MIZANI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SAMPLE_JOBS = ("jobs.sample_jobs",)


@pytest.fixture
def job_app(app):
    """The test app with the test-only jobs and fast retries (inline: no REDIS_URL)."""
    app.config.update(REDIS_URL=None, JOB_MODULES=SAMPLE_JOBS, JOB_RETRIES=2, JOB_RETRY_INTERVALS=(1,))
    return app


@pytest.fixture
def redis_url():
    from redis import Redis
    from redis.exceptions import RedisError
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (RedisError, OSError) as error:
        reason = f"Redis not reachable at {REDIS_URL} ({error}); start it or set MIZANI_TEST_REDIS_URL"
        if os.environ.get("MIZANI_REQUIRE_REDIS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return REDIS_URL


@pytest.fixture
def queued_app(job_app, redis_url):
    """The test app sending jobs to a Redis queue of this test's own (removed afterwards)."""
    name = f"mizani-test-{uuid.uuid4().hex[:12]}"
    job_app.config.update(REDIS_URL=redis_url, JOB_QUEUE=name, JOB_TIMEOUT=60)
    yield job_app
    _remove_queue(redis_url, name)


def _remove_queue(url, name):
    from redis import Redis
    redis = Redis.from_url(url)
    job_ids = [key.decode().rsplit(":", 1)[1] for key in redis.scan_iter("rq:job:*")
               if redis.type(key) == b"hash" and redis.hget(key, "origin") == name.encode()]
    for pattern in [f"rq:*{name}*", *(f"rq:*{job_id}*" for job_id in job_ids)]:
        for key in redis.scan_iter(pattern):
            redis.delete(key)


@pytest.fixture
def workers(queued_app, tmp_path):
    folder = tmp_path / "worker-logs"
    folder.mkdir()
    pool = Workers(queued_app, folder)
    yield pool
    pool.stop_all()
