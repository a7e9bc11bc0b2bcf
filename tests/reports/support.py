"""Arrangements for the report tests: a grant accepted and its first tranche paid."""
from tests.grants.support import World
from portal.grants import disbursements
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.review.decisions import approve

FINANCE = {"finance_officer"}
#: 60 % on acceptance, 40 % after the interim report; an interim report after 6 months and a
#: final one after 12.
PLAN = [{"percent": 60, "after_report": None}, {"percent": 40, "after_report": "interim"}]
REPORTS = [{"key": "interim", "months": 6}, {"key": "final", "months": 12}]


def paid_grant(session, *, amount_minor=400_000, consortium=(0, 0), reports=REPORTS):
    """(world, grant): approved for `amount_minor`, terms accepted, the first tranche paid."""
    world = World(session, plan=PLAN, consortium=consortium)
    world.tier.report_plan = reports
    session.add(world.tier)
    approve(session, application=world.application, actor=world.manager, amount_minor=amount_minor, key="k")
    grant = world.grant(session)
    accept_agreement(session, grant=grant, actor=world.applicant, roles={"applicant"}, language="sw")
    for share in grant.shares:
        pay(session, world, share.tranches[0], share)
    session.commit()
    return world, world.grant(session)


def pay(session, world, tranche, share):
    save_payee(session, share=share, method="mobile_money", actor=world.applicant,
               details={"account_holder": "A", "phone_number": "+243812345678", "operator": "M-Pesa"})
    payment = disbursements.schedule(session, tranche=tranche, actor=world.finance, roles=FINANCE, key=f"s{tranche.id}")
    disbursements.approve(session, disbursement=payment, actor=world.finance2, roles=FINANCE)
    return payment
