"""A fund with grants at every stage for the open-data tests, and the official schemas.

The grants (consortium tier, every share paid in one tranche):
- a consortium grant of 400,000 to Mama Amani (informal, lead, 300,000: paid, 120,000 reported
  spent) and Sauti ya Wanawake (registered, org-id GB-CHC-1234567, 100,000: paid then cancelled);
- 250,000 to Warda Collective (registered without an org-id): paid, cancelled, paid again;
- 123,457 to Secret Sisters of Tyre (Lebanon), flagged do not publish: paid, 23,456 spent.
Money in: the seed transfer (Ministry of Foreign Affairs), an individual's EUR gift at 1.08 on
2 March 2026, a foundation's bank pledge not yet received, an abandoned card checkout.
"""
import json
import re
from datetime import date

from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree
from referencing import Registry
from referencing.jsonschema import DRAFT202012

import config
from factories import make_applicant, make_donor, make_organisation, make_user
from portal.applications.models import ConsortiumMember
from portal.donors.services import pledge, receive_in
from portal.grants import disbursements
from portal.grants.payees import save_payee
from portal.grants.publication_views import set_publication
from portal.grants.services import accept_agreement
from portal.ledger import accounts
from portal.ledger.posting import Leg, post
from portal.review.decisions import approve
from tests.grants.support import World

DATA = config.ROOT.parent / "shared" / "data"
FINANCE = {"finance_officer"}
HIDDEN = {"name": "Secret Sisters of Tyre", "amount_minor": 123_457, "spent_minor": 23_456, "country": "LB"}


class OpenDataWorld:
    """The fund and its grants, named by what the tests look for."""

    def __init__(self, db):
        world = self.world = World(db, consortium=(2, 3), plan=[{"percent": 100, "after_report": None}])
        self.fund = world.fund
        self.partner = make_organisation(db, name="Sauti ya Wanawake", registered=True, country="CD")
        self.partner.org_id = "GB-CHC-1234567"
        partner_user = make_user(db, email="partner@example.org", name="Neema", organisation=self.partner)
        for org, share, lead in ((world.organisation, 300_000, True), (self.partner, 100_000, False)):
            db.add(ConsortiumMember(application_id=world.application.id, organisation_id=org.id, is_lead=lead,
                                    invited_email=f"{org.id}@example.org", invited_name=org.name,
                                    share_minor=share, status="accepted"))
        db.flush()
        self.consortium = self.award(db, world.application, 400_000, "participation")
        lead, partner = self.consortium.shares
        self.accept(db, self.consortium, [(lead, world.applicant), (partner, partner_user)])
        self.pay(db, lead, "lead")
        self.spend(db, lead, 120_000, "lead")
        self.cancel(db, self.pay(db, partner, "partner"))

        self.warda = self.single(db, "Warda Collective", "CO", 250_000, "protection", registered=True)
        share = self.warda.shares[0]
        self.cancel(db, self.pay(db, share, "warda-1"))
        self.pay(db, share, "warda-2")

        self.hidden = self.single(db, HIDDEN["name"], HIDDEN["country"], HIDDEN["amount_minor"], "protection")
        set_publication(db, grant=self.hidden, actor=self.world.manager, grantee=False, manager=True,
                        do_not_publish=True, story_consent=False)
        self.pay(db, self.hidden.shares[0], "hidden")
        self.spend(db, self.hidden.shares[0], HIDDEN["spent_minor"], "hidden")
        self.contributions(db)
        db.commit()

    def award(self, db, application, amount_minor, theme):
        approve(db, application=application, actor=self.world.manager, amount_minor=amount_minor,
                key=f"decide-{application.id}", theme=theme)
        db.expire_all()
        from portal.grants.models import Grant
        from sqlmodel import select
        return db.exec(select(Grant).where(Grant.application_id == application.id)).one()

    def single(self, db, name, country, amount_minor, theme, registered=False):
        from factories import make_submitted_application
        applicant, org = make_applicant(db, email=f"{country.lower()}@example.org", org_name=name, country=country,
                                        registered=registered)
        application = make_submitted_application(db, tier=self.world.tier, organisation=org, applicant=applicant,
                                                 requested_minor=amount_minor, status="in_review")
        grant = self.award(db, application, amount_minor, theme)
        self.accept(db, grant, [(grant.shares[0], applicant)])
        return grant

    def accept(self, db, grant, payees):
        accept_agreement(db, grant=grant, actor=payees[0][1], roles={"applicant"}, language="en")
        for share, person in payees:
            save_payee(db, share=share, method="mobile_money", actor=person,
                       details={"account_holder": "A", "phone_number": "+243812345678", "operator": "M-Pesa"})

    def pay(self, db, share, key):
        """Schedule and approve (four eyes) the share's tranche: the ledger moves on approval."""
        db.refresh(share.tranches[0])
        payment = disbursements.schedule(db, tranche=share.tranches[0], actor=self.world.finance, roles=FINANCE,
                                         key=f"pay-{key}")
        return disbursements.approve(db, disbursement=payment, actor=self.world.finance2, roles=FINANCE)

    def cancel(self, db, payment):
        disbursements.undo(db, disbursement=payment, actor=self.world.finance, roles=FINANCE, action="cancel")

    def spend(self, db, share, amount_minor, key):
        """Reported spending as the report service posts it (disbursed → spent)."""
        post(db, kind="report.spend", legs=[Leg(accounts.disbursed(self.fund, share.id), -amount_minor),
                                            Leg(accounts.spent(self.fund, share.id), amount_minor)],
             idempotency_key=f"spend-{key}", record_ref=("report", share.id))

    def contributions(self, db):
        person = make_donor(db, name="Jane Private", kind="individual", country="FR")
        gift = pledge(db, fund=self.fund, donor=person, amount_minor=50_000, currency="EUR", source="bank_transfer",
                      pledge_key="jane")
        receive_in(db, contribution=gift, fx={"rate": "1.08", "source": "ECB", "date": date(2026, 3, 2)})
        pledge(db, fund=self.fund, donor=make_donor(db, name="Open Hands Foundation", kind="foundation"),
               amount_minor=2_000_000, currency="USD", source="bank_transfer", pledge_key="open-hands")
        pledge(db, fund=self.fund, donor=make_donor(db, name="Card Giver", kind="organisation"),
               amount_minor=7_777, currency="USD", source="stripe", pledge_key="abandoned")


