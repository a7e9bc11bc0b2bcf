"""Which tiers of the open calls a group may apply for, and questions asked before applying."""
from babel import Locale
from sqlmodel import select

from portal.eligibility.models import Enquiry
from portal.eligibility.rules import evaluate
from portal.funds.models import Call, Fund


def all_fund_countries(session):
    """Every country some fund supports (the choices of the country question), or, before any
    fund is configured, every country Babel knows."""
    countries = set()
    for fund_countries in session.exec(select(Fund.countries)).all():
        countries.update(fund_countries or [])
    if not countries:
        countries = {code for code in Locale("en").territories if len(code) == 2 and code.isalpha()}
    return sorted(countries)


def open_calls(session, today):
    calls = session.exec(select(Call).where(Call.is_published == True)).all()  # noqa: E712
    return [call for call in calls if call.is_open(today)]


def verdicts_for(session, answers, today):
    """[(call, [Verdict per tier])] for every open call, eligible tiers first."""
    results = []
    for call in open_calls(session, today):
        verdicts = [evaluate(tier, answers) for tier in call.tiers]
        verdicts.sort(key=lambda verdict: (not verdict.eligible, verdict.tier.position))
        results.append((call, verdicts))
    return results


def record_enquiry(*, session, call, message, language, reply_to):
    enquiry = Enquiry(call_id=call.id if call else None, message=message.strip(), language=language, reply_to=reply_to or None)
    session.add(enquiry)
    session.flush()
    return enquiry
