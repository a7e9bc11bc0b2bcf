"""A PostgreSQL database of our own, filled at the scale of DESIGN.md's budgets (100,000
applications, optionally 1,000,000 ledger entries), for the benchmark scripts beside this file.

Rows are generated in Python with explicit ids (so foreign keys need no round trip) and written
with PostgreSQL COPY, then the id sequences are moved past them and the tables analysed. The
data is deterministic for a given --seed: one fund, one rolling call, three tiers (emergency
72 h, seed, consortium), organisations in six countries, applications in every status and six
written languages over the past year, reviewer assignments with scores, decisions, and for each
approval a grant with one share, its tranches and the disbursements of the paid ones. Answers
are as long as real ones (a few hundred characters each), so table scans cost what they would.
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
from sqlmodel import SQLModel

from portal import models  # noqa: F401  (registers every table)
from portal.ledger import accounts
from portal.money import split

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
WORDS = ("women", "peace", "village", "training", "radio", "mediation", "safe", "house", "market", "school",
         "water", "youth", "dialogue", "health", "court", "land", "return", "savings", "network", "listening")


@dataclass(frozen=True)
class Scale:
    applications: int = 100_000
    organisations: int = 5_000
    ledger_entries: int = 0
    seed: int = 42


@contextmanager
def own_database(server_url, prefix="mizani_bench"):
    """A database `<prefix>_<pid>` on the server of `server_url`, dropped on exit (like the
    tests' pg_url): yields its SQLAlchemy URL."""
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{os.getpid()}"
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def libpq(url):
    """The psycopg connection string of a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def seed(url, scale=Scale(), *, now=None):
    """Create the tables and fill them; returns {table: rows written}."""
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    data = Generator(scale, now or datetime.now(timezone.utc))
    counts = {}
    with psycopg.connect(libpq(url)) as conn:
        for table, rows in data.tables():
            counts[table] = copy_rows(conn, table, rows)
        for table in counts:
            if "id" in SQLModel.metadata.tables[table].c:  # new rows (the signed-in manager) follow ours
                conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f"(SELECT coalesce(max(id), 0) + 1 FROM \"{table}\"), false)")
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return counts


def copy_rows(conn, table, rows):
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
    return count


class Generator:
    """Deterministic rows for every table, in foreign-key order."""

    def __init__(self, scale, now):
        self.scale, self.now, self.random = scale, now, random.Random(scale.seed)
        self.paragraphs = [" ".join(self.random.choice(WORDS) for _ in range(150)) for _ in range(50)]
        self.manager_id = scale.organisations + REVIEWERS + 1  # decides and assigns in the seeded history
        self.fund = SimpleNamespace(id=1, currency="USD")
        self.applications, self.grants = [], []
        self.paid = []  # (tranche id, grant, amount); disbursement n pays the n-th

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
        yield "grant_share", ({"id": g["id"], "grant_id": g["id"], "organisation_id": g["organisation_id"],
                               "amount_minor": g["amount_minor"], "is_lead": True} for g in self.grants)
        yield "tranche", self.tranches()
        yield "disbursement", self.disbursements()
        if self.scale.ledger_entries:
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
                "countries": list(COUNTRIES), "themes": ["participation", "protection"], "created_at": self.now}

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
                                    for n, p in enumerate(plan)]}

    # --- applications and their review ------------------------------------------------------
    def application_rows(self):
        pick = self.random.choices
        tiers, tier_weights = list(range(1, len(TIERS) + 1)), [spec[0] for spec in TIERS.values()]
        statuses, languages = list(STATUSES), list(LANGUAGES)
        for i in range(1, self.scale.applications + 1):
            tier = pick(tiers, tier_weights)[0]
            _share, hours, low, high, _plan = list(TIERS.values())[tier - 1]
            status = pick(statuses, list(STATUSES.values()))[0]
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
                self.grants.append({"id": len(self.grants) + 1, "application_id": application_id,
                                    "organisation_id": organisation, "amount_minor": requested, "tier": tier,
                                    "awarded_at": submitted + timedelta(hours=hours)})

    # --- grants and payments ---------------------------------------------------------------
    def grant_rows(self):
        themes = ("participation", "prevention", "protection", "relief_recovery")
        for grant in self.grants:
            grant["status"] = self.random.choices(("awarded", "accepted", "closed"), (20, 70, 10))[0]
            accepted = grant["awarded_at"] + timedelta(days=2) if grant["status"] != "awarded" else None
            yield {"id": grant["id"], "application_id": grant["application_id"], "fund_id": 1,
                   "amount_minor": grant["amount_minor"], "currency": "USD", "status": grant["status"],
                   "conditions": "", "theme": themes[grant["id"] % 4], "awarded_at": grant["awarded_at"],
                   "accepted_by_id": grant["organisation_id"] if accepted else None, "accepted_at": accepted,
                   "accepted_language": "en" if accepted else None,
                   "first_paid_at": accepted + timedelta(days=5) if accepted else None}

    def tranches(self):
        """Awarded grants wait; accepted ones have their first tranche paid; closed ones are paid."""
        number = 0
        for grant in self.grants:
            plan = list(TIERS.values())[grant["tier"] - 1][4]
            for position, amount in enumerate(split(grant["amount_minor"], list(plan)), start=1):
                number += 1
                if grant["status"] == "awarded":
                    status = "waiting"
                elif grant["status"] == "closed" or position == 1:
                    status = "paid"
                else:
                    status = "waiting"
                if status == "paid":
                    self.paid.append((number, grant, amount))
                yield {"id": number, "share_id": grant["id"], "position": position, "amount_minor": amount,
                       "after_report": None if position == 1 else "interim", "status": status}

    def disbursements(self):
        for number, (tranche_id, grant, amount) in enumerate(self.paid, start=1):
            when = grant["awarded_at"] + timedelta(days=5)
            yield {"id": number, "tranche_id": tranche_id, "amount_minor": amount, "currency": "USD",
                   "status": "confirmed", "method": "mobile_money", "reference": f"BENCH-{number}",
                   "schedule_key": f"bench-schedule-{number}", "scheduled_by_id": self.manager_id,
                   "scheduled_at": when, "approved_by_id": self.manager_id, "approved_at": when,
                   "sent_at": when, "confirmed_at": when, "failed_at": None, "failure_reason": None}


class Ledger:
    """Books that pass `portal.ledger.invariants.check`: every grant committed (attributed to
    contributions in order), every paid tranche paid, and received contributions (one receipt
    transaction each) numerous enough to reach `ledger_entries` entries, two per transaction."""

    DONORS = 200

    def __init__(self, data):
        self.data = data
        self.payments = [(number, grant, amount) for number, (_tranche, grant, amount) in enumerate(data.paid, start=1)]
        fixed = len(data.grants) + len(self.payments)
        self.receipts = max(1, data.scale.ledger_entries // 2 - fixed)
        self.receipt_minor = -(-sum(grant["amount_minor"] for grant in data.grants) // self.receipts) + 100

    def tables(self):
        fund, now, manager = self.data.fund, self.data.now, self.data.manager_id
        yield "donor", ({"id": n, "name": f"Donor {n}", "kind": "foundation", "country": "NO", "created_at": now}
                        for n in range(1, self.DONORS + 1))
        yield "contribution", ({
            "id": n, "fund_id": 1, "donor_id": n % self.DONORS + 1, "status": "received", "source": "bank_transfer",
            "amount_minor": self.receipt_minor, "currency": "USD", "fund_amount_minor": self.receipt_minor,
            "fee_minor": 0, "pledge_key": f"bench-pledge-{n}", "created_by_id": manager, "created_at": now,
            "received_at": now} for n in range(1, self.receipts + 1))
        yield "grant_funding", self.funding()
        refs = [accounts.donor_money("USD"), accounts.unallocated(fund)]
        for grant in self.data.grants:
            refs += [accounts.committed(fund, grant["id"]), accounts.disbursed(fund, grant["id"])]
        ids = {ref.code: number for number, ref in enumerate(refs, start=1)}
        yield "ledger_account", ({"id": ids[r.code], "code": r.code, "kind": r.kind, "fund_id": r.fund_id,
                                  "currency": r.currency, "created_at": now} for r in refs)
        moves = [("contribution.receive", f"bench-receipt-{n}", "contribution", n, refs[0], refs[1],
                  self.receipt_minor) for n in range(1, self.receipts + 1)]
        moves += [("grant.commit", f"grant:{g['id']}:commit", "grant", g["id"], refs[1],
                   accounts.committed(fund, g["id"]), g["amount_minor"]) for g in self.data.grants]
        moves += [("disbursement.pay", f"disbursement:{n}:pay", "disbursement", n, accounts.committed(fund, g["id"]),
                   accounts.disbursed(fund, g["id"]), amount) for n, g, amount in self.payments]
        yield "ledger_transaction", ({"id": n, "kind": kind, "memo": "", "idempotency_key": key, "actor_id": manager,
                                      "record_type": rtype, "record_id": rid, "created_at": now}
                                     for n, (kind, key, rtype, rid, *_legs) in enumerate(moves, start=1))
        yield "ledger_entry", self.entries(moves, ids)

    def funding(self):
        """Each grant paid by the contributions in order (a grant may span two)."""
        number, contribution, left = 0, 1, self.receipt_minor
        for grant in self.data.grants:
            owed = grant["amount_minor"]
            while owed:
                part = min(owed, left)
                number += 1
                yield {"id": number, "grant_id": grant["id"], "contribution_id": contribution, "amount_minor": part}
                owed, left = owed - part, left - part
                if not left:
                    contribution, left = contribution + 1, self.receipt_minor

    @staticmethod
    def entries(moves, ids):
        number = 0
        for transaction, (*_head, source, target, amount) in enumerate(moves, start=1):
            for ref, signed in ((source, -amount), (target, amount)):
                number += 1
                yield {"id": number, "transaction_id": transaction, "account_id": ids[ref.code],
                       "amount_minor": signed, "currency": "USD"}
