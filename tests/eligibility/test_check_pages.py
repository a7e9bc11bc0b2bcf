"""The eligibility check: answers kept, kind explanations, a way to ask a question."""
from sqlmodel import select

from factories import make_call, make_tier, make_user
from helpers import ELIGIBLE, answer_eligibility, post_form, sign_in
from portal.eligibility.models import Enquiry


def test_result_lists_eligible_tiers_first_and_explains_the_others(client, db):
    call = make_call(db)
    make_tier(db, call=call, key="seed", rules=[("registered", "eq", ["yes"])])
    make_tier(db, call=call, key="emergency")
    db.commit()
    answer_eligibility(client)
    page = client.get("/eligibility/result").get_data(as_text=True)
    assert page.index("Emergency") < page.index("Seed")
    assert "You can apply." in page and "Rule on registered" in page


def test_missing_answers_are_asked_again_with_what_was_chosen_kept(client, db):
    make_tier(db)
    db.commit()
    response = post_form(client, "/eligibility/", {"group_kind": "ngo", "women_led": "yes"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("Please choose one answer.") == 4
    assert 'checked id="group_kind-3"' in page or 'value="ngo"' in page


def test_forged_choice_is_refused(client, db):
    make_tier(db)
    db.commit()
    response = post_form(client, "/eligibility/", {**ELIGIBLE, "women_led": "maybe"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)


def test_answers_are_remembered_between_visits(client, db):
    make_tier(db)
    db.commit()
    answer_eligibility(client)
    page = client.get("/eligibility/").get_data(as_text=True)
    assert '<option selected value="CD">' in page


def test_closed_or_unpublished_calls_offer_nothing(client, db):
    make_tier(db, call=make_call(db, published=False))
    db.commit()
    answer_eligibility(client)
    assert "There are no open calls at the moment." in client.get("/eligibility/result").get_data(as_text=True)


def test_question_reaches_the_fund_team_without_content(client, db, mailbox):
    make_user(db, email="fm@example.org", roles=("fund_manager",))
    db.commit()
    response = post_form(client, "/eligibility/ask", {"message": "Je peux postuler sans statut légal ?"}, follow_redirects=True)
    assert "Your question has been sent" in response.get_data(as_text=True)
    assert db.exec(select(Enquiry)).one().message == "Je peux postuler sans statut légal ?"
    assert len(mailbox) == 1 and "statut" not in mailbox[0].get_content()
    assert "/eligibility/enquiries" in mailbox[0].get_content()
    sign_in(client, "fm@example.org")
    assert "Je peux postuler sans statut légal ?" in client.get("/eligibility/enquiries").get_data(as_text=True)


def test_enquiries_are_for_staff_only(client, db):
    make_user(db)
    db.commit()
    assert client.get("/eligibility/enquiries").status_code == 302
    sign_in(client, "amina@example.org")
    assert client.get("/eligibility/enquiries").status_code == 403


def test_errors_are_summarised_at_the_top_with_links(client, db):
    make_tier(db)
    db.commit()
    page = post_form(client, "/eligibility/", {"group_kind": "ngo"}, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "<title>Erreur:" in page or "<title>Erreur :" in page
    summary = page[page.index('id="error-summary"'):page.index("<h1>")]
    assert 'href="#registered"' in summary and 'href="#group_kind"' not in summary
