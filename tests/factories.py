"""Factory functions with sensible defaults; each flushes and returns the new record."""
from portal.accounts.models import Membership, Organisation
from portal.accounts.services import create_user
from portal.funds.models import Call, EligibilityRule, Fund, Question, Tier

PASSWORD = "correct horse battery"


def make_user(session, *, email="amina@example.org", name="Amina", roles=("applicant",), locale=None, organisation=None):
    user = create_user(session=session, email=email, display_name=name, password=PASSWORD, roles=roles, locale=locale)
    if organisation is not None:
        session.add(Membership(user_id=user.id, organisation_id=organisation.id))
        session.flush()
    return user


def make_organisation(session, *, name="Mama Amani", kind="women_group", registered=False, country="CD", women_led=True, languages=("sw", "fr")):
    org = Organisation(name=name, kind=kind, registered=registered, country=country, women_led=women_led, languages=list(languages))
    session.add(org)
    session.flush()
    return org


def make_applicant(session, *, email="amina@example.org", org_name="Mama Amani", **org_fields):
    org = make_organisation(session, name=org_name, **org_fields)
    return make_user(session, email=email, organisation=org), org


def make_fund(session, *, code="wpf", currency="USD", countries=("CD", "LB", "CO", "RW", "NG", "AF")):
    fund = Fund(code=code, name={"en": "Women Peacebuilders Fund", "fr": "Fonds des femmes bâtisseuses de paix"}, currency=currency, countries=list(countries))
    session.add(fund)
    session.flush()
    return fund


def make_call(session, *, fund=None, slug="open-call", published=True, rolling=True, **fields):
    fund = fund or make_fund(session)
    call = Call(fund_id=fund.id, slug=slug, title={"en": "Open call", "fr": "Appel ouvert"}, description={"en": "Rolling call"},
                languages=["en", "fr", "es", "ar", "sw", "pt"], is_rolling=rolling, is_published=published, **fields)
    session.add(call)
    session.flush()
    return call


def make_tier(session, *, call=None, key="emergency", min_minor=0, max_minor=800_000, questions=4, max_chars=500,
              decision_hours=72, rules=(), documents=(), consortium=(0, 0), lead_women_led=False):
    call = call or make_call(session)
    tier = Tier(call_id=call.id, key=key, title={"en": key.title(), "fr": f"{key.title()} (fr)"}, description={"en": f"{key} grants"},
                min_amount_minor=min_minor, max_amount_minor=max_minor, decision_hours=decision_hours,
                required_documents=[{"key": d, "label": {"en": d.title()}} for d in documents],
                consortium_min_members=consortium[0], consortium_max_members=consortium[1],
                consortium_lead_women_led=lead_women_led)
    session.add(tier)
    session.flush()
    for position in range(questions):
        session.add(Question(tier_id=tier.id, key=f"q{position + 1}", position=position,
                             label={"en": f"Question {position + 1}", "fr": f"Question {position + 1} (fr)"},
                             help={"en": "Say it simply."}, max_chars=max_chars))
    for field, operator, value in rules:
        session.add(EligibilityRule(tier_id=tier.id, field=field, operator=operator, value=list(value),
                                    explanation={"en": f"Rule on {field}", "fr": f"Règle sur {field}"}))
    session.flush()
    session.refresh(tier)
    return tier


def post_receipt(session, fund, amount_minor, key):
    """Ledger: money from a donor into the fund's unallocated account (inside money_transaction)."""
    from portal.ledger import accounts
    from portal.ledger.posting import Leg, post
    legs = [Leg(accounts.donor_money(fund.currency), -amount_minor), Leg(accounts.unallocated(fund), amount_minor)]
    return post(session, kind="contribution.receive", legs=legs, idempotency_key=key)


def post_commitment(session, fund, share_id, amount_minor, key):
    """Ledger: unallocated money committed to a grant share (inside money_transaction)."""
    from portal.ledger import accounts
    from portal.ledger.posting import Leg, post
    legs = [Leg(accounts.unallocated(fund), -amount_minor), Leg(accounts.committed(fund, share_id), amount_minor)]
    return post(session, kind="grant.commit", legs=legs, idempotency_key=key)


def make_donor(session, *, name="Ministry of Foreign Affairs", kind="government", country="NO"):
    from portal.donors.models import Donor
    donor = Donor(name=name, kind=kind, country=country)
    session.add(donor)
    session.flush()
    return donor


def make_staff(session, *, email, roles, name=None, reads=()):
    """A staff user (reviewer, fund manager, finance officer, admin) with the languages she reads."""
    user = make_user(session, email=email, name=name or email.split("@")[0].title(), roles=roles)
    user.reads_languages = list(reads)
    session.add(user)
    session.flush()
    return user


def make_submitted_application(session, *, tier=None, organisation=None, applicant=None, requested_minor=500_000,
                               status="submitted", written_language="sw", reference=None):
    """An application past submission (default status `submitted`), with its answers filled.

    Goes straight to the row (the submission journey has its own tests); `status` may be any
    later state, e.g. `in_review`.
    """
    from portal.applications.models import Application
    from datetime import timedelta

    from portal.applications.services import new_reference
    from portal.types import utcnow
    tier = tier or make_tier(session)
    if organisation is None:
        applicant, organisation = make_applicant(session)
    application = Application(tier_id=tier.id, organisation_id=organisation.id,
                              created_by_id=applicant.id if applicant else make_user(session, email=f"x{organisation.id}@example.org", organisation=organisation).id,
                              status=status, answers={q.key: f"Answer to {q.key}" for q in tier.questions},
                              written_language=written_language, requested_minor=requested_minor,
                              reference=reference or new_reference(), submitted_at=utcnow(),
                              decision_due_at=utcnow() + timedelta(hours=tier.decision_hours))
    session.add(application)
    session.flush()
    return application


def fund_with_money(session, fund, amount_minor, *, donor=None, key="seed-money", earmark=None):
    """A received bank-transfer contribution of `amount_minor` in the fund's currency (ledger and
    domain row, as finance would record it), so grants can be committed and attributed."""
    from portal.donors.services import pledge, receive_in
    donor = donor or make_donor(session)
    contribution = pledge(session, fund=fund, donor=donor, amount_minor=amount_minor, currency=fund.currency,
                          source="bank_transfer", pledge_key=key, earmark=earmark)
    receive_in(session, contribution=contribution)
    return contribution
