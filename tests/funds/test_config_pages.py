"""Fund managers configure funds, calls and tiers; nobody else may use the funds pages."""
import re

import pytest

from portal.audit import AuditEvent
from portal.funds.models import Call, EligibilityRule, Fund, Question, Tier
from tests.factories import make_call, make_fund, make_tier, make_user
from tests.funds.support import fresh, text_of
from tests.helpers import csrf_token, post_form, sign_in


def tier_form(**overrides):
    data = {"key": "small", "position": "0", "title-en": "Small grants", "title-fr": "Petites subventions",
            "description-en": "Up to 5000", "min_amount": "500", "max_amount": "5000", "max_questions": "8",
            "decision_hours": "720", "required_documents": "", "consortium_min_members": "0",
            "consortium_max_members": "0", "report_plan": "interim: 6\nfinal: 12"}
    return {**data, **overrides}


# --- funds and calls -------------------------------------------------------------------------
def test_manager_creates_fund_with_texts_per_language_and_audit(client, db, manager):
    response = post_form(client, "/funds/new", {
        "code": "wpf2", "name-en": "Peace Fund", "name-ar": "صندوق السلام", "description-en": "Pooled",
        "currency": "XOF", "default_language": "en", "countries": "cd, LB ,co"})
    assert response.status_code == 302
    [fund] = fresh(db, Fund, code="wpf2")
    assert fund.name == {"en": "Peace Fund", "ar": "صندوق السلام"}
    assert fund.countries == ["CD", "LB", "CO"] and fund.currency == "XOF"
    [event] = fresh(db, AuditEvent, action="fund.create")
    assert event.actor_id == manager.id and event.record_id == fund.id and event.after["code"] == "wpf2"


def test_fund_form_gives_each_language_its_direction(client, manager):
    page = text_of(client.get("/funds/new"))
    assert re.search(r'<input[^>]*dir="rtl"[^>]*name="name-ar"|<input[^>]*name="name-ar"[^>]*dir="rtl"', page)
    assert "<legend>Name</legend>" in page


@pytest.mark.parametrize("countries, message", [("CD, QQ", "Not country codes: QQ"), ("", "This field is required")])
def test_fund_refuses_unknown_or_missing_countries(client, db, manager, countries, message):
    response = post_form(client, "/funds/new", {"code": "x", "name-en": "X", "currency": "USD",
                                                "default_language": "en", "countries": countries})
    assert response.status_code == 200 and message in text_of(response)
    assert not fresh(db, Fund, code="x")


def test_fund_needs_its_name_in_its_default_language(client, db, manager):
    response = post_form(client, "/funds/new", {"code": "x", "name-en": "Only English", "currency": "USD",
                                                "default_language": "fr", "countries": "CD"})
    assert "Please write this in Français" in text_of(response)


def test_fund_currency_locked_once_tiers_exist(client, db, manager):
    tier = make_tier(db)
    fund_id = tier.call.fund_id
    db.commit()
    response = post_form(client, f"/funds/{fund_id}/edit", {"code": "wpf", "name-en": "WPF", "currency": "XOF",
                                                            "default_language": "en", "countries": "CD"})
    assert "The currency cannot change" in text_of(response)
    assert fresh(db, Fund, id=fund_id)[0].currency == "USD"


def test_fund_code_must_be_unique(client, db, manager):
    make_fund(db, code="wpf")
    db.commit()
    response = post_form(client, "/funds/new", {"code": "wpf", "name-en": "Again", "currency": "USD",
                                                "default_language": "en", "countries": "CD"})
    assert "already used" in text_of(response)


def call_form(**overrides):
    data = {"slug": "spring", "default_language": "fr", "languages": ["en", "fr"], "title-fr": "Appel de printemps",
            "opens_on": "2030-03-01", "closes_on": "2030-05-31", "is_published": "y"}
    return {**data, **overrides}


def test_manager_creates_dated_call(client, db, manager):
    fund = make_fund(db)
    db.commit()
    response = post_form(client, f"/funds/{fund.id}/calls/new", call_form())
    [call] = fresh(db, Call, slug="spring")
    assert response.headers["Location"].endswith(f"/funds/calls/{call.id}/edit")
    assert (call.is_rolling, call.is_published, call.languages) == (False, True, ["en", "fr"])
    assert str(call.opens_on) == "2030-03-01" and call.title == {"fr": "Appel de printemps"}


@pytest.mark.parametrize("overrides, message", [
    ({"closes_on": "2030-02-01"}, "The closing date cannot be before the opening date."),
    ({"closes_on": ""}, "needs an opening and a closing date"),
    ({"languages": ["en"]}, "Offer the call in the language it is written in."),
    ({"opens_on": "2030-13-45"}, "Not a valid date value."),
])
def test_call_refuses_contradictions(client, db, manager, overrides, message):
    fund = make_fund(db)
    db.commit()
    response = post_form(client, f"/funds/{fund.id}/calls/new", call_form(**overrides))
    assert response.status_code == 200 and message in text_of(response)
    assert not fresh(db, Call, slug="spring")


