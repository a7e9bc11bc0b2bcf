"""Requests per second under gunicorn with wrk: applicant pages against a hello-world.

DESIGN.md: an applicant page served by gunicorn reaches at least half the requests per second of
a hello-world endpoint on the same machine and configuration. Both run here with the same
gunicorn settings (2 sync workers, 127.0.0.1, a free port); the portal with the demo data in a
temporary SQLite database. wrk sends `Accept-Encoding: gzip` like a phone's browser, so the
portal pays for compression as it does in real use.

    .venv/bin/python tests/bench/throughput.py [--duration 10] [--strict]

Besides the applicant pages it measures floors (reported, not budgeted): the portal's own, a
static page (/privacy) with the applicant signed in, which any signed-in page costs at least; and
the fixed stack's (floor.py: Flask-Login and one SQLModel query, then a small gettext template),
which no signed-in page of the portal can beat.

Everything stays on 127.0.0.1 and stops by itself (wrk runs for --duration seconds per target).
Numbers on a shared machine are noisy: compare the ratios within one run. The hello-world is
measured before and after the pages and its mean is the reference.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, HttpSession, build_demo, free_port, wait_until_serving  # noqa: E402

BENCH = Path(__file__).resolve().parent
WORKERS = 2
MIN_RATIO = 0.5


def gunicorn_supports(option):
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, timeout=60)
    return option in result.stdout


class Gunicorn:
    """`gunicorn -w 2 -k sync -b 127.0.0.1:<free port> <app>` in the background, stopped on exit."""

    def __init__(self, target, *, chdir, env, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--worker-class", "sync",
                        "--bind", f"127.0.0.1:{self.port}", "--chdir", str(chdir), "--log-level", "warning"]
        if gunicorn_supports("--no-control-socket"):  # gunicorn 27 shares one control socket otherwise
            self.command.append("--no-control-socket")
        self.command.append(target)
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(self.command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        try:
            wait_until_serving(self.url + "/", seconds=30)
        except RuntimeError:
            self.__exit__()
            raise RuntimeError(f"gunicorn did not start: {' '.join(self.command)}\n{Path(self.log_path).read_text()}")
        return self

    def __exit__(self, *_exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def check_page(url, cookie=None):
    """The URL answers 200 itself (not a redirect to sign-in), or the measurement means nothing."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200 or response.geturl() != url:
            raise RuntimeError(f"{url} answered {response.status} at {response.geturl()}")


