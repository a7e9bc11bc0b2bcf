"""The demo behind `flask --app wsgi load-demo`: a fund to click through right after installing.

Rows are written directly rather than through the services because the demo needs a past (a
submission four days ago, a review started last week) and the services stamp everything "now".
The state machine still decides every status, so the demo cannot hold a history the portal
would refuse. Money is the exception: transfers, decisions, grants and payments go through the
services, because the ledger must hold them exactly as the portal would have booked them.

The words and facts live in `demo_content.json` (one fund, its rolling call, three tiers, staff,
local organisations, their applications, donors and the fund's past grants), kept as data so
translators and reviewers can read them on their own. Authored fields carry all six interface
languages; applications and reports are written in the applicant's own language. Amounts are USD
minor units (cents); times are hours (days, for the past grants) before the moment the demo is
loaded, so the queue always looks current. The past grants, which give the dashboards their
figures, are booked by `demo_history`.
"""
import hashlib
import itertools
import json
import secrets
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from sqlmodel import select

from portal import demo_history, money
from portal.accounts.models import Membership, Organisation, User, UserRole
from portal.accounts.services import create_user, hasher
from portal.applications.models import Application, ConsortiumMember, StatusChange
from portal.applications.states import APPLICATION
from portal.dashboards import tallies
from portal.dashboards.services import set_public
from portal.donors.models import Donor, DonorMember
from portal.donors.services import record_bank_transfer
from portal.funds.models import Call, EligibilityRule, Fund, Question, Tier
from portal.grants import disbursements
from portal.grants.models import Grant
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.ledger.locking import money_transaction
from portal.reports import services as reports
from portal.reports.models import Report
from portal.review.decisions import approve
from portal.review.models import RubricCriterion
from portal.types import utcnow

#: One password for every demo account, printed by the CLI: the demo is never for production.
PASSWORD = "mizani-demo-2026"

content = SimpleNamespace(**json.loads(Path(__file__).with_name("demo_content.json").read_text(encoding="utf-8")))

ORGANISATION_FIELDS = ("name", "kind", "registered", "country", "women_led", "languages")


def load(session):
    """Create the demo once, commit, and return the logins [(email, password, role)] to print.

    Idempotent: when the demo fund exists, nothing is written and the same logins come back.
    """
    if session.exec(select(Fund).where(Fund.code == content.FUND["code"])).first() is None:
        now = utcnow()
        # Every demo account has the same printed password: one argon2 hash serves them all
        # (hashing it for each account would be most of `make run`'s wait).
        password_hash = hasher().hash(PASSWORD)
        tiers = _create_fund(session)
        manager = _create_staff(session, password_hash)
        applicants = _create_organisations(session, password_hash)
        history = demo_history.as_applications(content.HISTORY, content.ORGANISATIONS)
        written = _create_applications(session, specs=history + content.APPLICATIONS, tiers=tiers,
                                       applicants=applicants, manager=manager, now=now)
        donors = _create_donors(session)
        fund = session.exec(select(Fund).where(Fund.code == content.FUND["code"])).one()
        set_public(session, fund=fund, is_public=True, actor=manager)  # its transparency page
        session.commit()
        staff = _staff(session)
        demo_history.replay(
            history=content.HISTORY, applications=written[:len(history)], transfers=_transfers(session, donors),
            staff={"manager": staff["Fund manager"].id, "first": staff["Finance officer"].id,
                   "second": staff["Finance (second)"].id},
            people={organisation.id: (user.id, content.ORGANISATIONS[key].get("payee"))
                    for key, (organisation, user) in applicants.items()},
            now=now,
        )
        _decide_and_pay(session)
        tallies.rebuild(session)  # the history above moved times and dates the services had counted as "now"
        session.commit()
    return logins()


def logins():
    """Staff and donor accounts, then the applicants worth trying first (different languages)."""
    applicants = [
        {**spec["user"], "label": spec["label"]}
        for spec in content.ORGANISATIONS.values() if spec.get("label")
    ]
    return [(person["email"], PASSWORD, person["label"]) for person in content.STAFF + applicants]


def _create_fund(session):
    """The fund, its published rolling call and its tiers; returns {tier key: Tier}."""
    fund = Fund(**content.FUND)
    session.add(fund)
    session.flush()
    call = Call(fund_id=fund.id, is_rolling=True, is_published=True, **content.CALL)
    session.add(call)
    session.flush()
    return {
        spec["key"]: _create_tier(session, call=call, position=position, spec=spec)
        for position, spec in enumerate(content.TIERS)
    }


