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
        log = open(self.log_folder / f"worker-{len(self.processes)}.log", "wb")
        process = subprocess.Popen([str(Path(sys.executable).parent / command[0]), *command[1:]], cwd=config.ROOT,
                                   env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def flask_worker(self, *options):
        return self.start("flask", "--app", "wsgi", "jobs", "worker", *options)

    def kill(self, process, sig=signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def logs(self):
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(self.log_folder.glob("*.log")))

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)


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
