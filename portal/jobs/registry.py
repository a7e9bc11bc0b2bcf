"""Job names → functions. A worker finds a job by the name stored with its run, never by a
dotted path from the queue, so only functions the portal registered can be run."""
from importlib import import_module

from flask import current_app

#: Modules whose `@job` functions every app knows (JOB_MODULES in the config adds others).
BUILT_IN = ("portal.mail", "portal.reports.reminders", "portal.payments.cli", "portal.opendata.views")

_JOBS = {}


class UnknownJob(LookupError):
    """A run names a job that no loaded module registers."""


def job(name):
    """Register the decorated keyword-only function as the job `name`."""

    def register(function):
        _JOBS[name] = function
        return function

    return register


def handler(name):
    """The function of job `name`, loading the job modules on first use."""
    if name not in _JOBS:
        for module in BUILT_IN + tuple(current_app.config.get("JOB_MODULES", ())):
            import_module(module)
    try:
        return _JOBS[name]
    except KeyError:
        raise UnknownJob(name) from None
