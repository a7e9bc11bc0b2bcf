"""Server time of the review queue and the grant list with 100,000 applications on PostgreSQL.

DESIGN.md: queues and dashboards render in ≤ 150 ms of server time at scale. This script makes
its own database on the PostgreSQL server (`mizani_bench_<pid>`, dropped at the end), fills it
with scale_seed.py (COPY: 100,000 applications in every status, their reviews, 20,000 grants
with tranches; optionally a ledger of N entries), signs a fund manager in through the real form,
and times each page in process with Flask's test client: wall time of `client.get` (routing,
queries, templates, gzip as a phone's browser asks for it), 3 warm-ups then --requests timed
requests; median and p95, and the SQL statements and SQL time per request.

    .venv/bin/python tests/bench/review_queue.py [--applications 100000] [--ledger-entries 0]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--requests 20]
        [--explain] [--try-indexes] [--strict]

--explain prints EXPLAIN (ANALYZE, BUFFERS) of every SELECT of one request per page (planning
and execution time, the slowest statement's plan). --try-indexes times the pages again after
creating the CANDIDATE_INDEXES below in the bench database (models are not touched). A page that
does not answer 200 is reported as such instead of a time. Exits 1 with --strict when a page is
over budget or not 200.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import CSRF, create_portal_app  # noqa: E402
from scale_seed import Scale, libpq, own_database, seed  # noqa: E402

BUDGET_MS = 150
PAGES = (
    ("review queue", "/review/"),
    ("queue: in review, time left", "/review/?status=in_review&sort=time_left"),
    ("queue: CD, Swahili", "/review/?country=CD&language=sw"),
    ("queue: page 500", "/review/?page=500"),
    ("grant list", "/grants/"),
    ("grant list: page 200", "/grants/?page=200"),
)
#: Indexes to try (name, definition), created by hand in the bench database by --try-indexes
#: before they go into the models. Those measured so far are in the models now
#: (ix_application_status_language, ix_ledger_entry_account_amount, ix_application_open_due).
CANDIDATE_INDEXES = ()
MANAGER = ("bench.manager@example.org", "correct horse battery")


class SqlMeter:
    """Counts and times the statements the app sends; keeps them while `capture` is on."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count, self.seconds, self.capture, self.statements = 0, 0.0, False, []
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, _conn, _cursor, statement, parameters, context, _many):
        context._bench_started = time.perf_counter()
        if self.capture:
            self.statements.append((statement, parameters))

    def after(self, _conn, _cursor, _statement, _parameters, context, _many):
        self.count += 1
        self.seconds += time.perf_counter() - context._bench_started

    def reset(self):
        self.count, self.seconds = 0, 0.0


def sign_in(client):
    page = client.get("/accounts/sign-in").get_data(as_text=True)
    response = client.post("/accounts/sign-in", data={"email": MANAGER[0], "password": MANAGER[1],
                                                      "csrf_token": CSRF.search(page).group(1)})
    if response.status_code != 302:
        raise RuntimeError("the fund manager could not sign in")