def _create_tier(session, *, call, position, spec):
    """A tier with its questions and eligibility rules, in the order they are shown."""
    fields = {name: value for name, value in spec.items() if name not in ("questions", "rules", "rubric")}
    tier = Tier(call_id=call.id, position=position, **fields)
    session.add(tier)
    session.flush()
    for question_position, question in enumerate(spec["questions"]):
        session.add(Question(tier_id=tier.id, position=question_position, **question))
    for rule in spec["rules"]:
        session.add(EligibilityRule(tier_id=tier.id, **rule))
    for criterion_position, criterion in enumerate(spec.get("rubric", ())):
        session.add(RubricCriterion(tier_id=tier.id, position=criterion_position, **criterion))
    session.flush()
    return tier


def _create_account(session, person, roles, password_hash):
    user = create_user(session=session, email=person["email"], display_name=person["name"], roles=roles,
                       locale=person["locale"])
    user.password_hash = password_hash
    session.add(user)
    return user


def _create_staff(session, password_hash):
    """Staff and donor accounts; returns the fund manager, who starts the reviews."""
    accounts = [_create_account(session, person, person["roles"], password_hash) for person in content.STAFF]
    return next(user for user in accounts if "fund_manager" in user.roles)


def _staff(session):
    """{label: User} of the staff accounts."""
    return {person["label"]: session.exec(select(User).where(User.email == person["email"])).one()
            for person in content.STAFF}


def _create_donors(session):
    """Donors and the users who act for them; returns [(donor, spec)]."""
    created = []
    for spec in content.DONORS:
        donor = Donor(name=spec["name"], kind=spec["kind"], country=spec["country"])
        session.add(donor)
        session.flush()
        for email in spec["members"]:
            user = session.exec(select(User).where(User.email == email)).one()
            session.add(DonorMember(donor_id=donor.id, user_id=user.id))
        created.append((donor, spec))
    return created


def _transfers(session, donors):
    """Money that arrived by bank transfer, to be booked through the ledger like a finance officer
    would: [(the day it arrived, a function that records it)]."""
    fund = session.exec(select(Fund).where(Fund.code == content.FUND["code"])).one()
    officer = session.exec(select(User).join(UserRole).where(UserRole.role == "finance_officer")).first()
    today = utcnow().date()
    transfers = []
    for donor, spec in donors:
        for number, transfer in enumerate(spec["transfers"]):
            fx, value_date = transfer.get("fx"), today - timedelta(days=transfer["days_ago"])

            def record(donor_id=donor.id, number=number, transfer=transfer, fx=fx, value_date=value_date):
                record_bank_transfer(
                    fund_id=fund.id, donor_id=donor_id, amount=Decimal(transfer["amount"]),
                    currency=transfer["currency"], value_date=value_date, bank_reference=transfer["reference"],
                    idempotency_key=f"demo:transfer:{donor_id}:{number}", actor_id=officer.id,
                    fee=Decimal(transfer.get("fee", "0")),
                    earmark=tuple(transfer["earmark"]) if "earmark" in transfer else None,
                    fx={**fx, "date": value_date} if fx else None,
                )

            transfers.append((datetime.combine(value_date, time(), tzinfo=timezone.utc), record))
    return transfers


def _decide_and_pay(session):
    """Approvals of `content.APPLICATIONS` that carry a decision, through the services (the
    ledger must see them): grant, agreement, payee, and a payment scheduled or paid with four eyes."""
    staff = _staff(session)
    manager, first, second = staff["Fund manager"], staff["Finance officer"], staff["Finance (second)"]
    finance = {"finance_officer"}
    for spec in content.APPLICATIONS:
        if "decision" not in spec:
            continue
        decision, email = spec["decision"], content.ORGANISATIONS[spec["organisation"]]["user"]["email"]

        def work(session, spec=spec, decision=decision, email=email):
            applicant = session.exec(select(User).where(User.email == email)).one()
            application = session.exec(select(Application).where(
                Application.created_by_id == applicant.id, Application.status == "in_review")).one()
            approve(session, application=application, actor=session.get(User, manager.id), key=f"demo:{application.id}",
                    amount_minor=decision["approve_minor"], conditions=decision["conditions"], theme=decision["theme"])
            grant = session.exec(select(Grant).where(Grant.application_id == application.id)).one()
            accept_agreement(session, grant=grant, actor=applicant, roles={"applicant"}, language=applicant.locale)
            share = grant.shares[0]
            save_payee(session, share=share, actor=applicant, **decision["payee"])
            payment = disbursements.schedule(session, tranche=share.tranches[0], actor=session.get(User, first.id),
                                             roles=finance, key=f"demo:schedule:{share.id}")
            if decision["payment"] == "confirmed":
                disbursements.approve(session, disbursement=payment, actor=session.get(User, second.id), roles=finance)
                disbursements.mark_sent(session, disbursement=payment, actor=session.get(User, first.id), roles=finance,
                                        method=decision["payee"]["method"], reference=f"DEMO-{payment.id:05d}")
                disbursements.confirm(session, disbursement=payment, actor=session.get(User, first.id), roles=finance)
            if "report" in decision:
                _write_report(session, grant=grant, applicant=applicant, spec=decision["report"])

        money_transaction(work)


