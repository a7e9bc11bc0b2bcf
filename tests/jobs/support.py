"""Helpers of the job tests: real worker processes, the database's view of a run, polling."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import Session, select

import config
from portal.db import engine
from portal.jobs.models import JobRun


class Workers:
    """Real worker processes for one app, each in its own process group (killed as a whole)."""

    def __init__(self, app, log_folder):
        self.app, self.log_folder, self.processes = app, log_folder, []

    def env(self):
        config_ = self.app.config
        return {**os.environ, "MIZANI_ENV": "test", "DATABASE_URL": config_["DATABASE_URL"],
                "REDIS_URL": config_["REDIS_URL"], "JOB_QUEUE": config_["JOB_QUEUE"],
                "JOB_RETRIES": str(config_["JOB_RETRIES"]),
                "JOB_RETRY_INTERVALS": ",".join(map(str, config_["JOB_RETRY_INTERVALS"])),
                "JOB_TIMEOUT": str(config_["JOB_TIMEOUT"]), "JOB_MODULES": ",".join(config_["JOB_MODULES"]),
                "MAIL_SERVER": config_["MAIL_SERVER"], "MAIL_PORT": str(config_["MAIL_PORT"]),
                "PYTHONPATH": os.pathsep.join([str(config.ROOT / "tests"), str(config.ROOT)])}

    def start(self, *command):
        """`command` from the venv's bin folder, e.g. ("flask", "--app", "wsgi", "jobs", "worker")."""
        with open(self.log_folder / f"worker-{len(self.processes)}.log", "wb") as log:  # the child keeps its copy
            process = subprocess.Popen([str(Path(sys.executable).parent / command[0]), *command[1:]], cwd=config.ROOT,
                                       env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def flask_worker(self, *options):
        return self.start("flask", "--app", "wsgi", "jobs", "worker", *options)

    def kill(self, process, sig=signal.SIGKILL):
        """Signal the worker and every process below it. RQ's work horse runs in a session of its
        own, so a process-group kill would leave it working: collect the tree first, then signal
        the worker before its horse (a machine going down, not a horse dying under its worker)."""
        for pid in [process.pid, *_descendants(process.pid)]:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill(process, signal.SIGKILL)

    def logs(self):
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(self.log_folder.glob("*.log")))

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)


def _descendants(pid):
    """Pids of every living process below `pid` (Linux /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def job_run(app, key):
    """The run of `key` as the database has it now."""
    with app.app_context(), Session(engine()) as session:
        return session.exec(select(JobRun).where(JobRun.key == key)).first()


def wait_until(check, *, seconds=30, what="condition", logs=None):
    """Poll `check()` until it returns something true; fail with `logs()` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}\n{logs() if logs else ''}")
