"""A fund with donors and grants in several countries, themes and languages, made through the
real services (contributions received, approvals with attribution, four-eyes payments)."""
from dataclasses import dataclass, field
from datetime import timedelta

from factories import (fund_with_money, make_call, make_donor, make_fund, make_organisation, make_staff,
                       make_submitted_application, make_tier, make_user)
from portal.applications.models import ConsortiumMember
from portal.donors.models import DonorMember
from portal.grants import disbursements
from portal.grants.models import Grant
from portal.grants.payees import save_payee
from portal.grants.publication_views import set_publication
from portal.grants.services import accept_agreement
from portal.review.decisions import approve
from portal.types import utcnow
from sqlmodel import select

FINANCE = {"finance_officer"}


@dataclass
class GrantSpec:
    """One grant to make: where, what, in which language, and its safety flags."""

    country: str = "CD"
    theme: str = "protection"
    language: str = "sw"
    amount_minor: int = 100_000
    name: str | None = None
    do_not_publish: bool = False
    story_consent: bool = False
    registered: bool = False
    women_led: bool = True
    paid: bool = False
    #: Hours between submission and the decision (for the speed figures).
    hours: int = 48
    #: Organisations in the consortium, lead included (1: a single organisation).
    members: int = 1


@dataclass
class FundWorld:
    fund: object
    tier: object
    manager: object
    finance: tuple
    donors: dict = field(default_factory=dict)
    grants: list = field(default_factory=list)


def make_world(session, *, code="wpf", currency="USD", decision_hours=72):
    """A fund, its call and tier, a fund manager and two finance officers (no money yet)."""
    fund = make_fund(session, code=code, currency=currency)
    tier = make_tier(session, call=make_call(session, fund=fund, slug=f"{code}-call"), key="small",
                     max_minor=10_000_000_000, decision_hours=decision_hours)
    manager = make_staff(session, email=f"manager-{code}@example.org", roles=("fund_manager",))
    finance = (make_staff(session, email=f"fo1-{code}@example.org", roles=("finance_officer",)),
               make_staff(session, email=f"fo2-{code}@example.org", roles=("finance_officer",)))
    return FundWorld(fund, tier, manager, finance)


def give(session, world, donor_name, amount_minor, *, user_email=None, earmark=None, key=None):
    """A received contribution from `donor_name` (created once), optionally acted for by a donor user."""
    donor = world.donors.get(donor_name) or make_donor(session, name=donor_name)
    world.donors[donor_name] = donor
    if user_email:
        user = make_user(session, email=user_email, name=donor_name, roles=("donor",))
        session.add(DonorMember(donor_id=donor.id, user_id=user.id))
    return fund_with_money(session, world.fund, amount_minor, donor=donor, earmark=earmark,
                           key=key or f"gift-{world.fund.code}-{donor_name}-{amount_minor}-{len(world.donors)}")


def add_grant(session, world, spec, index):
    """An approved grant of `spec`, paid in full once when `spec.paid`."""
    org = make_organisation(session, name=spec.name or f"Group {world.fund.code}-{index}", country=spec.country,
                            registered=spec.registered, women_led=spec.women_led)
    applicant = make_user(session, email=f"g{index}-{world.fund.code}@example.org", organisation=org)
    application = make_submitted_application(session, tier=world.tier, organisation=org, applicant=applicant,
                                             requested_minor=spec.amount_minor, status="in_review",
                                             written_language=spec.language)
    application.submitted_at = utcnow() - timedelta(hours=spec.hours)
    session.add(application)
    if spec.members > 1:
        add_members(session, application, org, spec.members, index)
    approve(session, application=application, actor=world.manager, amount_minor=spec.amount_minor,
            key=f"decide-{application.id}", theme=spec.theme)
    grant = session.exec(select(Grant).where(Grant.application_id == application.id)).one()
    set_publication(session, grant=grant, actor=world.manager, grantee=False, manager=True,
                    do_not_publish=spec.do_not_publish, story_consent=False)
    grant.story_consent = spec.story_consent
    session.add(grant)
    if spec.paid:
        pay(session, world, grant, applicant)
    world.grants.append(grant)
    return grant


def add_members(session, application, lead, count, index):
    """Accepted consortium members: the lead with a double part, the others one part each."""
    session.add(ConsortiumMember(application_id=application.id, organisation_id=lead.id, is_lead=True, status="accepted",
                                 invited_email=f"lead{index}@example.org", invited_name=lead.name, share_minor=2))
    for member in range(1, count):
        partner = make_organisation(session, name=f"Partner {index}-{member}", country=lead.country)
        session.add(ConsortiumMember(application_id=application.id, organisation_id=partner.id, status="accepted",
                                     invited_email=f"m{index}-{member}@example.org", invited_name=partner.name,
                                     share_minor=1))
    session.flush()
    session.expire(application, ["members"])


def pay(session, world, grant, applicant):
    """Accept the terms, give payee details and pay every payable tranche with four eyes."""
    accept_agreement(session, grant=grant, actor=applicant, roles={"applicant"}, language="en")
    first, second = world.finance
    for share in grant.shares:
        save_payee(session, share=share, method="mobile_money", actor=applicant,
                   details={"account_holder": "A", "phone_number": "+243812345678", "operator": "M-Pesa"})
        for tranche in share.tranches:
            if tranche.status != "payable":
                continue
            payment = disbursements.schedule(session, tranche=tranche, actor=first, roles=FINANCE,
                                             key=f"pay-{tranche.id}")
            disbursements.approve(session, disbursement=payment, actor=second, roles=FINANCE)
            disbursements.mark_sent(session, disbursement=payment, actor=second, roles=FINANCE,
                                    method="mobile_money", reference=f"R{tranche.id}")
            disbursements.confirm(session, disbursement=payment, actor=second, roles=FINANCE)


def add_grants(session, world, specs):
    return [add_grant(session, world, spec, len(world.grants) + 1) for spec in specs]


#: Six grants in DR Congo (protection, Swahili), five in Lebanon (participation, Arabic), two in
#: Colombia (a small cell), five consortia of three in Rwanda, one at risk in Afghanistan,
#: flagged "do not publish".
STANDARD = (
    [GrantSpec("CD", "protection", "sw", 200_000, paid=index < 3, hours=24 + index) for index in range(5)]
    + [GrantSpec("CD", "protection", "sw", 150_000, name="Mama Amani Story", story_consent=True, paid=True)]
    + [GrantSpec("LB", "participation", "ar", 300_000, registered=index < 2, hours=100) for index in range(5)]
    + [GrantSpec("CO", "prevention", "es", 120_000, name=f"Colombia Small {index}") for index in range(2)]
    + [GrantSpec("RW", "participation", "rw", 300_000, members=3, hours=30) for _index in range(5)]
    + [GrantSpec("AF", "relief_recovery", "fa", 250_000, name="Secret Sisters Kabul", do_not_publish=True, paid=True,
                 story_consent=True)]
)


def standard_world(session):
    """Two donors, each with a person signed in for it (one earmarks to participation), and STANDARD."""
    world = make_world(session)
    give(session, world, "Norad", 5_000_000, user_email="norad@example.org")
    give(session, world, "Fondation Égalité", 2_000_000, user_email="egalite@example.org",
         earmark=("theme", "participation"))
    add_grants(session, world, STANDARD)
    return world
