"""The demo loads twice without change, speaks all six languages, obeys the portal's own rules, and
has enough of a past for the donor dashboards to show figures."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from helpers import sign_in
from portal import demo
from portal.accounts.models import Membership, Organisation, User, UserRole
from portal.accounts.services import authenticate
from portal.applications.models import Application, ConsortiumMember, StatusChange
from portal.dashboards.suppression import MIN_COUNT
from portal.donors.models import Contribution, Donor, DonorMember
from portal.grants.models import Disbursement, Grant, GrantShare, Payee, Tranche
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.eligibility.rules import CHOICES, evaluate
from portal.funds.models import Call, EligibilityRule, Fund, Question, Tier
from portal.reports.models import Report, ReportPart
from portal.review.models import Decision
from portal.text import char_count
from portal.types import utcnow

LANGUAGES = {"en", "fr", "es", "ar", "sw", "pt"}
TABLES = (User, UserRole, Organisation, Membership, Fund, Call, Tier, Question, EligibilityRule,
          Application, StatusChange, ConsortiumMember, Donor, DonorMember, Contribution, LedgerTransaction,
          Decision, Grant, GrantShare, Tranche, Payee, Disbursement, Report, ReportPart)


def row_counts(session):
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one() for model in TABLES}


def authored_texts(session):
    """Every per-language field fund managers write, named for a readable failure."""
    fund = session.exec(select(Fund)).one()
    call = session.exec(select(Call)).one()
    yield "fund.name", fund.name
    yield "fund.description", fund.description
    yield "call.title", call.title
    yield "call.description", call.description
    for tier in call.tiers:
        yield f"{tier.key}.title", tier.title
        yield f"{tier.key}.description", tier.description
        for document in tier.required_documents:
            yield f"{tier.key}.document.{document['key']}", document["label"]
        for question in tier.questions:
            yield f"{tier.key}.{question.key}.label", question.label
            yield f"{tier.key}.{question.key}.help", question.help
        for rule in tier.rules:
            yield f"{tier.key}.rule.{rule.field}", rule.explanation


@pytest.fixture
def loaded(db):
    logins = demo.load(db)
    db.expire_all()  # read back what the database holds, not the objects just written
    return logins


def test_loading_twice_changes_nothing(db, loaded):
    before = row_counts(db)
    assert demo.load(db) == loaded
    assert row_counts(db) == before
    assert before["Application"] == len(demo.content.APPLICATIONS) + len(demo.content.HISTORY)


def test_every_authored_text_is_in_six_languages(db, loaded):
    for name, texts in authored_texts(db):
        missing = LANGUAGES - {lang for lang, text in texts.items() if text.strip()}
        assert not missing, f"{name} lacks {sorted(missing)}"


def test_tiers_stay_within_their_question_caps(db, loaded):
    tiers = {tier.key: tier for tier in db.exec(select(Tier)).all()}
    counts = {key: len(tier.questions) for key, tier in tiers.items()}
    assert counts == {"emergency": 4, "seed": 6, "consortium": 8}
    assert all(len(tier.questions) <= tier.max_questions for tier in tiers.values())
    assert tiers["emergency"].decision_hours == 72 and tiers["emergency"].required_documents == []
    assert tiers["consortium"].is_consortium and not tiers["seed"].is_consortium


def test_answers_fit_their_tier(db, loaded):
    for application in db.exec(select(Application)).all():
        tier = application.tier
        limits = {question.key: question.max_chars for question in tier.questions}
        assert set(application.answers) <= set(limits), application.reference
        assert all(char_count(text) <= limits[key] for key, text in application.answers.items())
        assert tier.min_amount_minor <= application.requested_minor <= tier.max_amount_minor


def test_eligibility_answers_are_valid_choices_that_open_the_tier(db, loaded):
    countries = set(db.exec(select(Fund)).one().countries)
    for application in db.exec(select(Application)).all():
        answers = application.eligibility_answers
        assert set(answers) == set(CHOICES)
        for key, value in answers.items():
            assert value in (countries if key == "country" else CHOICES[key]), (key, value)
        assert evaluate(application.tier, answers).eligible, application.tier.key


def test_consortium_shares_sum_to_the_request_with_a_women_led_lead(db, loaded):
    consortia = [app for app in db.exec(select(Application)).all() if app.tier.is_consortium]
    assert consortia
    for application in consortia:
        members = application.members
        assert sum(member.share_minor for member in members) == application.requested_minor
        lead, = [member for member in members if member.is_lead]
        assert lead.organisation_id == application.organisation_id and lead.status == "accepted"
        assert lead.organisation.women_led
        assert len(members) <= application.tier.consortium_max_members
        if application.status == "approved":  # every member said yes before the grant was made
            assert {member.status for member in members} == {"accepted"}
            assert len(members) >= application.tier.consortium_min_members
        else:
            assert {member.status for member in members} == {"accepted", "invited"}


def test_status_history_leads_to_the_current_status(db, loaded):
    statuses = set()
    for application in db.exec(select(Application)).all():
        statuses.add(application.status)
        changes = db.exec(select(StatusChange).where(StatusChange.application_id == application.id)
                          .order_by(StatusChange.at)).all()
        path = ["draft"] + [change.to_status for change in changes]
        assert [change.from_status for change in changes] == path[:-1]
        assert path[-1] == application.status
        assert (application.reference is None) == (application.status == "draft")
        if application.submitted_at:
            assert application.submitted_at.tzinfo is not None
            assert application.submitted_at <= utcnow()
    assert {"draft", "submitted", "in_review", "withdrawn"} <= statuses


def test_exactly_one_emergency_is_overdue(db, loaded):
    now = utcnow()
    overdue = [
        app for app in db.exec(select(Application)).all()
        if app.status in ("submitted", "in_review")
        and now - app.submitted_at > timedelta(hours=app.tier.decision_hours)
    ]
    assert [app.tier.key for app in overdue] == ["emergency"]


def test_printed_logins_sign_in_with_their_roles(db, loaded):
    roles = {"Fund manager": "fund_manager", "Finance officer": "finance_officer", "Reviewer": "reviewer",
             "Admin": "admin", "Donor": "donor", "Applicant (sw)": "applicant"}
    for email, password, label in loaded:
        user = authenticate(session=db, email=email, password=password)
        assert user is not None, email
        if label in roles:
            assert roles[label] in user.roles
    assert {label for _email, _password, label in loaded} >= set(roles)
    applicants = [email for email, _password, label in loaded if label.startswith("Applicant")]
    assert 2 <= len(applicants) <= 3
    assert all(db.exec(select(User).where(User.email == email)).one().memberships for email in applicants)


def test_demo_money_is_booked_through_the_ledger_and_the_books_balance(db):
    demo.load(db)
    contributions = db.exec(select(Contribution)).all()
    assert len(contributions) == sum(len(spec["transfers"]) for spec in demo.content.DONORS)
    assert {c.status for c in contributions} == {"received"}
    assert {c.currency for c in contributions} == {"USD", "EUR", "RWF"}
    assert all(c.fx_rate and c.fx_source for c in contributions if c.currency != "USD")
    assert {c.earmark_kind for c in contributions} >= {"country", "theme", None}
    assert "individual" in {donor.kind for donor in db.exec(select(Donor)).all()}
    assert check(db) == []


def test_demo_grants_are_awarded_accepted_and_paid_with_four_eyes(db):
    from portal.grants.models import Disbursement, Grant, Payee
    from portal.review.models import RubricCriterion
    demo.load(db)
    grants = db.exec(select(Grant)).all()
    decided_now = sum("decision" in spec for spec in demo.content.APPLICATIONS)
    assert len(grants) == decided_now + len(demo.content.HISTORY) >= 15
    assert {g.status for g in grants} == {"accepted"} and all(g.accepted_language for g in grants)
    payments = db.exec(select(Disbursement).order_by(Disbursement.id)).all()
    assert {p.status for p in payments} == {"confirmed", "scheduled"}
    assert [p.status for p in payments].count("scheduled") == 1  # waiting for the second pair of eyes
    for confirmed in (p for p in payments if p.status == "confirmed"):
        assert confirmed.approved_by_id != confirmed.scheduled_by_id
        assert confirmed.scheduled_at <= confirmed.approved_at <= confirmed.sent_at <= confirmed.confirmed_at
    assert all(p.hint.startswith("•••• ") for p in db.exec(select(Payee)).all())
    assert {c.tier_id for c in db.exec(select(RubricCriterion)).all()} == {t.id for t in db.exec(select(Tier)).all()}
    assert check(db) == []


def test_the_past_gives_the_dashboards_figures(db, loaded):
    """Enough grants in enough countries, tiers, themes and languages that the breakdowns count
    five or more; consortia with several shares; reports in every state; the safety flags."""
    from collections import Counter
    grants = db.exec(select(Grant)).all()
    applications = {grant.id: db.get(Application, grant.application_id) for grant in grants}
    assert len(grants) >= 15
    for dimension in (lambda g: applications[g.id].organisation.country, lambda g: applications[g.id].tier.key,
                      lambda g: g.theme, lambda g: applications[g.id].written_language):
        counts = Counter(dimension(grant) for grant in grants)
        assert sum(count >= MIN_COUNT for count in counts.values()) >= 3, counts
    assert {applications[g.id].written_language for g in grants} == LANGUAGES
    consortia = [grant for grant in grants if len(grant.shares) >= 2]
    assert len(consortia) >= 4
    assert all(sum(share.amount_minor for share in grant.shares) == grant.amount_minor for grant in consortia)
    assert sum(not grant.do_not_publish for grant in grants) == len(grants) - 1
    statuses = Counter(report.status for report in db.exec(select(Report)).all())
    assert statuses["accepted"] >= 5 and statuses["submitted"] >= 2 and statuses["changes_requested"] >= 1
    today = utcnow().date()
    assert any(r.status == "due" and r.due_on < today for r in db.exec(select(Report)).all())  # late
    spent = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "report.spend")).all()
    assert len(spent) >= statuses["accepted"]
    story, = [grant for grant in grants if grant.story_consent]
    report = db.exec(select(Report).where(Report.grant_id == story.id, Report.status == "accepted")).one()
    assert report.answers["what_changed"].strip() and not story.do_not_publish
    assert db.exec(select(Fund)).one().is_public
    assert check(db) == []


def test_the_past_took_realistic_time(db, loaded):
    """Decisions within the tiers' targets (emergency in days, seed in weeks), paid after the
    decision, everything in the past."""
    now = utcnow()
    for decision in db.exec(select(Decision)).all():
        application = db.get(Application, decision.application_id)
        grant = db.exec(select(Grant).where(Grant.application_id == application.id)).one()
        assert application.submitted_at < decision.decided_at <= now
        assert abs((decision.decided_at - application.submitted_at).total_seconds() / 3600
                   - decision.hours_to_decision) <= 1
        assert decision.hours_to_decision <= application.tier.decision_hours * 1.5
        if application.tier.key == "seed":
            assert 24 * 7 <= decision.hours_to_decision
        assert grant.awarded_at <= grant.accepted_at <= now
        if grant.first_paid_at is not None:
            assert decision.decided_at <= grant.first_paid_at <= now
        approval = db.exec(select(StatusChange).where(StatusChange.application_id == application.id,
                                                      StatusChange.action == "approve")).one()
        assert abs(approval.at - decision.decided_at) < timedelta(seconds=1)
    oldest = min(decision.decided_at for decision in db.exec(select(Decision)).all())
    assert timedelta(days=240) < now - oldest < timedelta(days=330)


def test_the_demo_donor_sees_country_figures_on_her_dashboard(client, db, loaded):
    fund = db.exec(select(Fund)).one()
    donor = next(email for email, _password, label in loaded if label == "Donor")
    assert client.get(f"/dashboards/{fund.id}/public").status_code == 200
    sign_in(client, donor, demo.PASSWORD)
    response = client.get(f"/dashboards/{fund.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "By country" in html and "Colombia" in html
    countries = client.get(f"/dashboards/{fund.id}/countries.csv")
    rows = list(csv.reader(io.StringIO(countries.get_data().decode("utf-8-sig"))))
    at = rows[0].index("grants")
    shown = [row for row in rows[1:] if row[at].isdigit() and int(row[at]) >= MIN_COUNT and row[0] != "total"]
    assert shown, rows
