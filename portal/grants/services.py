"""Awarding a grant and what the grantee and fund managers do with it afterwards.

`award` runs inside the approval's money transaction: the grant, its shares and tranches, the
contributions that fund it and the ledger commitment are written together or not at all.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update
from sqlmodel import select

from portal import audit, money
from portal.applications.models import Application
from portal.dashboards import tallies
from portal.domain import DomainError, InvalidTransition
from portal.donors.attribution import AttributionShortfall, Available, Target, attribute
from portal.donors.models import Contribution
from portal.grants.models import Grant, GrantFunding, GrantShare, Tranche
from portal.grants.states import GRANT, TRANCHE
from portal.ledger import accounts
from portal.ledger.locking import lock_accounts
from portal.ledger.posting import InsufficientFunds, Leg, balance, post
from portal.reports.plan import schedule_reports
from portal.types import utcnow


class CannotCover(DomainError):
    """The fund's unallocated money (or the part of it this grant may use) is too small."""


NOT_ENOUGH = _l("The fund does not hold enough unallocated money for this grant.")


def commit_key(grant):
    return f"grant:{grant.id}:commit"


def award(session, *, application, amount_minor, actor, conditions="", theme=None):
    """Create the grant for an approved application and commit its money (in a money transaction).

    Shares follow the consortium members' requested shares, scaled to the approved amount;
    tranches follow the tier's plan; the contributions that pay for it are chosen by the
    attribution rule, earmarks first.
    """
    tier, fund = application.tier, application.tier.call.fund
    lock_accounts(session, [accounts.unallocated(fund)])  # attribution reads must not race
    if balance(session, accounts.unallocated(fund).code) < amount_minor:  # say so before blaming earmarks
        raise CannotCover(NOT_ENOUGH)
    grant = Grant(application_id=application.id, fund_id=fund.id, amount_minor=amount_minor,
                  currency=fund.currency, conditions=conditions, theme=theme)
    session.add(grant)
    session.flush()
    shares = _create_shares(session, grant, application)
    for share in shares:
        create_tranches(session, share, tier.tranche_plan)
    _record_funding(session, grant, Target(call_id=tier.call_id, country=application.organisation.country, theme=theme))
    tallies.grant_awarded(session, grant=grant, shares=shares)
    legs = [Leg(accounts.unallocated(fund), -amount_minor)]
    legs += [Leg(accounts.committed(fund, share.id), share.amount_minor) for share in shares]
    try:
        post(session, kind="grant.commit", legs=legs, idempotency_key=commit_key(grant), actor=actor, record=grant,
             memo=f"Grant {grant.id} for application {application.reference}")
    except InsufficientFunds:
        raise CannotCover(NOT_ENOUGH) from None
    audit.record(session, actor=actor, action="grant.award", record=grant,
                 after={"amount_minor": amount_minor, "shares": {s.organisation_id: s.amount_minor for s in shares}})
    return grant


def _create_shares(session, grant, application):
    members = [m for m in application.members if m.status == "accepted" and m.organisation_id]
    if not members:
        weights, organisations, leads = [1], [application.organisation_id], [True]
    else:
        weights = [max(m.share_minor, 0) for m in members]
        organisations, leads = [m.organisation_id for m in members], [m.is_lead for m in members]
        if not sum(weights):
            weights = [1] * len(members)
    amounts = money.split(grant.amount_minor, weights)
    shares = [GrantShare(grant_id=grant.id, organisation_id=org, amount_minor=amount, is_lead=lead)
              for org, amount, lead in zip(organisations, amounts, leads)]
    session.add_all(shares)
    session.flush()
    return shares


def create_tranches(session, share, plan):
    """One tranche per part of the plan, amounts split exactly by percent; all wait for the
    agreement (or their report) before they can be paid."""
    plan = plan or [{"percent": 100, "after_report": None}]
    amounts = money.split(share.amount_minor, [part["percent"] for part in plan])
    tranches = [Tranche(share_id=share.id, position=position, amount_minor=amount,
                        after_report=part.get("after_report"), status="waiting")
                for position, (part, amount) in enumerate(zip(plan, amounts), start=1)]
    session.add_all(tranches)
    session.flush()
    return tranches