def wrk(url, *, duration, cookie=None, warmup=2):
    """Run wrk (-t2 -c16) against `url`; returns {rps, p50, p99, non2xx, errors}."""
    headers = ["-H", "Accept-Encoding: gzip"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    if warmup:
        subprocess.run(["wrk", "-t2", "-c16", f"-d{warmup}s", *headers, url], capture_output=True, timeout=warmup + 30)
    result = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", *headers, url],
                            capture_output=True, text=True, timeout=duration + 60)
    out = result.stdout
    if result.returncode != 0 or "Requests/sec" not in out:
        raise RuntimeError(f"wrk failed on {url}:\n{out}\n{result.stderr}")

    def find(pattern, default="0"):
        match = re.search(pattern, out)
        return match.group(1) if match else default

    return {
        "rps": float(find(r"Requests/sec:\s+([\d.]+)")),
        "p50": find(r"\s50%\s+(\S+)", "?"),
        "p99": find(r"\s99%\s+(\S+)", "?"),
        "non2xx": int(find(r"Non-2xx or 3xx responses:\s+(\d+)")),
        "errors": sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", find(r"(Socket errors:.*)", "")))),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per target (default 10)")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 when a page is under {MIN_RATIO} × hello-world")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: `make wrk` (apt-get install wrk)")

    results = []
    with tempfile.TemporaryDirectory(prefix="mizani-bench-") as directory:
        demo = build_demo(directory)
        logs = Path(directory)
        with Gunicorn("hello:app", chdir=BENCH, env=demo.env, log_path=logs / "hello.log") as hello:
            hello_before = wrk(hello.url + "/", duration=args.duration)
        with Gunicorn("wsgi:app", chdir=ROOT, env=demo.env, log_path=logs / "portal.log") as portal:
            targets = [("eligibility (public)", "/eligibility/", None, True)]
            if demo.applicant is not None and demo.draft_id is not None:
                client = HttpSession(portal.url)
                client.sign_in(demo.applicant)
                targets.append((f"apply form ({demo.applicant.email})", f"/applications/{demo.draft_id}/edit",
                                client.cookie_header(), True))
                # The floor of any signed-in page: static text through the whole stack (session,
                # user and roles, language, menu, CSP, gzip), no query of its own.
                targets.append(("portal floor: static page, signed in", "/privacy", client.cookie_header(), False))
            else:
                print("no draft application in the demo data: the apply form is not measured")
            for name, path, cookie, budgeted in targets:
                check_page(portal.url + path, cookie)
                results.append((name, path, wrk(portal.url + path, duration=args.duration, cookie=cookie), budgeted))
                check_page(portal.url + path, cookie)  # still signed in, still 200
        if demo.applicant is not None:
            with Gunicorn("floor:app", chdir=BENCH, env={**demo.env, "PYTHONPATH": str(ROOT)},
                          log_path=logs / "floor.log") as floor:
                client = HttpSession(floor.url)
                client.get(f"/sign-in/{demo.applicant.email}")
                for name, path in (("stack floor: signed in, one query", "/signed-in"),
                                   ("stack floor: + gettext template, gzip", "/page")):
                    check_page(floor.url + path, client.cookie_header())
                    results.append((name, path, wrk(floor.url + path, duration=args.duration,
                                                    cookie=client.cookie_header()), False))
        with Gunicorn("hello:app", chdir=BENCH, env=demo.env, log_path=logs / "hello.log") as hello:
            hello_after = wrk(hello.url + "/", duration=args.duration)

    reference = (hello_before["rps"] + hello_after["rps"]) / 2
    print(f"Throughput: gunicorn {WORKERS} sync workers on 127.0.0.1, wrk -t2 -c16 -d{args.duration}s, "
          f"Accept-Encoding gzip, data: {demo.source} on SQLite")
    print(f"{'target':<40} {'path':<24} {'req/s':>9} {'p50':>9} {'p99':>9} {'ratio':>6}  budget")
    print(f"{'hello-world (before)':<40} {'/':<24} {hello_before['rps']:>9.0f} {hello_before['p50']:>9} "
          f"{hello_before['p99']:>9} {'':>6}")
    print(f"{'hello-world (after)':<40} {'/':<24} {hello_after['rps']:>9.0f} {hello_after['p50']:>9} "
          f"{hello_after['p99']:>9} {'':>6}")
    failures = 0
    summary = []
    for name, path, figures, budgeted in results:
        ratio = figures["rps"] / reference if reference else 0.0
        under = budgeted and ratio < MIN_RATIO
        bad = under or figures["non2xx"] or figures["errors"]
        failures += bool(bad)
        note = ("ok" if budgeted else "reference") if not bad else "UNDER" if under else "ERRORS"
        if figures["non2xx"] or figures["errors"]:
            note += f" ({figures['non2xx']} non-2xx, {figures['errors']} socket errors)"
        print(f"{name[:40]:<40} {path[:24]:<24} {figures['rps']:>9.0f} {figures['p50']:>9} {figures['p99']:>9} "
              f"{ratio:>6.2f}  {note}")
        summary.append(f"{path} {figures['rps']:.0f} req/s = {ratio:.2f}×")
    print(f"throughput: hello-world {reference:.0f} req/s; " + "; ".join(summary)
          + f" (budget ≥ {MIN_RATIO}×: {'met' if not failures else 'NOT met'})")
    return 1 if (failures and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
