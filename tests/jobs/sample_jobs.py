"""Jobs only the tests register (JOB_MODULES="jobs.sample_jobs"), loaded by the test app and by
real worker processes alike. Their side effect is an email to the SMTP catcher, so a test
counts exactly how often the work happened."""
import time
from pathlib import Path

from portal import jobs
from portal.mail import deliver


def _wait_for(flag, seconds=30):
    deadline = time.monotonic() + seconds
    while not Path(flag).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("flag file never appeared")
        time.sleep(0.05)


@jobs.job("test.mail_once")
def mail_once(*, to, wait_for=None):
    """Email `to` once; with `wait_for`, block first until that file exists (a job a test can
    catch mid-way, after it was marked running and before its side effect)."""
    if wait_for:
        _wait_for(wait_for)
    deliver(to=to, subject="Counted", body="One side effect.\n")


@jobs.job("test.fail_until")
def fail_until(*, to, flag):
    """Fail (naming an address, which must not reach the admin page) until `flag` exists."""
    if not Path(flag).exists():
        raise RuntimeError(f"cannot reach {to} yet")
    deliver(to=to, subject="Counted", body="Finally.\n")
