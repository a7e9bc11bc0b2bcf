"""Arrangements shared by the grant and disbursement tests: a funded fund, an application in
review, the staff who act on it."""
from factories import (fund_with_money, make_applicant, make_call, make_fund, make_staff, make_submitted_application,
                       make_tier)


class World:
    """A fund holding money, a tier, an applicant's application in review, and staff."""

    def __init__(self, session, *, money_minor=10_000_000, requested_minor=500_000, plan=None, consortium=(0, 0)):
        self.fund = make_fund(session)
        fund_with_money(session, self.fund, money_minor)
        self.tier = make_tier(session, call=make_call(session, fund=self.fund), max_minor=10_000_000, consortium=consortium)
        if plan is not None:
            self.tier.tranche_plan = plan
            session.add(self.tier)
        self.applicant, self.organisation = make_applicant(session)
        self.application = make_submitted_application(session, tier=self.tier, organisation=self.organisation,
                                                      applicant=self.applicant, requested_minor=requested_minor,
                                                      status="in_review")
        self.manager = make_staff(session, email="manager@example.org", roles=("fund_manager",))
        self.finance = make_staff(session, email="finance1@example.org", roles=("finance_officer",))
        self.finance2 = make_staff(session, email="finance2@example.org", roles=("finance_officer",))
        session.flush()

    def grant(self, session):
        """The grant of the world's application (None before approval)."""
        from sqlmodel import select

        from portal.grants.models import Grant
        session.expire_all()
        return session.exec(select(Grant).where(Grant.application_id == self.application.id)).first()