def time_page(client, meter, path, *, requests, warmups=3):
    """{status, median, p95, statements, sql} in milliseconds, or just the status when not 200."""
    headers = {"Accept-Encoding": "gzip"}
    status = client.get(path, headers=headers).status_code
    if status != 200:
        return {"status": status}
    for _ in range(warmups):
        client.get(path, headers=headers)
    walls, sqls, counts = [], [], []
    for _ in range(requests):
        meter.reset()
        started = time.perf_counter()
        client.get(path, headers=headers)
        walls.append((time.perf_counter() - started) * 1000)
        sqls.append(meter.seconds * 1000)
        counts.append(meter.count)
    walls.sort()
    return {"status": 200, "median": statistics.median(walls), "p95": walls[max(0, -(-len(walls) * 95 // 100) - 1)],
            "statements": max(counts), "sql": statistics.median(sqls)}


def explain(client, meter, engine, path):
    """EXPLAIN (ANALYZE, BUFFERS) of each SELECT one request sends: [(ms planning, ms execution,
    first line of SQL, plan)]."""
    meter.statements, meter.capture = [], True
    client.get(path)
    meter.capture = False
    results = []
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for statement, parameters in meter.statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = [row[0] for row in cursor.fetchall()]
            figure = {name: float(re.search(rf"{name} Time: ([\d.]+)", "\n".join(plan)).group(1))
                      for name in ("Planning", "Execution")}
            results.append((figure["Planning"], figure["Execution"], " ".join(statement.split())[:110], plan))
    finally:
        connection.close()
    return results


def measure(client, meter, args):
    return [(name, path, time_page(client, meter, path, requests=args.requests)) for name, path in PAGES]


def print_table(title, results):
    print(f"\n{title}")
    print(f"{'page':<30} {'path':<42} {'median':>8} {'p95':>8} {'SQL':>4} {'SQL ms':>7}  budget {BUDGET_MS} ms")
    for name, path, figures in results:
        if figures["status"] != 200:
            print(f"{name:<30} {path:<42} {'HTTP ' + str(figures['status']):>17}       NOT MEASURED (not 200)")
            continue
        verdict = "ok" if figures["median"] <= BUDGET_MS else "OVER"
        print(f"{name:<30} {path:<42} {figures['median']:>8.1f} {figures['p95']:>8.1f} {figures['statements']:>4} "
              f"{figures['sql']:>7.1f}  {verdict}")


def print_explains(client, meter, engine):
    print("\nEXPLAIN (ANALYZE, BUFFERS) of the SELECTs of one request (ms planning / execution)")
    for name, path in PAGES:
        results = explain(client, meter, engine, path)
        print(f"-- {name} ({path}): {len(results)} SELECTs")
        for planning, execution, sql, _plan in results:
            print(f"   {planning:7.2f} / {execution:8.2f}  {sql}")
        if results:
            slowest = max(results, key=lambda result: result[1])
            print("   slowest plan:\n" + "\n".join(f"      {line}" for line in slowest[3][:25]))


def create_indexes(url):
    import psycopg

    with psycopg.connect(libpq(url), autocommit=True) as conn:
        for name, definition in CANDIDATE_INDEXES:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        conn.execute("ANALYZE")


def run(url, args):
    started = time.perf_counter()
    counts = seed(url, Scale(applications=args.applications, organisations=args.organisations,
                             ledger_entries=args.ledger_entries))
    seconds = time.perf_counter() - started
    print(f"Seeded {url.rsplit('/', 1)[1]} in {seconds:.1f} s: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    with tempfile.TemporaryDirectory(prefix="mizani-bench-") as directory:
        app = create_portal_app(directory, url)
        engine = app.extensions["db_engine"]
        with app.app_context():
            from portal.accounts.services import create_user
            from portal.db import get_session
            create_user(session=get_session(), email=MANAGER[0], display_name="Bench manager", password=MANAGER[1],
                        roles=("fund_manager",))
            get_session().commit()
        meter = SqlMeter(engine)
        client = app.test_client()
        sign_in(client)
        results = measure(client, meter, args)
        print_table(f"Server time in ms ({args.requests} requests after 3 warm-ups, in process, PostgreSQL)", results)
        if args.explain:
            print_explains(client, meter, engine)
        if args.try_indexes and not CANDIDATE_INDEXES:
            print("no candidate indexes to try: add them to CANDIDATE_INDEXES")
        elif args.try_indexes:
            create_indexes(url)
            results = measure(client, meter, args)
            print_table("With CANDIDATE_INDEXES: " + "; ".join(d for _name, d in CANDIDATE_INDEXES), results)
            if args.explain:
                print_explains(client, meter, engine)
        engine.dispose()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=5_000)
    parser.add_argument("--ledger-entries", type=int, default=0,
                        help="also write a consistent ledger of about N entries (at least the grants' own)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or "postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="a PostgreSQL server; the benchmark makes and drops its own database on it")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) per page")
    parser.add_argument("--try-indexes", action="store_true", help="measure again with CANDIDATE_INDEXES")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 when a page is over {BUDGET_MS} ms or not 200")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgresql"):
        raise SystemExit("this benchmark needs PostgreSQL: --database-url postgresql+psycopg://…")
    with own_database(args.database_url) as url:
        results = run(url, args)
    failures = [name for name, _path, f in results if f["status"] != 200 or f["median"] > BUDGET_MS]
    print(f"\nreview queue and grant list at {args.applications:,} applications: "
          + ("every page within budget" if not failures else "over budget or failing: " + ", ".join(failures)))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