def _write_report(session, *, grant, applicant, spec):
    """The grantee's report in her own language, through the services: sent when `spec` says so."""
    report = session.exec(select(Report).where(Report.grant_id == grant.id, Report.key == spec["key"])).one()
    share = grant.shares[0]
    changes = reports.ReportChanges(answers=spec["answers"], written_language=applicant.locale,
                                    spend={share.id: {line: str(money.from_minor(amount, grant.currency))
                                                     for line, amount in spec["spend"].items()}})
    reports.save_report(session=session, report=report, actor=applicant, changes=changes, narrative=True,
                        share_ids={share.id})
    if spec.get("send"):
        reports.submit_report(session=session, report=report, grant=grant, actor=applicant, roles={"applicant"})


def _create_organisations(session, password_hash):
    """Each organisation with its one applicant member; returns {key: (organisation, user)}."""
    created = {}
    for key, spec in content.ORGANISATIONS.items():
        organisation = Organisation(**{name: spec[name] for name in ORGANISATION_FIELDS})
        session.add(organisation)
        session.flush()
        user = _create_account(session, spec["user"], ("applicant",), password_hash)
        session.add(Membership(user_id=user.id, organisation_id=organisation.id))
        created[key] = (organisation, user)
    session.flush()
    return created


def _create_applications(session, *, specs, tiers, applicants, manager, now):
    """Applications shaped like `content.APPLICATIONS`, with their status history and members,
    numbered in order; returns them in the order of `specs`."""

    def ago(hours):
        return now - timedelta(hours=hours)

    numbers = itertools.count(1)
    written = []
    for spec in specs:
        organisation, applicant = applicants[spec["organisation"]]
        last_change = spec["history"][-1][1] if spec["history"] else spec["started"]
        application = Application(
            tier_id=tiers[spec["tier"]].id, organisation_id=organisation.id, created_by_id=applicant.id,
            answers=spec["answers"], eligibility_answers=spec["eligibility_answers"],
            written_language=spec["written_language"], requested_minor=spec["requested_minor"],
            created_at=ago(spec["started"]), updated_at=ago(last_change),
        )
        session.add(application)
        session.flush()
        for action, hours in spec["history"]:
            _apply(session, application, action, at=ago(hours), applicant=applicant, manager=manager,
                   numbers=numbers)
        for member in spec.get("members", ()):
            session.add(_consortium_member(application, member, applicants=applicants, ago=ago))
        written.append(application)
    session.flush()
    return written


def _apply(session, application, action, *, at, applicant, manager, numbers):
    """One step of the application state machine, taken in the past by whoever may take it."""
    before = application.status
    actor = applicant if action in APPLICATION.actions(before, applicant.roles) else manager
    application.status = APPLICATION.next_state(before, action, actor.roles)
    if action == "submit":
        application.reference = f"MZ-DEMO-{next(numbers):04d}"
        application.submission_key = secrets.token_urlsafe(24)
        application.submitted_at = at
        application.decision_due_at = at + timedelta(hours=application.tier.decision_hours)
    session.add(StatusChange(application_id=application.id, from_status=before,
                             to_status=application.status, action=action, actor_id=actor.id, at=at))


def _consortium_member(application, spec, *, applicants, ago):
    """A member that accepted (an organisation on Mizani) or one still invited by email."""
    if "organisation" not in spec:
        # The emailed token is thrown away: the invitation stays pending, as the lead sees it.
        token_hash = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()
        return ConsortiumMember(
            application_id=application.id, invited_email=spec["invited_email"],
            invited_name=spec["invited_name"], share_minor=spec["share_minor"], status="invited",
            invitation_hash=token_hash, invited_at=ago(spec["invited"]),
        )
    organisation, user = applicants[spec["organisation"]]
    return ConsortiumMember(
        application_id=application.id, organisation_id=organisation.id,
        is_lead=organisation.id == application.organisation_id, invited_email=user.email,
        invited_name=organisation.name, share_minor=spec["share_minor"], status="accepted",
        invited_at=ago(spec["invited"]), responded_at=ago(spec["responded"]),
    )
