"""Fund managers add, edit and delete a tier's questions and eligibility rules."""
import pytest

from portal.applications.models import Application
from portal.audit import AuditEvent
from portal.funds import services
from portal.funds.models import EligibilityRule, Question
from tests.factories import make_applicant, make_tier
from tests.funds.support import fresh, text_of
from tests.helpers import post_form


# --- questions -------------------------------------------------------------------------------
def question_form(**overrides):
    return {"key": "plan", "position": "4", "label-en": "What will you do?", "help-en": "Two lines are enough.",
            "max_chars": "800", "required": "y", **overrides}


def test_manager_adds_question(client, db, manager):
    tier = make_tier(db, questions=2)
    db.commit()
    assert 'value="2"' in text_of(client.get(f"/funds/tiers/{tier.id}/questions/new"))
    response = post_form(client, f"/funds/tiers/{tier.id}/questions/new", question_form())
    assert response.headers["Location"].endswith(f"/funds/tiers/{tier.id}/edit")
    [question] = fresh(db, Question, tier_id=tier.id, key="plan")
    assert (question.max_chars, question.required, question.label) == (800, True, {"en": "What will you do?"})
    assert fresh(db, AuditEvent, action="question.create")


def test_question_refused_when_tier_has_max_questions(client, db, manager):
    tier = make_tier(db, questions=8)
    db.commit()
    assert "The form is full" in text_of(client.get(f"/funds/tiers/{tier.id}/edit"))
    response = post_form(client, f"/funds/tiers/{tier.id}/questions/new", question_form())
    assert response.status_code == 200
    assert "already has its maximum of 8 questions" in text_of(response)
    assert len(fresh(db, Question, tier_id=tier.id)) == 8


def test_add_question_service_raises_typed_error(app, db):
    tier = make_tier(db, questions=8)
    with app.test_request_context(), pytest.raises(services.TooManyQuestions):
        services.add_question(session=db, tier=tier, data={"key": "extra", "position": 9, "label": {"en": "?"},
                                                           "help": {}, "max_chars": 10, "required": True})


@pytest.mark.parametrize("overrides, message", [
    ({"key": "q1"}, "already used"), ({"max_chars": "5001"}, "Number must be between 1 and 5000."),
    ({"max_chars": "many"}, "Not a valid integer value."), ({"label-en": ""}, "Please write this in English"),
])
def test_question_refuses_bad_input(client, db, manager, overrides, message):
    tier = make_tier(db, questions=2)
    db.commit()
    response = post_form(client, f"/funds/tiers/{tier.id}/questions/new", question_form(**overrides))
    assert response.status_code == 200 and message in text_of(response)


def test_manager_edits_and_deletes_question(client, db, manager):
    tier = make_tier(db, questions=2)
    question_id = tier.questions[0].id
    db.commit()
    url = f"/funds/questions/{question_id}/edit"
    assert 'value="Question 1 (fr)"' in text_of(client.get(url))
    post_form(client, url, question_form(key="q1", required=None, **{"label-fr": "Quoi ?"}))
    [question] = fresh(db, Question, id=question_id)
    assert question.required is False and question.label == {"en": "What will you do?", "fr": "Quoi ?"}
    delete = f"/funds/questions/{question_id}/delete"
    assert "This cannot be undone." in text_of(client.get(delete))
    assert fresh(db, Question, id=question_id)
    post_form(client, delete)
    assert not fresh(db, Question, id=question_id)
    assert fresh(db, AuditEvent, action="question.delete")[0].before["key"] == "q1"


def test_answered_question_cannot_be_deleted_or_renamed(client, db, manager):
    tier = make_tier(db, questions=2)
    user, org = make_applicant(db)
    db.add(Application(tier_id=tier.id, organisation_id=org.id, created_by_id=user.id, answers={"q1": "Ndiyo"}))
    question_id = tier.questions[0].id
    db.commit()
    response = post_form(client, f"/funds/questions/{question_id}/delete", follow_redirects=True)
    assert "Applications already answered this question" in text_of(response)
    response = post_form(client, f"/funds/questions/{question_id}/edit", question_form(key="renamed"))
    assert "it cannot change" in text_of(response)
    assert fresh(db, Question, id=question_id)[0].key == "q1"


