"""Configuring funds, calls, tiers, questions and eligibility rules, with an audit trail.

These functions keep the rules that must hold whoever saves (a page, a CLI command, a test):
identifiers unique, amounts and dates in order, the hard cap on a tier's questions, rules that
the eligibility check can evaluate. They flush and audit; the caller commits once. A refusal
is a DomainError whose `field` detail names the input the message belongs to.
"""
from functools import lru_cache

from babel import Locale
from flask_babel import lazy_gettext as _l, ngettext
from sqlmodel import func, select

from portal import audit
from portal.applications.models import Application
from portal.domain import DomainError
from portal.eligibility.rules import CHOICES, OPERATORS
from portal.funds.models import Call, EligibilityRule, Fund, Question, Tier

#: Babel territories that are groupings or placeholders, not countries.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


class TooManyQuestions(DomainError):
    """The tier's short form already has as many questions as its cap allows."""


class DuplicateIdentifier(DomainError):
    """Another record already uses this code, slug or key."""


class InvalidConfiguration(DomainError):
    """Values that contradict each other (dates, amounts, consortium sizes, rule answers)."""


class CurrencyLocked(DomainError):
    """Tier amounts are stored in the fund's currency, so it cannot change under them."""


class QuestionInUse(DomainError):
    """Applications hold answers under this question's key."""


@lru_cache
def country_codes():
    """ISO 3166-1 alpha-2 codes Babel knows as countries or territories."""
    return frozenset(code for code in Locale("en").territories
                     if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES)


def snapshot(record):
    """The record's columns as JSON-ready values, for the audit log."""
    return record.model_dump(mode="json", exclude={"created_at"})


def _save(session, record, data, *, actor, action):
    """Apply `data`, flush, and audit what changed (everything for a new record; nothing if unchanged)."""
    before = snapshot(record) if record.id else {}
    for name, value in data.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    after = snapshot(record)
    changed = {key for key in after if before.get(key) != after[key]} if before else set(after)
    if not changed:
        return record
    audit.record(session, actor=actor, action=action, record=record,
                 before={key: before[key] for key in changed if key in before},
                 after={key: after[key] for key in changed})
    return record


def _delete(session, record, *, actor, action):
    audit.record(session, actor=actor, action=action, record=record, before=snapshot(record))
    session.delete(record)
    session.flush()


def _refuse_duplicate(session, query, record, field):
    """Raise if `query` finds a record other than `record` (a clear message beats an IntegrityError)."""
    other = session.exec(query).first()
    if other is not None and other.id != record.id:
        raise DuplicateIdentifier(_l("This identifier is already used. Please choose another."), field=field)


# --- funds and calls -------------------------------------------------------------------------
def _fund_has_tiers(session, fund):
    return bool(fund.id and session.exec(select(Tier.id).join(Call).where(Call.fund_id == fund.id)).first())


def _check_fund(session, fund, data):
    _refuse_duplicate(session, select(Fund).where(Fund.code == data["code"]), fund, "code")
    if fund.id and data["currency"] != fund.currency and _fund_has_tiers(session, fund):
        raise CurrencyLocked(_l("The currency cannot change once tiers have amounts in it."), field="currency")


def create_fund(*, session, data, actor=None):
    """A new basket fund; its currency and countries frame every call below it."""
    fund = Fund(currency=data["currency"])
    _check_fund(session, fund, data)
    return _save(session, fund, data, actor=actor, action="fund.create")


def update_fund(*, session, fund, data, actor=None):
    _check_fund(session, fund, data)
    return _save(session, fund, data, actor=actor, action="fund.update")


def _check_call(session, call, data):
    _refuse_duplicate(session, select(Call).where(Call.slug == data["slug"]), call, "slug")
    if data["default_language"] not in data["languages"]:
        raise InvalidConfiguration(_l("Offer the call in the language it is written in."), field="languages")
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if not data["is_rolling"] and not (opens and closes):
        field = "closes_on" if opens else "opens_on"
        raise InvalidConfiguration(_l("A call that is not rolling needs an opening and a closing date."), field=field)
    if opens and closes and closes < opens:
        raise InvalidConfiguration(_l("The closing date cannot be before the opening date."), field="closes_on")


def create_call(*, session, fund, data, actor=None):
    """A funding window of `fund`; unpublished until the manager says so."""
    call = Call(fund_id=fund.id)
    _check_call(session, call, data)
    return _save(session, call, data, actor=actor, action="call.create")


def update_call(*, session, call, data, actor=None):
    _check_call(session, call, data)
    return _save(session, call, data, actor=actor, action="call.update")


# --- tiers -----------------------------------------------------------------------------------
def _check_tier(session, tier, call_id, data):
    _refuse_duplicate(session, select(Tier).where(Tier.call_id == call_id, Tier.key == data["key"]), tier, "key")
    if data["min_amount_minor"] < 0:
        raise InvalidConfiguration(_l("The smallest amount cannot be negative."), field="min_amount")
    if data["min_amount_minor"] > data["max_amount_minor"]:
        raise InvalidConfiguration(_l("The largest amount must be at least the smallest amount."), field="max_amount")
    _check_consortium(data)
    if tier.id and len(tier.questions) > data["max_questions"]:
        raise TooManyQuestions(ngettext(
            "This tier already has %(num)d question; delete it before lowering the cap.",
            "This tier already has %(num)d questions; delete some before lowering the cap.",
            len(tier.questions)), field="max_questions")


