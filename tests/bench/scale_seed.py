"""A PostgreSQL database of our own, filled at the scale of DESIGN.md's budgets (100,000
applications, optionally 1,000,000 ledger entries), for the benchmark scripts beside this file.

Rows are generated in Python with explicit ids (so foreign keys need no round trip) and written
with PostgreSQL COPY, then the id sequences are moved past them and the tables analysed. The
data is deterministic for a given --seed: one fund, one rolling call, three tiers (emergency
72 h, seed, consortium), organisations in six countries, applications in every status and six
written languages over the past year, reviewer assignments with scores, decisions, and for each
approval a grant (consortia with two to four shares), its tranches, the disbursements of the
paid ones and its reports in every status. Answers are as long as real ones (a few hundred
characters each), so table scans cost what they would. The money (donors, contributions,
attribution, the ledger) is written by scale_ledger.py when `ledger_entries` is set.

`Scale.grants` caps the grants (approvals beyond it are declined), so that a small ledger (10,000
entries) still holds every grant's postings: see tests/bench/dashboard.py.
"""
import json
import os
import random
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import psycopg
from sqlalchemy import create_engine, make_url, text
from sqlmodel import Session, SQLModel

from portal import models  # noqa: F401  (registers every table)
from portal.dashboards import tallies
from portal.ledger import accounts, flows
from portal.money import split
from portal.types import whole_hours

COUNTRIES = ("CD", "LB", "CO", "RW", "NG", "AF")
#: Written languages and how often applications use them.
LANGUAGES = {"en": 25, "fr": 25, "ar": 15, "sw": 15, "es": 10, "pt": 10}
#: Application statuses and their share of the applications (percent).
STATUSES = {"draft": 10, "submitted": 15, "in_review": 20, "clarification_requested": 5, "approved": 20,
            "declined": 25, "withdrawn": 5}
OPEN = ("submitted", "in_review", "clarification_requested")
REVIEWED = ("in_review", "clarification_requested", "approved", "declined")
#: key → (share of applications, decision hours, min and max USD cents, tranche percents).
TIERS = {
    "emergency": (50, 72, 50_000, 800_000, (100,)),
    "seed": (35, 21 * 24, 500_000, 2_500_000, (60, 40)),
    "consortium": (15, 45 * 24, 2_000_000, 10_000_000, (50, 30, 20)),
}
REVIEWERS = 60
THEMES = ("participation", "prevention", "protection", "relief_recovery")
#: Reports owed per tier (months after acceptance); tranches after the first wait for "interim".
REPORT_PLANS = {"emergency": [{"key": "short", "months": 3}],
                "seed": [{"key": "interim", "months": 6}, {"key": "final", "months": 12}],
                "consortium": [{"key": "interim", "months": 6}, {"key": "final", "months": 12}]}
#: Status of a report already due (share of reports, percent); accepted ones book their spend.
REPORT_STATUSES = {"accepted": 55, "submitted": 10, "changes_requested": 5, "due": 20, "waived": 10}
WORDS = ("women", "peace", "village", "training", "radio", "mediation", "safe", "house", "market", "school",
         "water", "youth", "dialogue", "health", "court", "land", "return", "savings", "network", "listening")


@dataclass(frozen=True)
class Scale:
    applications: int = 100_000
    organisations: int = 5_000
    ledger_entries: int = 0
    #: At most this many approvals (and grants); None: about 20 % of the applications.
    grants: int | None = None
    seed: int = 42