def test_call_edit_page_lists_tiers_and_keeps_values(client, db, manager):
    tier = make_tier(db)
    call_id = tier.call_id
    db.commit()
    page = text_of(client.get(f"/funds/calls/{call_id}/edit"))
    assert 'value="open-call"' in page and "Emergency" in page and "$8,000.00" in page


# --- tiers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("currency, typed, minor", [("USD", "1,500.5", 150050), ("XOF", "250 000", 250000),
                                                    ("KWD", "1.125", 1125)])
def test_manager_creates_tier_with_amounts_in_minor_units(client, db, manager, currency, typed, minor):
    call = make_call(db, fund=make_fund(db, currency=currency))
    db.commit()
    response = post_form(client, f"/funds/calls/{call.id}/tiers/new",
                         tier_form(min_amount="0", max_amount=typed, required_documents="budget: Simple budget\n"))
    assert response.status_code == 302
    [tier] = fresh(db, Tier, call_id=call.id)
    assert (tier.min_amount_minor, tier.max_amount_minor) == (0, minor)
    assert tier.required_documents == [{"key": "budget", "label": {"en": "Simple budget"}}]
    assert fresh(db, AuditEvent, action="tier.create")


@pytest.mark.parametrize("currency, typed, message", [
    ("USD", "12.345", "USD amounts have at most 2 decimals."),
    ("XOF", "10.5", "XOF amounts have no decimals."),
    ("KWD", "1.2345", "KWD amounts have at most 3 decimals."),
    ("USD", "ten thousand", "Please enter an amount in digits"),
    ("USD", "1,5", "Please enter an amount in digits"),
    ("USD", "-5", "Please enter an amount in digits"),
    ("USD", "1e400", "Please enter an amount in digits"),
    ("USD", "99999999999999999", "This amount is too large."),
])
def test_tier_refuses_bad_amount_and_keeps_what_was_typed(client, db, manager, currency, typed, message):
    call = make_call(db, fund=make_fund(db, currency=currency))
    db.commit()
    response = post_form(client, f"/funds/calls/{call.id}/tiers/new", tier_form(max_amount=typed))
    page = text_of(response)
    assert response.status_code == 200 and message in page
    assert f'value="{typed}"' in page and 'value="Small grants"' in page
    assert not fresh(db, Tier, call_id=call.id)


def test_tier_tranche_plan_is_saved_and_shown_again(client, db, manager):
    call = make_call(db)
    db.commit()
    post_form(client, f"/funds/calls/{call.id}/tiers/new", tier_form(tranche_plan="60\n\n40: interim\n"))
    [tier] = fresh(db, Tier, call_id=call.id)
    assert tier.tranche_plan == [{"percent": 60, "after_report": None}, {"percent": 40, "after_report": "interim"}]
    assert "60\n40: interim</textarea>" in client.get(f"/funds/tiers/{tier.id}/edit").text
    post_form(client, f"/funds/tiers/{tier.id}/edit", tier_form(tranche_plan=""))
    assert fresh(db, Tier, call_id=call.id)[0].tranche_plan == [{"percent": 100, "after_report": None}]


def test_tier_report_plan_is_saved_and_shown_again(client, db, manager):
    call = make_call(db)
    db.commit()
    post_form(client, f"/funds/calls/{call.id}/tiers/new", tier_form(report_plan="short: 3\n"))
    [tier] = fresh(db, Tier, call_id=call.id)
    assert tier.report_plan == [{"key": "short", "months": 3}]
    assert "short: 3</textarea>" in client.get(f"/funds/tiers/{tier.id}/edit").text
    post_form(client, f"/funds/tiers/{tier.id}/edit", tier_form(report_plan=""))
    assert fresh(db, Tier, call_id=call.id)[0].report_plan == []


def test_tier_refuses_min_above_max(client, db, manager):
    call = make_call(db)
    db.commit()
    response = post_form(client, f"/funds/calls/{call.id}/tiers/new", tier_form(min_amount="6000", max_amount="5000"))
    page = text_of(response)
    assert "The largest amount must be at least the smallest amount." in page
    assert 'value="6000"' in page and not fresh(db, Tier, call_id=call.id)