def test_saving_unchanged_question_writes_no_audit_event(client, db, manager):
    tier = make_tier(db, questions=1)
    question_id = tier.questions[0].id
    db.commit()
    form = question_form(key="q1", position="0", max_chars="500", **{"label-en": "Question 1",
                         "label-fr": "Question 1 (fr)", "help-en": "Say it simply."})
    assert post_form(client, f"/funds/questions/{question_id}/edit", form).status_code == 302
    assert not fresh(db, AuditEvent)


# --- eligibility rules -----------------------------------------------------------------------
def test_manager_adds_rule_in_two_steps(client, db, manager):
    tier = make_tier(db)
    db.commit()
    assert 'name="field"' in text_of(client.get(f"/funds/tiers/{tier.id}/rules/new"))
    url = f"/funds/tiers/{tier.id}/rules/new?field=women_led"
    assert "Is your group led by women?" in text_of(client.get(url))
    response = post_form(client, url, {"operator": "eq", "value": ["yes"], "explanation-en": "For women-led groups."})
    assert response.status_code == 302
    [rule] = fresh(db, EligibilityRule, tier_id=tier.id)
    assert (rule.field, rule.operator, rule.value) == ("women_led", "eq", ["yes"])
    assert fresh(db, AuditEvent, action="rule.create")
    assert "Is your group led by women? <strong>is</strong> Yes" in text_of(client.get(f"/funds/tiers/{tier.id}/edit"))


def test_country_rule_offers_fund_countries_and_refuses_others(client, db, manager):
    tier = make_tier(db)
    db.commit()
    url = f"/funds/tiers/{tier.id}/rules/new?field=country"
    page = text_of(client.get(url))
    assert 'value="CD"' in page and "Congo" in page and 'value="FR"' not in page
    response = post_form(client, url, {"operator": "in", "value": ["CD", "FR"], "explanation-en": "Where we work."})
    assert "&#39;FR&#39; is not a valid choice" in text_of(response) and not fresh(db, EligibilityRule, tier_id=tier.id)
    post_form(client, url, {"operator": "in", "value": ["CD", "LB"], "explanation-en": "Where we work."})
    assert fresh(db, EligibilityRule, tier_id=tier.id)[0].value == ["CD", "LB"]


@pytest.mark.parametrize("data, message", [
    ({"operator": "eq", "value": ["yes", "no"]}, "choose exactly one answer"),
    ({"operator": "in"}, "Choose at least one answer."),
    ({"operator": "like", "value": ["yes"]}, "Not a valid choice"),
    ({"operator": "eq", "value": ["yes"], "explanation-en": ""}, "Please write this in English"),
])
def test_rule_refuses_what_the_check_cannot_evaluate(client, db, manager, data, message):
    tier = make_tier(db)
    db.commit()
    url = f"/funds/tiers/{tier.id}/rules/new?field=registered"
    response = post_form(client, url, {"explanation-en": "Why.", **data})
    assert response.status_code == 200 and message in text_of(response)


def test_unknown_rule_question_goes_back_to_step_one(client, db, manager):
    tier = make_tier(db)
    db.commit()
    page = text_of(client.get(f"/funds/tiers/{tier.id}/rules/new?field=salary"))
    assert "Not a valid choice" in page and 'name="field"' in page


def test_manager_edits_and_deletes_rule(client, db, manager):
    tier = make_tier(db, rules=[("registered", "eq", ["no"])])
    rule_id = tier.rules[0].id
    db.commit()
    url = f"/funds/rules/{rule_id}/edit"
    assert 'value="Rule on registered"' not in text_of(client.get(url))  # a textarea, not an input
    post_form(client, url, {"operator": "in", "value": ["yes", "no"], "explanation-en": "Any group."})
    [rule] = fresh(db, EligibilityRule, id=rule_id)
    assert (rule.operator, rule.value, rule.explanation["fr"]) == ("in", ["yes", "no"], "Règle sur registered")
    post_form(client, f"/funds/rules/{rule_id}/delete")
    assert not fresh(db, EligibilityRule, id=rule_id)
    assert [e.action for e in fresh(db, AuditEvent)] == ["rule.update", "rule.delete"]