@contextmanager
def own_database(server_url, prefix="mizani_bench", *, keep=False):
    """A database `<prefix>_<pid>` on the server of `server_url`, dropped on exit (like the
    tests' pg_url) unless `keep`: yields its SQLAlchemy URL."""
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{os.getpid()}"
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with server.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def libpq(url):
    """The psycopg connection string of a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


#: Tables whose rows `seed` reports to its `progress` callback (the big ones).
PROGRESS_TABLES = ("application", "ledger_entry")


def seed(url, scale=Scale(), *, now=None, progress=None):
    """Create the tables and fill them; returns {table: rows written}. `progress(n)` is called
    as rows of PROGRESS_TABLES are written (for a progress bar)."""
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    data = Generator(scale, now or datetime.now(timezone.utc))
    counts = {}
    with psycopg.connect(libpq(url)) as conn:
        for table, rows in data.tables():
            counts[table] = copy_rows(conn, table, rows, progress if table in PROGRESS_TABLES else None)
        for table in counts:
            if "id" in SQLModel.metadata.tables[table].c:  # new rows (the signed-in manager) follow ours
                conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f"(SELECT coalesce(max(id), 0) + 1 FROM \"{table}\"), false)")
    engine = create_engine(url)
    with Session(engine) as session:  # COPY bypassed `post` and the services: sum as they would have
        flows.rebuild(session)
        tallies.rebuild(session)
        session.commit()
    engine.dispose()
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return counts


def copy_rows(conn, table, rows, progress=None):
    """COPY an iterable of dicts (same keys) into `table`; JSON values are dumped. Returns the count."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    json_columns = {name for name, column in SQLModel.metadata.tables[table].c.items()
                    if column.type.__class__.__name__ == "JSON"}
    quoted = ", ".join(f'"{name}"' for name in columns)
    count = 0
    with conn.cursor() as cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for item in chain([first], rows):
            copy.write_row([json.dumps(item[c], ensure_ascii=False) if c in json_columns else item[c] for c in columns])
            count += 1
            if progress and not count % 10_000:
                progress(10_000)
    if progress:
        progress(count % 10_000)
    return count


