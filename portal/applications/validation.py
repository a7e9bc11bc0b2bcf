"""What stands between a draft and its submission, said in the applicant's language.

Each problem is (anchor, message): the anchor is the form field it belongs to, so the review
page can link straight to it. The tier's eligibility rules are checked again here, with the
organisation's own record taking precedence over what was answered in the quick check.

Messages are translated at request time with `gettext` (not lazily): a lazy string with
parameters would reach templates as trusted markup.
"""
from flask_babel import gettext as _, ngettext

from portal import i18n, money
from portal.eligibility.rules import evaluate
from portal.text import char_count


def organisation_facts(organisation):
    """Eligibility answers implied by the organisation's record."""
    return {
        "group_kind": organisation.kind,
        "registered": "yes" if organisation.registered else "no",
        "women_led": "yes" if organisation.women_led else "no",
        "country": organisation.country,
    }


def eligibility_problems(application):
    facts = {**application.eligibility_answers, **organisation_facts(application.organisation)}
    verdict = evaluate(application.tier, facts)
    fallback = application.tier.call.default_language
    return [("eligibility", i18n.localized(rule.explanation, fallback).text) for rule in verdict.failed]


def answer_problems(application):
    problems = []
    for question in application.tier.questions:
        text = (application.answers.get(question.key) or "").strip()
        if question.required and not text:
            problems.append((f"answer-{question.key}", _("Please answer this question.")))
        elif char_count(text) > question.max_chars:
            problems.append((f"answer-{question.key}", _("Please shorten this answer to %(limit)s characters.", limit=question.max_chars)))
    return problems


def amount_problems(application):
    tier, currency = application.tier, application.tier.call.fund.currency
    if application.requested_minor is None:
        return [("requested", _("Please say how much you are asking for."))]
    if not tier.min_amount_minor <= application.requested_minor <= tier.max_amount_minor:
        low, high = tier.amount_range(currency)
        return [("requested", _("The amount must be between %(min)s and %(max)s.",
                                 min=i18n.format_money(low, currency), max=i18n.format_money(high, currency)))]
    return []


def document_problems(application):
    attached = {attachment.document_key for attachment in application.attachments}
    fallback = application.tier.call.default_language
    return [
        ("documents", _("Please attach: %(document)s", document=i18n.localized(document["label"], fallback).text))
        for document in application.tier.required_documents
        if document["key"] not in attached
    ]


def consortium_problems(application):
    tier = application.tier
    if not tier.is_consortium:
        return []
    problems = []
    accepted = [member for member in application.members if member.status == "accepted"]
    pending = [member for member in application.members if member.status == "invited"]
    if pending:
        problems.append(("members", ngettext("Waiting for %(num)d invited organisation to accept.",
                                                   "Waiting for %(num)d invited organisations to accept.", len(pending))))
    if not tier.consortium_min_members <= len(accepted) <= tier.consortium_max_members:
        problems.append(("members", _("A consortium needs between %(min)s and %(max)s member organisations, including yours.",
                                       min=tier.consortium_min_members, max=tier.consortium_max_members)))
    if tier.consortium_lead_women_led and not application.organisation.women_led:
        problems.append(("members", _("The lead organisation of a consortium must be a local women-led organisation.")))
    shares = sum(member.share_minor for member in accepted)
    if application.requested_minor is not None and shares != application.requested_minor:
        currency = tier.call.fund.currency
        problems.append(("members", _("The members' shares add up to %(shares)s but the request is %(total)s.",
                                       shares=i18n.format_money(money.from_minor(shares, currency), currency),
                                       total=i18n.format_money(money.from_minor(application.requested_minor, currency), currency))))
    return problems


def submission_problems(session, application, today):
    """Every reason the application cannot be submitted today; empty when it is ready."""
    problems = []
    if not application.tier.call.is_open(today):
        problems.append(("call", _("This call is not open for applications.")))
    for check in (eligibility_problems, answer_problems, amount_problems, document_problems, consortium_problems):
        problems.extend(check(application))
    return problems