@pytest.mark.parametrize("overrides, message", [
    ({"consortium_min_members": "1", "consortium_max_members": "3"}, "at least 2 members"),
    ({"consortium_min_members": "3", "consortium_max_members": "2"}, "at least the fewest members"),
    ({"consortium_lead_women_led": "y"}, "Set consortium sizes first"),
    ({"max_questions": "9"}, "Number must be between 1 and 8."),
    ({"required_documents": "budget Simple budget"}, "Line 1: write it as key: label"),
    ({"key": "Small Grants"}, "Use lower-case letters, digits and _ only."),
    ({"tranche_plan": "60\n30: interim"}, "The percentages must add up to 100."),
    ({"tranche_plan": "60%\n40"}, "Line 1: write a percentage"),
    ({"tranche_plan": "100: Final Report"}, "Line 1: write a percentage"),
    ({"title-en": ""}, "Please write this in English"),
    ({"report_plan": "interim six months"}, "Line 1: write a report and the months"),
    ({"report_plan": "final: 12\nfinal: 24"}, "Line 2: this report is already in the plan."),
    ({"report_plan": "final: 0"}, "Line 1: write a report and the months"),
    ({"tranche_plan": "60\n40: midterm"}, "These reports are not in the report plan: midterm."),
])
def test_tier_refuses_inconsistent_settings(client, db, manager, overrides, message):
    call = make_call(db)
    db.commit()
    response = post_form(client, f"/funds/calls/{call.id}/tiers/new", tier_form(**overrides))
    assert response.status_code == 200 and message in text_of(response)
    assert not fresh(db, Tier, call_id=call.id)


def test_tier_update_audits_changes_and_keeps_document_translations(client, db, manager):
    tier = make_tier(db, documents=("budget",), consortium=(2, 4))
    tier.required_documents = [{"key": "budget", "label": {"en": "Budget", "fr": "Budget (fr)"}}]
    db.commit()
    page = text_of(client.get(f"/funds/tiers/{tier.id}/edit"))
    assert 'value="8000.00"' in page and "budget: Budget" in page
    response = post_form(client, f"/funds/tiers/{tier.id}/edit", tier_form(
        key="emergency", max_amount="9000", required_documents="budget: A simple budget",
        consortium_min_members="2", consortium_max_members="4"))
    assert response.status_code == 302
    [saved] = fresh(db, Tier, id=tier.id)
    assert saved.max_amount_minor == 900_000
    assert saved.required_documents == [{"key": "budget", "label": {"en": "A simple budget", "fr": "Budget (fr)"}}]
    [event] = fresh(db, AuditEvent, action="tier.update")
    assert event.before["max_amount_minor"] == 800_000 and event.after["max_amount_minor"] == 900_000
    assert "key" not in event.after


def test_tier_cap_cannot_drop_below_existing_questions(client, db, manager):
    tier = make_tier(db, questions=4)
    db.commit()
    response = post_form(client, f"/funds/tiers/{tier.id}/edit", tier_form(key="emergency", max_questions="3"))
    assert "already has 4 questions" in text_of(response)

# --- access ----------------------------------------------------------------------------------
def every_funds_url(app, db):
    """One URL per funds route, filled with the ids of real records."""
    tier = make_tier(db, rules=[("registered", "eq", ["no"])])
    ids = {"fund_id": tier.call.fund_id, "call_id": tier.call_id, "tier_id": tier.id,
           "question_id": tier.questions[0].id, "rule_id": tier.rules[0].id}
    db.commit()
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("funds.")]
    assert len(rules) == 15
    return [(re.sub(r"<int:(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule), sorted(rule.methods - {"HEAD", "OPTIONS"}))
            for rule in rules]


def test_anonymous_visitor_is_sent_to_sign_in_on_every_funds_route(app, client, db):
    token = csrf_token(client, "/accounts/sign-in")
    for url, methods in every_funds_url(app, db):
        for method in methods:
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 302, (method, url)
            assert "/accounts/sign-in" in response.headers["Location"]


def test_applicant_is_refused_on_every_funds_route(app, client, db):
    urls = every_funds_url(app, db)
    make_user(db, email="amina@example.org")
    db.commit()
    sign_in(client, "amina@example.org")
    token = csrf_token(client, "/accounts/account")
    for url, methods in urls:
        for method in methods:
            assert client.open(url, method=method, data={"csrf_token": token}).status_code == 403, (method, url)
    assert len(fresh(db, Question)) == 4 and len(fresh(db, EligibilityRule)) == 1


def test_unknown_records_are_not_found(client, manager):
    for url in ("/funds/9/edit", "/funds/calls/9/edit", "/funds/tiers/9/edit", "/funds/questions/9/delete",
                "/funds/rules/9/edit"):
        assert client.get(url).status_code == 404


def test_typed_text_echoed_in_error_messages_is_escaped(client, db, manager):
    response = post_form(client, "/funds/new", {"code": "x", "name-en": "X", "currency": "USD",
                                                "default_language": "en", "countries": "CD, <SCRIPT>ALERT(1)</SCRIPT>"})
    page = text_of(response)
    assert "&lt;SCRIPT&gt;" in page and "<SCRIPT>" not in page


def test_fund_records_its_wps_themes(client, db, manager):
    response = post_form(client, "/funds/new", {"code": "themed", "name-en": "Themed", "currency": "USD",
                                                "default_language": "en", "countries": "CD",
                                                "themes": ["protection", "participation"]})
    assert response.status_code == 302
    assert fresh(db, Fund, code="themed")[0].themes == ["participation", "protection"]
