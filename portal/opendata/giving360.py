"""A fund's grants as a 360Giving data package (standard 1.4).

One 360Giving grant per grant share: the ledger holds every figure per share (committed, paid,
spent), so each consortium member's record reconciles with the books on its own, and a
grassroots member is named as a recipient rather than hidden behind the lead. The shares of a
consortium grant point to one another through `relatedActivity`.

Grants flagged "do not publish" never reach this module (queries filter them out), and a
place is never finer than the beneficiary's country.
"""
from babel import Locale
from flask_babel import force_locale
from flask_babel import gettext as _

from portal import money
from portal.funds.models import THEME_LABELS
from portal.i18n import localized
from portal.opendata import queries
from portal.opendata.identifiers import fund_name, grant_id, organisation_id, reporting_org, setting
from portal.types import utcnow

#: 360Giving schema version written in the package.
VERSION = "1.4"
#: regrantType codelist: FRG040 "Funder collaboration" (several funders pool money in a fund
#: that regrants it), which is what a basket fund is.
REGRANT_TYPE = "FRG040"
#: Vocabulary name for the women, peace and security pillar a grant was filed under.
THEME_VOCABULARY = "Mizani women, peace and security pillar"


def timestamp(moment):
    """A full date-time: the schema's date fields accept it whether or not formats are checked."""
    return moment.isoformat(timespec="seconds")


def build_package(session, fund, *, on_record=None):
    """The package for `fund`; `on_record` is called once per grant written (progress bars).

    A fund with nothing to publish yet gets an empty `grants` list: honest, though the package
    schema asks for at least one grant, so such a file is not yet valid 360Giving data.
    """
    with force_locale(fund.default_language):
        figures = queries.share_money(session, fund)
        shares = queries.published_shares(session, fund)
        siblings = {}
        for published in shares:
            siblings.setdefault(published.grant.id, []).append(grant_id(published))
        modified = timestamp(utcnow())
        records = []
        for published in shares:
            records.append(grant_record(fund, published, figures.get(published.share.id, queries.ShareMoney()),
                                        siblings[published.grant.id], modified))
            if on_record:
                on_record()
        return {
            "version": VERSION,
            "title": _("Grants of %(fund)s", fund=fund_name(fund)),
            "issued": modified,
            "publisher": {"name": setting("OPENDATA_PUBLISHER"), "identifier": reporting_org(fund)},
            "grants": records,
        }


def grant_record(fund, published, figures, sibling_ids, modified):
    """One share of a grant as a 360Giving grant; amounts as exact decimals from the ledger."""
    grant, organisation, lang = published.grant, published.organisation, fund.default_language
    identifier = grant_id(published)
    country = Locale.parse(lang).territories.get(organisation.country, organisation.country)
    call_title = localized(published.call.title, published.call.default_language, lang=lang).text
    tier_title = localized(published.tier.title, published.call.default_language, lang=lang).text

    def amount(minor):
        return money.from_minor(minor, fund.currency)

    record = {
        "id": identifier,
        "title": _("%(tier)s grant to %(organisation)s", tier=tier_title, organisation=organisation.name),
        "description": _("A grant from %(fund)s (%(call)s) to %(organisation)s, working in %(country)s.",
                         fund=fund_name(fund), call=call_title, organisation=organisation.name, country=country),
        "currency": fund.currency,
        "amountAwarded": amount(figures.awarded_minor),
        "amountDisbursed": amount(figures.disbursed_minor),
        "awardDate": timestamp(grant.awarded_at),
        "recipientOrganization": [{"id": organisation_id(organisation), "name": organisation.name}],
        "beneficiaryLocation": [{"name": country, "countryCode": organisation.country}],
        "fundingOrganization": [{"id": reporting_org(fund), "name": setting("OPENDATA_PUBLISHER"),
                                 "department": fund_name(fund)}],
        "grantProgramme": [{"code": published.call.slug, "title": call_title}],
        "fromOpenCall": "Yes",
        "regrantType": REGRANT_TYPE,
        "disbursementTransaction": [
            {"id": f"{identifier}-payment-{number}", "transactionDate": timestamp(payment.at),
             "currency": fund.currency, "value": amount(payment.amount_minor)}
            for number, payment in enumerate(figures.movements["disbursed"], start=1)
        ],
        "dateModified": modified,
    }
    applied = published.requested_share_minor if published.share_count > 1 else published.application.requested_minor
    if applied is not None:
        record["amountAppliedFor"] = amount(applied)
    if grant.theme in THEME_LABELS:
        record["classifications"] = [{"vocabulary": THEME_VOCABULARY, "code": grant.theme,
                                      "title": str(THEME_LABELS[grant.theme])}]
    related = [other for other in sibling_ids if other != identifier]
    if related:
        record["relatedActivity"] = related
    return record