def _check_consortium(data):
    """Either single organisations (0 and 0) or consortia of at least two, lead included."""
    low, high = data["consortium_min_members"], data["consortium_max_members"]
    if (low, high) != (0, 0):
        if low < 2:
            raise InvalidConfiguration(_l("A consortium has at least 2 members, the lead included."),
                                       field="consortium_min_members")
        if high < low:
            raise InvalidConfiguration(_l("The most members must be at least the fewest members."),
                                       field="consortium_max_members")
    elif data["consortium_lead_women_led"]:
        raise InvalidConfiguration(_l("Set consortium sizes first: this tier is for single organisations."),
                                   field="consortium_lead_women_led")


def _keep_translations(old_documents, new_documents):
    """Edited document labels keep the other languages' labels of the same key."""
    old_labels = {doc["key"]: doc.get("label", {}) for doc in old_documents}
    return [{"key": doc["key"], "label": {**old_labels.get(doc["key"], {}), **doc["label"]}} for doc in new_documents]


def create_tier(*, session, call, data, actor=None):
    """A tier of `call`: an amount range with its own short form and eligibility rules."""
    tier = Tier(call_id=call.id, min_amount_minor=0, max_amount_minor=0)
    _check_tier(session, tier, call.id, data)
    return _save(session, tier, data, actor=actor, action="tier.create")


def update_tier(*, session, tier, data, actor=None):
    _check_tier(session, tier, tier.call_id, data)
    data = {**data, "required_documents": _keep_translations(tier.required_documents, data["required_documents"])}
    return _save(session, tier, data, actor=actor, action="tier.update")


# --- questions -------------------------------------------------------------------------------
def _has_applications(session, tier_id):
    return session.exec(select(func.count()).select_from(Application).where(Application.tier_id == tier_id)).one() > 0


def _check_question(session, question, tier_id, data):
    _refuse_duplicate(session, select(Question).where(Question.tier_id == tier_id, Question.key == data["key"]),
                      question, "key")
    if not 1 <= data["max_chars"] <= 5000:
        raise InvalidConfiguration(_l("Answers may be from 1 to 5000 characters long."), field="max_chars")
    if question.id and data["key"] != question.key and _has_applications(session, tier_id):
        raise QuestionInUse(_l("Applications already hold answers under this identifier; it cannot change."),
                            field="key")


def add_question(*, session, tier, data, actor=None):
    """A question on the tier's short form, refused once the form has `max_questions`."""
    # Lock the tier row (PostgreSQL) so two managers adding at once cannot pass the cap together.
    session.exec(select(Tier.id).where(Tier.id == tier.id).with_for_update()).one()
    count = session.exec(select(func.count()).select_from(Question).where(Question.tier_id == tier.id)).one()
    if count >= tier.max_questions:
        raise TooManyQuestions(ngettext(
            "This tier already has its maximum of %(num)d question. Short forms are the point: delete a "
            "question or raise the cap first.",
            "This tier already has its maximum of %(num)d questions. Short forms are the point: delete a "
            "question or raise the cap first.", tier.max_questions))
    question = Question(tier_id=tier.id)
    _check_question(session, question, tier.id, data)
    return _save(session, question, data, actor=actor, action="question.create")


def update_question(*, session, question, data, actor=None):
    _check_question(session, question, question.tier_id, data)
    return _save(session, question, data, actor=actor, action="question.update")


def delete_question(*, session, question, actor=None):
    """Remove a question, unless applications already answered it (their answers would vanish)."""
    if _has_applications(session, question.tier_id):
        raise QuestionInUse(_l("Applications already answered this question, so it cannot be deleted."))
    _delete(session, question, actor=actor, action="question.delete")


# --- eligibility rules -----------------------------------------------------------------------
def _check_rule(data):
    """Only rules the eligibility check can evaluate: known question, operator and answers."""
    field, operator, values = data["field"], data["operator"], list(data["value"])
    if field not in CHOICES or operator not in OPERATORS:
        raise InvalidConfiguration(_l("Choose a question and a condition from the lists."), field="operator")
    allowed = country_codes() if field == "country" else CHOICES[field]
    if not values or any(value not in allowed for value in values):
        raise InvalidConfiguration(_l("Choose answers from the list."), field="value")
    if operator in ("eq", "ne") and len(values) != 1:
        raise InvalidConfiguration(_l("With “is” or “is not”, choose exactly one answer."), field="value")


def add_rule(*, session, tier, data, actor=None):
    """A rule on who may apply for `tier`, with the kind explanation shown to those who may not."""
    _check_rule(data)
    return _save(session, EligibilityRule(tier_id=tier.id), data, actor=actor, action="rule.create")


def update_rule(*, session, rule, data, actor=None):
    _check_rule({**data, "field": rule.field})
    return _save(session, rule, data, actor=actor, action="rule.update")


def delete_rule(*, session, rule, actor=None):
    _delete(session, rule, actor=actor, action="rule.delete")
