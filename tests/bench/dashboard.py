"""Server time of a fund's dashboard at 10,000, 100,000 and 1,000,000 ledger entries on PostgreSQL.

DESIGN.md: dashboards render in ≤ 150 ms of server time with 1,000,000 ledger entries and
100,000 applications, and (issue 5) the time at 1M entries is at most twice the time at 10k.

For each size this script makes its own database (`mizani_dash_<size>_<pid>`, dropped at the end
unless --keep), seeds it with scale_seed.py and scale_ledger.py (COPY, with a progress bar):
100,000 applications, grants (capped at a tenth of the entries so the small ledger still holds
every grant's postings), consortia, tranches and payments, reports in every status with the
spend of accepted ones, 200 donors (governments in NOK, SEK, GBP, EUR, CAD, CHF; foundations;
individuals giving by card, a few refunded), earmarks, attribution rows and the ledger. It then
signs in a donor (Norad, through the real form) and a fund manager, and times with Flask's test
client, in process: the donor's dashboard, the fund manager's, and the public transparency page
(anonymous). 3 warm-ups then --requests timed requests; median, p95 and SQL statements per page.
On the smallest database `portal.ledger.invariants.check` runs first, as a sanity check.

    .venv/bin/python tests/bench/dashboard.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
        [--sizes 10000,100000,1000000] [--requests 20] [--keep] [--explain] [--try-indexes] [--strict]

--try-indexes creates CANDIDATE_INDEXES in each bench database before timing (models untouched).
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import CSRF, create_portal_app  # noqa: E402
from review_queue import SqlMeter, explain, time_page  # noqa: E402
from scale_seed import Scale, libpq, own_database, seed  # noqa: E402

BUDGET_MS = 150
#: The 1M-entry median may be at most this many times the 10k one.
BUDGET_RATIO = 2.0
FUND = 1
DONOR_ID = 1  # Norad (scale_ledger.INSTITUTIONS): gives in NOK, some of it earmarked
PASSWORD = "correct horse battery"
VIEWERS = (  # (label, email, roles, path); no email: not signed in
    ("donor", "bench.donor@example.org", ("donor",), f"/dashboards/{FUND}"),
    ("fund manager", "bench.manager@example.org", ("fund_manager",), f"/dashboards/{FUND}"),
    ("public page", None, (), f"/dashboards/{FUND}/public"),
)
#: Indexes to try before they go into the models ("name ON table (columns) INCLUDE (…)"). Empty:
#: the two measured here (application facts, grant_funding by contribution) are in the models now.
CANDIDATE_INDEXES = ()


def seed_with_progress(url, size, applications):
    from portal.progress import progress

    scale = Scale(applications=applications, ledger_entries=size, grants=size // 10)
    started = time.perf_counter()
    with progress(length=applications + size, label=f"Seeding {size:,} ledger entries") as bar:
        counts = seed(url, scale, progress=bar.update)
    return time.perf_counter() - started, counts


def add_viewers(app):
    from portal.accounts.services import create_user
    from portal.db import get_session
    from portal.donors.models import DonorMember

    with app.app_context():
        session = get_session()
        for label, email, roles, _path in VIEWERS:
            if email:
                user = create_user(session=session, email=email, display_name=f"Bench {label}", password=PASSWORD,
                                   roles=roles)
                if "donor" in roles:
                    session.flush()
                    session.add(DonorMember(donor_id=DONOR_ID, user_id=user.id))
        session.commit()


def sign_in(client, email):
    page = client.get("/accounts/sign-in").get_data(as_text=True)
    response = client.post("/accounts/sign-in", data={"email": email, "password": PASSWORD,
                                                      "csrf_token": CSRF.search(page).group(1)})
    if response.status_code != 302:
        raise RuntimeError(f"{email} could not sign in")


def check_invariants(app):
    from portal.db import get_session
    from portal.ledger.invariants import check

    with app.app_context():
        started = time.perf_counter()
        violations = check(get_session())
        seconds = time.perf_counter() - started
    print(f"ledger invariants ({seconds:.1f} s): " + ("all hold" if not violations else
                                                      f"{len(violations)} VIOLATED, e.g. {violations[:3]}"))
    return not violations


def measure_size(url, size, args, *, check):
    seconds, counts = seed_with_progress(url, size, args.applications)
    print(f"\n== {counts.get('ledger_entry', 0):,} ledger entries: seeded in {seconds:.1f} s ("
          + ", ".join(f"{t} {counts.get(t, 0):,}" for t in ("application", "grant", "grant_share", "contribution",
                                                            "grant_funding", "report", "ledger_transaction")) + ")")
    results = {"seconds": seconds, "entries": counts.get("ledger_entry", 0), "pages": {}, "invariants": None}
    if args.try_indexes:
        import psycopg

        with psycopg.connect(libpq(url), autocommit=True) as conn:
            for definition in CANDIDATE_INDEXES:
                conn.execute(f"CREATE INDEX IF NOT EXISTS {definition}")
            conn.execute("VACUUM ANALYZE")
        print("  with " + "; ".join(CANDIDATE_INDEXES))
    with tempfile.TemporaryDirectory(prefix="mizani-bench-") as directory:
        app = create_portal_app(directory, url)
        engine = app.extensions["db_engine"]
        if check:
            results["invariants"] = check_invariants(app)
        add_viewers(app)
        meter = SqlMeter(engine)
        for label, email, _roles, path in VIEWERS:
            client = app.test_client()
            if email:
                sign_in(client, email)
            figures = time_page(client, meter, path, requests=args.requests)
            results["pages"][label] = figures
            print_line(label, path, figures)
            if args.explain and figures["status"] == 200:
                print_explain(explain(client, meter, engine, path))
        engine.dispose()
    return results


def print_line(label, path, figures):
    if figures["status"] != 200:
        print(f"  {label:<13} {path:<22} HTTP {figures['status']}: NOT MEASURED")
        return
    verdict = "ok" if figures["median"] <= BUDGET_MS else "OVER"
    print(f"  {label:<13} {path:<22} median {figures['median']:7.1f} ms  p95 {figures['p95']:7.1f} ms  "
          f"{figures['statements']:3d} SQL ({figures['sql']:6.1f} ms in SQL)  {verdict}")


def print_explain(results):
    for planning, execution, sql, _plan in sorted(results, key=lambda r: -r[1]):
        print(f"      {planning:6.2f} / {execution:8.2f} ms  {sql}")
    if results:
        slowest = max(results, key=lambda r: r[1])
        print("      slowest plan:\n" + "\n".join(f"        {line}" for line in slowest[3][:30]))


def summary(all_results):
    """Print the ratio of the largest size to the smallest per page; returns the failures."""
    sizes = sorted(all_results)
    small, large = all_results[sizes[0]], all_results[sizes[-1]]
    failures = []
    print(f"\nSummary (budget: ≤ {BUDGET_MS} ms at the largest size and ≤ {BUDGET_RATIO:g}× the smallest)")
    print(f"{'page':<13} " + " ".join(f"{size:>12,}" for size in sizes) + f" {'ratio':>7}  verdict")
    for label, *_rest in VIEWERS:
        pages = [all_results[size]["pages"][label] for size in sizes]
        if any(page["status"] != 200 for page in pages):
            failures.append(label)
            print(f"{label:<13} not 200")
            continue
        ratio = pages[-1]["median"] / pages[0]["median"]
        ok = pages[-1]["median"] <= BUDGET_MS and (len(sizes) == 1 or ratio <= BUDGET_RATIO)
        failures += [] if ok else [label]
        print(f"{label:<13} " + " ".join(f"{page['median']:9.1f} ms" for page in pages)
              + f" {ratio:6.2f}×  {'ok' if ok else 'OVER'}")
    if small["invariants"] is False:
        failures.append("ledger invariants")
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or "postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="a PostgreSQL server; the benchmark makes (and drops) its own databases on it")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="ledger entries, comma-separated")
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the databases (their names are printed)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) every SELECT of a page")
    parser.add_argument("--try-indexes", action="store_true", help="time the pages with CANDIDATE_INDEXES")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgresql"):
        raise SystemExit("this benchmark needs PostgreSQL: --database-url postgresql+psycopg://…")
    sizes = sorted(int(size.replace("_", "")) for size in args.sizes.split(","))
    results = {}
    for size in sizes:
        with own_database(args.database_url, prefix=f"mizani_dash_{size}", keep=args.keep) as url:
            if args.keep:
                print(f"database kept: {url}")
            results[size] = measure_size(url, size, args, check=size == sizes[0])
    failures = summary(results)
    print("\n" + ("within budget" if not failures else "over budget or failing: " + ", ".join(failures)))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
