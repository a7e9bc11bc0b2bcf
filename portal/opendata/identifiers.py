"""Identifiers the exports publish, and the settings they come from.

Open data only links up when identifiers are stable and globally unique: organisations by
their org-id.guide identifier, the fund by its manager's IATI organisation identifier, grants
by the publisher's 360Giving prefix plus the application's reference (random, so the ids of
published grants say nothing about how many others exist).
"""
from flask import current_app

from portal.i18n import localized

def setting(name):
    """A publisher setting (config.py documents each and its placeholder)."""
    return current_app.config[name]


def reporting_org(fund):
    """The organisation that manages the fund and reports it (IATI and the 360Giving funder)."""
    return fund.iati_org_id or setting("IATI_REPORTING_ORG")


def fund_name(fund):
    """The fund's name in its own default language (exports are read outside any session)."""
    return localized(fund.name, fund.default_language, lang=fund.default_language).text


def registered_id(organisation):
    """The org-id.guide identifier of a registered organisation that gave one, else None."""
    return organisation.org_id if organisation.registered and organisation.org_id else None


def organisation_id(organisation):
    """The org-id.guide identifier where there is one; otherwise (informal groups, or one that
    has not given its number) a `360G-` id of ours that stays the same."""
    return registered_id(organisation) or f"{setting('OPENDATA_360G_PREFIX')}-org-{organisation.id}"


def grant_id(published):
    """A share's 360Giving grant id: one per consortium member, the lead's plain for a single one."""
    base = f"{setting('OPENDATA_360G_PREFIX')}-{published.application.reference}"
    return base if published.share_count == 1 else f"{base}-{published.position}"
