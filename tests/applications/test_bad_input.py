"""Bad or tampered input gets a clear message and loses nothing the applicant typed."""
import io

import pytest
from sqlmodel import select

from helpers import draft_data, post_form, signed_in_applicant, start_draft
from portal.applications.models import Application, Attachment
from portal.text import char_count

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def draft(client, db):
    tier = signed_in_applicant(client, db, max_chars=20, documents=("budget",))
    return tier, start_draft(client, tier.id)


def saved(db, application_id):
    db.expire_all()
    return db.get(Application, application_id)


def test_over_long_answer_is_kept_and_explained(client, db, draft):
    tier, application_id = draft
    long_text = "Tunahitaji msaada wa haraka sana kwa wanawake"
    response = post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, answer_q1=long_text), "action": "review"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Please shorten this answer to 20 characters." in page
    assert long_text in page
    assert saved(db, application_id).answers["q1"] == long_text


@pytest.mark.parametrize("text, expected", [("👩‍👩‍👧" * 20, 20), ("سَلَام" * 4, 16), ("é" * 20, 20)])
def test_limits_count_characters_as_people_do(client, db, draft, text, expected):
    tier, application_id = draft
    assert char_count(text) == expected
    page = post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, answer_q1=text), "action": "save"}, follow_redirects=True).get_data(as_text=True)
    assert "Please shorten this answer" not in page
    assert saved(db, application_id).answers["q1"] == text


@pytest.mark.parametrize("amount, message", [
    ("lots", "Please write an amount in numbers"),
    ("12.345", "Please write an amount in numbers"),
    ("-5", "Please write an amount in numbers"),
])
def test_unreadable_amount_keeps_answers(client, db, draft, amount, message):
    tier, application_id = draft
    response = post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, requested=amount), "action": "review"})
    page = response.get_data(as_text=True)
    assert message in page and f'value="{amount}"' in page
    assert saved(db, application_id).answers["q2"] == "Answer to q2"


def test_amount_out_of_range_blocks_submission(client, db, draft):
    tier, application_id = draft
    post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, requested="9000"), "action": "save"})
    review = client.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert "The amount must be between $0.00 and $8,000.00." in review
    assert 'name="submission_key"' not in review
    forged = post_form(client, f"/applications/{application_id}/submit", {"submission_key": "x"}, page=f"/applications/{application_id}/review")
    assert forged.status_code == 302 and saved(db, application_id).status == "draft"


def test_forged_language_is_ignored(client, db, draft):
    tier, application_id = draft
    post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, written_language="<script>"), "action": "save"})
    assert saved(db, application_id).written_language == "en"


def test_autosave_answers_json_and_saves(client, db, draft):
    tier, application_id = draft
    response = post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, answer_q3="Autosaved"), "action": "autosave"})
    assert response.status_code == 200 and response.json["message"].startswith("Draft saved at")
    assert saved(db, application_id).answers["q3"] == "Autosaved"


def test_missing_csrf_token_is_refused_without_saving(client, db, draft):
    tier, application_id = draft
    response = client.post(f"/applications/{application_id}/edit", data={**draft_data(tier, answer_q1="x"), "action": "save"})
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)
    assert "q1" not in saved(db, application_id).answers


def upload(client, application_id, data, name="budget.pdf", key="budget"):
    return post_form(client, f"/applications/{application_id}/attachments",
                     {"document_key": key, "file": (io.BytesIO(data), name)},
                     page=f"/applications/{application_id}/edit", content_type="multipart/form-data", follow_redirects=True)


def test_attachment_stored_outside_web_root_under_random_name(client, db, draft, app):
    _tier, application_id = draft
    page = upload(client, application_id, PDF).get_data(as_text=True)
    assert "The file is attached." in page
    attachment = db.exec(select(Attachment)).one()
    assert attachment.stored_name != "budget.pdf" and len(attachment.stored_name) == 32
    assert attachment.content_type == "application/pdf"
    download = client.get(f"/applications/{application_id}/attachments/{attachment.id}")
    assert download.data == PDF
    download.close()


@pytest.mark.parametrize("data, name, key, message", [
    (b"MZ\x90\x00 not a pdf", "budget.pdf", "budget", "Please send a PDF, JPEG or PNG file."),
    (PDF, "budget.pdf", "passport", "This grant does not ask for this document."),
    (b"%PDF-" + b"0" * (5 * 1024 * 1024), "big.pdf", "budget", "The file is too large."),
])
def test_refused_attachments_say_why(client, db, draft, data, name, key, message):
    _tier, application_id = draft
    page = upload(client, application_id, data, name, key).get_data(as_text=True)
    assert message in page
    assert db.exec(select(Attachment)).all() == []


def test_oversized_request_gets_translated_413(client, db, draft, app):
    _tier, application_id = draft
    body = b"0" * (app.config["MAX_CONTENT_LENGTH"] + 10)  # raw bytes: no temporary file to leak
    response = client.post(f"/applications/{application_id}/attachments", data=body,
                           content_type="multipart/form-data; boundary=x", headers={"Accept-Language": "fr"})
    assert response.status_code == 413
