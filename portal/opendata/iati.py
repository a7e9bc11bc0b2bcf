"""A fund as one IATI 2.03 activity: the basket fund with its money in and out.

Transactions, each from its own source of truth: 11 incoming commitment (pledges), 1 incoming
funds (ledger receipts not reversed, in the currency the donor gave, valued on the date of the
exchange rate), 2 outgoing commitment, 3 disbursement and 4 expenditure (ledger movements per
grant share, reversed ones left out, in the fund's currency on the day they were booked).

Grants flagged "do not publish" are left out entirely, not summed into an anonymous line: an
aggregate that changes when one such grant is added would give its amount away by difference
between two exports. Places stop at the country; individual donors are never named.
"""
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from lxml import etree

from portal import money
from portal.i18n import localized
from portal.opendata import queries
from portal.opendata.identifiers import fund_name, grant_id, registered_id, reporting_org, setting
from portal.types import utcnow

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Codelists (IATI 2.03): transaction types, the gender equality policy marker (significance 2:
#: the principal objective), DAC sectors, finance and aid types.
INCOMING_FUNDS, OUTGOING_COMMITMENT, DISBURSEMENT, EXPENDITURE, INCOMING_COMMITMENT = "1", "2", "3", "4", "11"
GENDER_EQUALITY, PRINCIPAL = "1", "2"
WOMENS_RIGHTS_ORGANISATIONS, ENDING_VIOLENCE = "15170", "15180"
#: WPS pillars that are about ending violence against women and girls; the others fund women's
#: organisations and movements.
VIOLENCE_THEMES = ("protection",)
STANDARD_GRANT, BASKET_FUND, IMPLEMENTATION = "110", "B04", "2"
#: IATI OrganisationType of donors, where one fits (others carry no type).
DONOR_TYPES = {"government": "10", "foundation": "60"}
#: The ledger account kind each grant-share transaction type reads.
SHARE_FLOWS = ((OUTGOING_COMMITMENT, "committed"), (DISBURSEMENT, "disbursed"), (EXPENDITURE, "spent"))


def narrative(parent, text, lang=None):
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = text
    return element


def child(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, tag, {key.replace("_", "-"): str(value) for key, value in attributes.items()})
    if text is not None:
        narrative(element, text)
    return element


def percentages(weights):
    """Integer weights as percentages with two decimals that add up to exactly 100."""
    return [money.from_minor(part, "USD") for part in money.split(10_000, weights)]


def build_activities(session, fund, *, on_record=None):
    """The `<iati-activities>` document of `fund`; `on_record` is called once per grant share."""
    with force_locale(fund.default_language):
        now = utcnow().isoformat(timespec="seconds")
        root = etree.Element("iati-activities", {"version": VERSION, "generated-datetime": now})
        activity = child(root, "iati-activity", default_currency=fund.currency, last_updated_datetime=now,
                         humanitarian="false")
        activity.set(XML_LANG, fund.default_language)
        pledged, received = queries.pledges(session, fund), queries.receipts(session, fund)
        describe(activity, fund, {donor.id: donor for _c, donor in pledged} | {r.donor.id: r.donor for r in received})
        for contribution, donor in pledged:
            transaction(activity, INCOMING_COMMITMENT, contribution.created_at.date(), contribution.amount_minor,
                        contribution.currency, provider=donor_label(donor))
        for receipt in received:
            transaction(activity, INCOMING_FUNDS, receipt.at.date(), receipt.given_minor, receipt.currency,
                        receipt.fx_date, provider=donor_label(receipt.donor))
        figures = queries.share_money(session, fund)
        for published in queries.published_shares(session, fund):
            share_transactions(activity, fund, published, figures.get(published.share.id, queries.ShareMoney()))
            if on_record:
                on_record()
        return root


def describe(activity, fund, donors):
    """Everything about the activity before its transactions, in the schema's order."""
    reporter = reporting_org(fund)
    child(activity, "iati-identifier").text = f"{reporter}-{fund.code}"
    child(activity, "reporting-org", setting("OPENDATA_PUBLISHER"), ref=reporter,
          type=setting("IATI_REPORTING_ORG_TYPE"))
    title = child(activity, "title")
    for lang, text in sorted(fund.name.items()):
        if text:
            narrative(title, text, lang)
    description = localized(fund.description, fund.default_language, lang=fund.default_language).text
    child(activity, "description", description or _("%(fund)s, a basket fund for women's organisations "
                                                     "working for peace and security.", fund=fund_name(fund)), type="1")
    for donor in sorted(donors.values(), key=lambda donor: donor.id):
        child(activity, "participating-org", donor_label(donor), role="1",
              **({"type": DONOR_TYPES[donor.kind]} if donor.kind in DONOR_TYPES else {}))
    child(activity, "participating-org", setting("OPENDATA_PUBLISHER"), ref=reporter, role="3")
    child(activity, "activity-status", code=IMPLEMENTATION)
    child(activity, "activity-date", type="2", iso_date=fund.created_at.date().isoformat())
    countries = sorted(fund.countries)
    for code, share in zip(countries, percentages([1] * len(countries)) if countries else []):
        child(activity, "recipient-country", code=code, percentage=share)
    themes = fund.themes or ["participation"]
    weights = [sum(theme not in VIOLENCE_THEMES for theme in themes), sum(theme in VIOLENCE_THEMES for theme in themes)]
    for code, weight, share in zip((WOMENS_RIGHTS_ORGANISATIONS, ENDING_VIOLENCE), weights, percentages(weights)):
        if weight:
            child(activity, "sector", vocabulary="1", code=code, percentage=share)
    child(activity, "policy-marker", vocabulary="1", code=GENDER_EQUALITY, significance=PRINCIPAL)
    child(activity, "default-finance-type", code=STANDARD_GRANT)
    child(activity, "default-aid-type", code=BASKET_FUND, vocabulary="1")


def donor_label(donor):
    """A donor as published: an individual's name is personal data and never appears."""
    return _("Individual donor") if donor.kind == "individual" else donor.name


def share_transactions(activity, fund, published, figures):
    """Commitment, payments and reported spending of one published grant share."""
    identifier, organisation = grant_id(published), published.organisation
    # IATI refs must be real organisation identifiers: informal groups are named without one.
    party = {"ref": registered_id(organisation)} if registered_id(organisation) else {}
    for code, account_kind in SHARE_FLOWS:
        for number, movement in enumerate(figures.movements[account_kind], start=1):
            element = transaction(activity, code, movement.at.date(), movement.amount_minor, fund.currency,
                                  ref=f"{identifier}-{account_kind}-{number}")
            # Reported spending is spent by the grantee; commitments and payments go to her.
            child(element, "provider-org" if code == EXPENDITURE else "receiver-org", organisation.name, **party)


def transaction(activity, code, day: date, amount_minor, currency, value_date=None, *, provider=None, ref=None):
    """One `<transaction>`: type, date, exact value with its currency and value date."""
    element = child(activity, "transaction", **({"ref": ref} if ref else {}))
    child(element, "transaction-type", code=code)
    child(element, "transaction-date", iso_date=day.isoformat())
    value = child(element, "value", currency=currency, value_date=(value_date or day).isoformat())
    value.text = str(money.from_minor(amount_minor, currency))
    if provider:
        child(element, "provider-org", provider)
    return element


def to_bytes(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