class Generator:
    """Deterministic rows for every table, in foreign-key order."""

    def __init__(self, scale, now):
        self.scale, self.now, self.random = scale, now, random.Random(scale.seed)
        self.paragraphs = [" ".join(self.random.choice(WORDS) for _ in range(150)) for _ in range(50)]
        self.manager_id = scale.organisations + REVIEWERS + 1  # decides and assigns in the seeded history
        self.fund = SimpleNamespace(id=1, currency="USD")
        self.applications, self.grants = [], []
        self.paid = []  # (tranche id, grant, share, amount); disbursement n pays the n-th
        self.share_count = 0
        self.spends = []  # (report id, share, amount): accepted reports' spend, posted by the ledger

    def tables(self):
        yield "user_account", self.users()
        yield "user_role", self.roles()
        yield "organisation", self.organisations()
        yield "membership", ({"user_id": i, "organisation_id": i, "created_at": self.now}
                             for i in range(1, self.scale.organisations + 1))
        yield "fund", [self.fund_row()]
        yield "call", [self.call_row()]
        yield "tier", self.tiers()
        yield "question", ({"id": 4 * (tier - 1) + n, "tier_id": tier, "key": f"q{n}", "position": n,
                            "label": {"en": f"Question {n}"}, "help": {}, "max_chars": 500, "required": True}
                           for tier in range(1, len(TIERS) + 1) for n in range(1, 5))
        yield "application", self.application_rows()
        yield "review_assignment", self.assignments()
        yield "decision", self.decisions()
        yield "grant", self.grant_rows()
        yield "grant_share", ({"id": s["id"], "grant_id": g["id"], "organisation_id": s["organisation_id"],
                               "amount_minor": s["amount_minor"], "is_lead": s["is_lead"]}
                              for g in self.grants for s in g["shares"])
        yield "tranche", self.tranches()
        yield "disbursement", self.disbursements()
        yield "report", self.reports()
        yield "report_part", self.report_parts
        if self.scale.ledger_entries:
            from scale_ledger import Ledger  # beside this file
            yield from Ledger(self).tables()

    # --- people and the fund -------------------------------------------------------------
    def users(self):
        base = {"password_hash": None, "locale": None, "is_disabled": False, "email_verified_at": None,
                "created_at": self.now}
        for i in range(1, self.scale.organisations + 1):
            yield {**base, "id": i, "email": f"applicant{i}@bench.example", "display_name": f"Applicant {i}",
                   "reads_languages": []}
        languages = list(LANGUAGES)
        for i in range(REVIEWERS):
            yield {**base, "id": self.scale.organisations + 1 + i, "email": f"reviewer{i}@bench.example",
                   "display_name": f"Reviewer {i}", "reads_languages": languages[i % 6:i % 6 + 2]}
        yield {**base, "id": self.manager_id, "email": "seed.manager@bench.example",
               "display_name": "Seed manager", "reads_languages": []}

    def roles(self):
        for i in range(1, self.scale.organisations + 1):
            yield {"user_id": i, "role": "applicant"}
        for i in range(REVIEWERS):
            yield {"user_id": self.scale.organisations + 1 + i, "role": "reviewer"}
        yield {"user_id": self.manager_id, "role": "fund_manager"}

    def organisations(self):
        kinds = ("women_group", "community_group", "ngo", "network", "youth_group")
        for i in range(1, self.scale.organisations + 1):
            yield {"id": i, "name": f"Organisation {i}", "kind": kinds[i % len(kinds)], "registered": i % 3 == 0,
                   "country": COUNTRIES[i % len(COUNTRIES)], "women_led": i % 7 != 0,
                   "languages": [list(LANGUAGES)[i % 6]], "created_at": self.now - timedelta(days=400)}

    def fund_row(self):
        return {"id": 1, "code": "bench", "name": {"en": "Bench fund", "fr": "Fonds d'essai"},
                "description": {"en": "Benchmark data"}, "currency": "USD", "default_language": "en",
                "countries": list(COUNTRIES), "themes": list(THEMES), "is_public": True,
                "iati_org_id": None, "created_at": self.now}

    def call_row(self):
        return {"id": 1, "fund_id": 1, "slug": "bench-call", "title": {"en": "Open call", "fr": "Appel ouvert"},
                "description": {"en": "Rolling"}, "default_language": "en", "languages": list(LANGUAGES),
                "is_rolling": True, "opens_on": None, "closes_on": None, "is_published": True, "created_at": self.now}

    def tiers(self):
        for position, (key, (_share, hours, low, high, plan)) in enumerate(TIERS.items(), start=1):
            consortium = (2, 5) if key == "consortium" else (0, 0)
            yield {"id": position, "call_id": 1, "key": key, "position": position, "title": {"en": key.title()},
                   "description": {"en": f"{key} grants"}, "min_amount_minor": low, "max_amount_minor": high,
                   "max_questions": 8, "decision_hours": hours, "required_documents": [],
                   "consortium_min_members": consortium[0], "consortium_max_members": consortium[1],
                   "consortium_lead_women_led": key == "consortium",
                   "tranche_plan": [{"percent": p, "after_report": None if n == 0 else "interim"}
                                    for n, p in enumerate(plan)],
                   "report_plan": REPORT_PLANS[key]}

    # --- applications and their review ------------------------------------------------------
    def application_rows(self):
        pick = self.random.choices
        tiers, tier_weights = list(range(1, len(TIERS) + 1)), [spec[0] for spec in TIERS.values()]
        statuses, languages = list(STATUSES), list(LANGUAGES)
        approvals = 0
        for i in range(1, self.scale.applications + 1):
            tier = pick(tiers, tier_weights)[0]
            _share, hours, low, high, _plan = list(TIERS.values())[tier - 1]
            status = pick(statuses, list(STATUSES.values()))[0]
            if status == "approved" and self.scale.grants is not None:
                if approvals >= self.scale.grants:
                    status = "declined"
                approvals += 1
            organisation = self.random.randint(1, self.scale.organisations)
            days = 60 if status in OPEN else 365
            ago = timedelta(seconds=self.random.uniform(0, days * 86400))
            submitted = None if status == "draft" else self.now - ago
            created = (submitted or self.now - timedelta(days=self.random.uniform(0, 90))) - timedelta(hours=3)
            requested = self.random.randrange(low, high + 1, 100)
            self.applications.append((i, status, organisation, requested, submitted, tier))
            yield {"id": i, "reference": None if status == "draft" else f"MZ-B{i:07d}", "tier_id": tier,
                   "organisation_id": organisation, "created_by_id": organisation, "status": status,
                   "answers": {f"q{n}": self.answer() for n in range(1, 5)},
                   "eligibility_answers": {"country": COUNTRIES[organisation % 6], "women_led": "yes"},
                   "written_language": pick(languages, list(LANGUAGES.values()))[0],
                   "requested_minor": requested, "local_currency": None, "local_amount_minor": None,
                   "submission_key": None, "created_at": created, "updated_at": submitted or created,
                   "submitted_at": submitted,
                   "decision_due_at": submitted + timedelta(hours=hours) if submitted else None}

    def answer(self):
        paragraph = self.random.choice(self.paragraphs)
        start = self.random.randrange(0, 200)
        return paragraph[start:start + self.random.randrange(150, 500)]

    def assignments(self):
        has_score = "score_hundredths" in SQLModel.metadata.tables["review_assignment"].c
        number = 0
        for application_id, status, _org, _req, submitted, _tier in self.applications:
            if status not in REVIEWED:
                continue
            for reviewer in self.random.sample(range(REVIEWERS), 2):
                number += 1
                scored = status in ("approved", "declined") or self.random.random() < 0.5
                scores = {"relevance": self.random.randint(1, 5), "feasibility": self.random.randint(1, 5)}
                row = {"id": number, "application_id": application_id,
                       "reviewer_id": self.scale.organisations + 1 + reviewer, "assigned_by_id": self.manager_id,
                       "status": "submitted" if scored else "assigned", "conflict_note": None,
                       "scores": scores if scored else {}, "comment": "", "assigned_at": submitted + timedelta(hours=2),
                       "submitted_at": submitted + timedelta(hours=20) if scored else None}
                if has_score:
                    row["score_hundredths"] = sum(scores.values()) * 50 if scored else None
                yield row

    def decisions(self):
        number = 0
        for application_id, status, organisation, requested, submitted, tier in self.applications:
            if status not in ("approved", "declined"):
                continue
            number += 1
            approved = status == "approved"
            hours = self.random.randint(4, list(TIERS.values())[tier - 1][1] * 2)
            yield {"id": number, "application_id": application_id,
                   "idempotency_key": f"bench-decision-{application_id}", "outcome": status,
                   "amount_minor": requested if approved else None, "conditions": "",
                   "reason": None if approved else "outside_scope", "note": "", "decided_by_id": self.manager_id,
                   "decided_at": submitted + timedelta(hours=hours), "hours_to_decision": hours}
            if approved:
                self.grants.append(self.new_grant(application_id, organisation, requested, tier,
                                                  submitted + timedelta(hours=hours)))

    def new_grant(self, application_id, organisation, amount, tier, awarded_at):
        """A grant with its shares: one, or two to four for a consortium (the applicant leads)."""
        members = [organisation]
        if list(TIERS)[tier - 1] == "consortium":
            size = self.random.randint(2, 4)
            while len(members) < size:
                other = self.random.randint(1, self.scale.organisations)
                if other not in members:
                    members.append(other)
        weights = [2 if index == 0 else 1 for index in range(len(members))]
        shares = [{"id": self.share_count + 1 + n, "organisation_id": org, "amount_minor": part, "is_lead": n == 0}
                  for n, (org, part) in enumerate(zip(members, split(amount, weights)))]
        self.share_count += len(shares)
        return {"id": len(self.grants) + 1, "application_id": application_id, "organisation_id": organisation,
                "amount_minor": amount, "tier": tier, "awarded_at": awarded_at, "shares": shares,
                "theme": THEMES[self.random.randrange(len(THEMES))], "country": COUNTRIES[organisation % 6]}

    # --- grants, payments and reports ---------------------------------------------------------
    def grant_rows(self):
        for grant in self.grants:
            grant["status"] = self.random.choices(("awarded", "accepted", "closed"), (20, 70, 10))[0]
            accepted = grant["awarded_at"] + timedelta(days=2) if grant["status"] != "awarded" else None
            grant["accepted_at"] = accepted
            yield {"id": grant["id"], "application_id": grant["application_id"], "fund_id": 1,
                   "amount_minor": grant["amount_minor"], "currency": "USD",
                   "status": "awarded" if not accepted else "accepted",  # "closed": every tranche paid
                   "conditions": "", "theme": grant["theme"], "awarded_at": grant["awarded_at"],
                   "accepted_by_id": grant["organisation_id"] if accepted else None, "accepted_at": accepted,
                   "accepted_language": "en" if accepted else None,
                   "first_paid_at": accepted + timedelta(days=5) if accepted else None,
                   "hours_to_payment": whole_hours(accepted + timedelta(days=5) - grant["awarded_at"]) if accepted else None,
                   "do_not_publish": self.random.random() < 0.03, "story_consent": self.random.random() < 0.2}

    def tranches(self):
        """Awarded grants wait; accepted ones have their first tranche paid; closed ones are paid."""
        number = 0
        for grant in self.grants:
            plan = list(TIERS.values())[grant["tier"] - 1][4]
            for share in grant["shares"]:
                share["paid_minor"] = 0
                for position, amount in enumerate(split(share["amount_minor"], list(plan)), start=1):
                    number += 1
                    if grant["status"] == "awarded":
                        status = "waiting"
                    elif grant["status"] == "closed" or position == 1:
                        status = "paid"
                    else:
                        status = "payable" if self.random.random() < 0.3 else "waiting"
                    if status == "paid":
                        self.paid.append((number, grant, share, amount))
                        share["paid_minor"] += amount
                    yield {"id": number, "share_id": share["id"], "position": position, "amount_minor": amount,
                           "after_report": None if position == 1 else "interim", "status": status}

    def disbursements(self):
        for number, (tranche_id, grant, _share, amount) in enumerate(self.paid, start=1):
            when = grant["awarded_at"] + timedelta(days=5)
            yield {"id": number, "tranche_id": tranche_id, "amount_minor": amount, "currency": "USD",
                   "status": "confirmed", "method": "mobile_money", "reference": f"BENCH-{number}",
                   "schedule_key": f"bench-schedule-{number}", "scheduled_by_id": self.manager_id,
                   "scheduled_at": when, "approved_by_id": self.manager_id, "approved_at": when,
                   "sent_at": when, "confirmed_at": when, "failed_at": None, "failure_reason": None}

    def reports(self):
        """The tier's report plan for each accepted grant: future ones due, past ones in every
        status (closed grants: accepted). An accepted report spends part of what each share was
        paid and not yet reported (`self.spends`), with one part per share."""
        number, self.report_parts = 0, []
        today = self.now.date()
        for grant in self.grants:
            if grant["accepted_at"] is None:
                continue
            plan = REPORT_PLANS[list(TIERS)[grant["tier"] - 1]]
            for position, item in enumerate(plan, start=1):
                number += 1
                due = (grant["accepted_at"] + timedelta(days=30 * item["months"])).date()
                if grant["status"] == "closed":
                    status = "accepted"
                elif due > today + timedelta(days=30):
                    status = "due"
                else:
                    status = self.random.choices(list(REPORT_STATUSES), list(REPORT_STATUSES.values()))[0]
                sent = status in ("accepted", "submitted", "changes_requested")
                when = datetime.combine(due, datetime.min.time(), timezone.utc) - timedelta(days=3)
                yield {"id": number, "grant_id": grant["id"], "key": item["key"], "position": position, "due_on": due,
                       "status": status, "answers": {"what_changed": self.answer()} if sent else {},
                       "written_language": "en" if sent else None, "is_conversation": False, "review_message": "",
                       "created_at": grant["accepted_at"], "updated_at": when if sent else grant["accepted_at"],
                       "submitted_at": when if sent else None, "submitted_by_id": grant["organisation_id"] if sent else None,
                       "reviewed_at": when + timedelta(days=4) if status in ("accepted", "changes_requested", "waived") else None,
                       "reviewed_by_id": self.manager_id if status in ("accepted", "changes_requested", "waived") else None}
                for share in grant["shares"] if sent else ():
                    spend = 0
                    if status == "accepted":
                        left = share["paid_minor"] - share.get("spent_minor", 0)
                        spend = left * self.random.randint(60, 100) // 100
                        share["spent_minor"] = share.get("spent_minor", 0) + spend
                        if spend:
                            self.spends.append((number, share, spend))
                    self.report_parts.append({
                        "id": len(self.report_parts) + 1, "report_id": number, "share_id": share["id"],
                        "spend": dict(zip(("activities", "people", "transport"), split(spend, [5, 3, 2]))) if spend else {},
                        "note": "", "written_language": "en", "updated_at": when, "updated_by_id": share["organisation_id"]})