#: RFC 3339 date-time. jsonschema checks "date-time" only with an optional package this
#: project does not install; without a check every string passes the date fields' first branch.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", re.IGNORECASE)
FORMATS = FormatChecker()


@FORMATS.checks("date-time")
def is_date_time(text):
    return not isinstance(text, str) or bool(RFC3339.fullmatch(text))


def giving360_errors(package):
    """Schema errors of a 360Giving package, the grant schema resolved from the local copy."""
    grant_schema = json.loads((DATA / "360giving" / "360-giving-schema.json").read_text())
    package_schema = json.loads((DATA / "360giving" / "360-giving-package-schema.json").read_text())
    # The official files name their dialect "http://json-schema.org/draft/2020-12/schema" (not the
    # https address referencing knows), so the dialect is given rather than detected.
    resource = DRAFT202012.create_resource(grant_schema)
    reference = package_schema["properties"]["grants"]["items"]["$ref"]  # a 1.4.2 address; the copy is 1.4.3

    def offline(uri):
        raise LookupError(f"no network in tests: {uri}")

    registry = Registry(retrieve=offline).with_resources([(reference, resource), (grant_schema["$id"], resource)])
    validator = Draft202012Validator(package_schema, registry=registry,
                                     format_checker=FORMATS)
    return sorted(str(error.message) for error in validator.iter_errors(package))


def iati_errors(document_bytes):
    """Schema errors of an IATI activities document against the local 2.03 XSD."""
    schema = etree.XMLSchema(etree.parse(str(DATA / "iati-2.03" / "iati-activities-schema.xsd")))
    schema.validate(etree.fromstring(document_bytes))
    return [str(error) for error in schema.error_log]
