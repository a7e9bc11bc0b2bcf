"""Background jobs: Redis + RQ when REDIS_URL is set, inline otherwise, idempotent by key.

Callers use `enqueue("mail.send", key=..., **kwargs)`; job functions are registered with
`@job("name")`. The admin page `/jobs/` shows failed runs and retries them.
"""
from flask import Blueprint

from portal.jobs.queue import enqueue  # noqa: F401  (the API callers use)
from portal.jobs.registry import job  # noqa: F401

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