def available_contributions(session, fund_id):
    """Received contributions with money not yet attributed to a grant, in the fund's currency."""
    used = (select(GrantFunding.contribution_id, func.sum(GrantFunding.amount_minor).label("used"))
            .group_by(GrantFunding.contribution_id).subquery())
    rows = session.execute(
        select(Contribution.id, Contribution.fund_amount_minor - Contribution.fee_minor - func.coalesce(used.c.used, 0),
               Contribution.earmark_kind, Contribution.earmark_value)
        .outerjoin(used, used.c.contribution_id == Contribution.id)
        .where(Contribution.fund_id == fund_id, Contribution.status == "received")
        .order_by(Contribution.id)
    ).all()
    return [Available(cid, int(left), kind, value) for cid, left, kind, value in rows if left and left > 0]


def _record_funding(session, grant, target):
    try:
        parts = attribute(grant.amount_minor, target, available_contributions(session, grant.fund_id))
    except AttributionShortfall:
        raise CannotCover(_l("The fund's money that may be used for this grant is not enough: "
                             "some of it is earmarked for other purposes.")) from None
    session.add_all(GrantFunding(grant_id=grant.id, contribution_id=cid, amount_minor=amount) for cid, amount in parts)


def move_status(session, model, record, machine, action, roles, **values):
    """Compare-and-set one state change of a grant or tranche; returns (before, after)."""
    before = record.status
    target = machine.next_state(before, action, roles)
    moved = session.execute(update(model).where(model.id == record.id, model.status == before)
                            .values(status=target, **values).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise InvalidTransition(_l("This record was changed meanwhile. Please reload the page."))
    session.refresh(record)
    return before, target


def accept_agreement(session, *, grant, actor, roles, language):
    """The grantee accepts the terms online; tranches with no report to wait for become payable,
    and the reports of the tier's plan are scheduled from today."""
    before, after = move_status(session, Grant, grant, GRANT, "accept", roles,
                          accepted_by_id=actor.id, accepted_at=utcnow(), accepted_language=language)
    application = session.get(Application, grant.application_id)
    schedule_reports(session, grant=grant, plan=application.tier.report_plan, start=grant.accepted_at.date())
    for share in grant.shares:
        for tranche in share.tranches:
            if tranche.after_report is None and tranche.status == "waiting":
                move_status(session, Tranche, tranche, TRANCHE, "release", {"fund_manager"})
    audit.record(session, actor=actor, action="grant.accept", record=grant,
                 before={"status": before}, after={"status": after, "language": language})
    return grant


def release_tranche(session, *, tranche, actor, roles):
    """A fund manager releases a tranche that waits for a report (e.g. after accepting it)."""
    grant = tranche.share.grant
    if grant.status != "accepted":
        raise InvalidTransition(_l("The grant terms have not been accepted yet."))
    before, after = move_status(session, Tranche, tranche, TRANCHE, "release", roles)
    audit.record(session, actor=actor, action="tranche.release", record=tranche,
                 before={"status": before}, after={"status": after})
    return tranche


def adjust_plan(session, *, share, amounts, actor):
    """Change the amounts of a share's unpaid tranches; together they must still make the share.

    `amounts` maps tranche id → minor units. A tranche being paid or paid keeps its amount.
    """
    tranches = {t.id: t for t in share.tranches}
    fixed = sum(t.amount_minor for t in tranches.values() if t.status in ("in_payment", "paid"))
    changed = {tid: amount for tid, amount in amounts.items() if tid in tranches
               and tranches[tid].status in ("waiting", "payable")}
    if any(amount < 0 for amount in changed.values()):
        raise DomainError(_l("A tranche cannot be negative."))
    open_total = sum(changed.get(t.id, t.amount_minor) for t in tranches.values() if t.status in ("waiting", "payable"))
    if fixed + open_total != share.amount_minor:
        raise DomainError(_l("The tranches must add up to the share of the grant."))
    before = {t.id: t.amount_minor for t in tranches.values()}
    for tid, amount in changed.items():  # compare-and-set: a tranche scheduled meanwhile keeps its amount
        moved = session.execute(update(Tranche).where(Tranche.id == tid, Tranche.status.in_(("waiting", "payable")))
                                .values(amount_minor=amount).execution_options(synchronize_session=False)).rowcount
        if moved != 1:
            raise InvalidTransition(_l("This record was changed meanwhile. Please reload the page."))
        session.refresh(tranches[tid])
    audit.record(session, actor=actor, action="grant.adjust_plan", record=share.grant,
                 before={"tranches": before}, after={"tranches": {t.id: t.amount_minor for t in tranches.values()}})
    session.flush()
