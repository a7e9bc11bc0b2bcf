"""The report pages as people use them: the grantee writes (autosave or 'Save draft'), adds a
photo, sends; the fund manager asks for changes or accepts; a conversation report by staff;
and nobody else sees any of it."""
import io

import pytest
from sqlmodel import select

from factories import make_applicant
from helpers import post_form
from tests.finance.support import Browsers, html, reread
from tests.reports.support import paid_grant
from portal.grants.models import Tranche
from portal.ledger.invariants import check
from portal.reports.models import Report, ReportFile

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64
OGG = b"OggS" + b"\0" * 64


@pytest.fixture
def browsers(app, client):
    return Browsers(app)


@pytest.fixture
def arranged(db):
    world, grant = paid_grant(db)
    interim = db.exec(select(Report).where(Report.grant_id == grant.id, Report.key == "interim")).one()
    return world, grant, interim


def form_data(grant, **overrides):
    share = grant.shares[0].id
    data = {"written_language": "sw", "answer_what_changed": "Wanawake 40 walijifunza kusoma.",
            "answer_challenges": "", "answer_learned": "", "answer_next_steps": "",
            f"spend_{share}_activities": "1500", f"spend_{share}_transport": "250,50"}
    data.update(overrides)
    return data


def test_the_grantee_saves_a_draft_without_javascript_then_sends_it(db, browsers, arranged):
    _world, grant, interim = arranged
    grantee = browsers("amina@example.org")
    grantee.set_cookie("lang", "fr")
    url = f"/reports/{interim.id}"
    assert f"/reports/{interim.id}" in html(grantee.get("/reports/"))
    assert f"/reports/{interim.id}" in html(grantee.get(f"/grants/{grant.id}"))
    saved = post_form(grantee, url, {**form_data(grant), "action": "save"})
    assert saved.status_code == 302
    report = reread(db).get(Report, interim.id)
    assert report.parts[0].spend == {"activities": 150_000, "transport": 25_050}  # "250,50" read as French writes it
    assert "Wanawake 40 walijifunza kusoma." in html(grantee.get(url))
    sent = post_form(grantee, f"{url}/send", page=url)
    assert sent.status_code == 302
    assert reread(db).get(Report, interim.id).status == "submitted"
    assert 'name="answer_what_changed"' not in html(grantee.get(url))


def test_autosave_answers_json_and_a_bad_amount_keeps_the_rest(db, browsers, arranged):
    _world, grant, interim = arranged
    grantee = browsers("amina@example.org")
    share = grant.shares[0].id
    response = post_form(grantee, f"/reports/{interim.id}",
                         {**form_data(grant, **{f"spend_{share}_people": "mingi"}), "action": "autosave"})
    assert response.status_code == 200 and response.is_json
    assert f"spend_{share}_people" in response.get_json()["errors"]
    report = reread(db).get(Report, interim.id)
    assert report.answers["what_changed"] == "Wanawake 40 walijifunza kusoma." and "people" not in report.parts[0].spend


def test_sending_without_what_changed_shows_what_is_missing_and_keeps_the_draft(db, browsers, arranged):
    _world, grant, interim = arranged
    grantee = browsers("amina@example.org")
    url = f"/reports/{interim.id}"
    post_form(grantee, url, {**form_data(grant, answer_what_changed="", answer_challenges="Mvua nyingi"), "action": "save"})
    refused = post_form(grantee, f"{url}/send", page=url)
    assert refused.status_code == 422
    assert "Mvua nyingi" in html(refused) and 'id="error-summary"' in html(refused)
    assert reread(db).get(Report, interim.id).status == "due"


def test_the_manager_asks_for_changes_then_accepts_and_the_tranche_becomes_payable(db, browsers, arranged, mailbox):
    world, grant, interim = arranged
    grantee, manager = browsers("amina@example.org"), browsers("manager@example.org")
    url = f"/reports/{interim.id}"
    post_form(grantee, url, {**form_data(grant), "action": "save"})
    post_form(grantee, f"{url}/send", page=url)
    assert mailbox and all("Wanawake" not in str(message) for message in mailbox)  # content-free notice
    asked = post_form(manager, f"{url}/changes", {"message": "Tafadhali eleza gharama za usafiri."}, page=url)
    assert asked.status_code == 302 and reread(db).get(Report, interim.id).status == "changes_requested"
    assert "Tafadhali eleza gharama za usafiri." in html(grantee.get(url))
    post_form(grantee, f"{url}/send", page=url)
    accepted = post_form(manager, f"{url}/accept", page=url)
    assert accepted.status_code == 302
    reread(db)
    assert db.get(Report, interim.id).status == "accepted"
    assert db.exec(select(Tranche.status).where(Tranche.after_report == "interim")).one() == "payable"
    assert check(db) == []


def test_a_fund_manager_records_a_conversation_report(db, browsers, arranged):
    _world, grant, interim = arranged
    manager = browsers("manager@example.org")
    url = f"/reports/{interim.id}"
    assert "conversation report" in html(manager.get(url))
    post_form(manager, url, {**form_data(grant), "action": "save"})
    assert post_form(manager, f"{url}/send", page=url).status_code == 302
    report = reread(db).get(Report, interim.id)
    assert (report.status, report.is_conversation) == ("submitted", True)
    assert "Recorded by the fund team after a conversation" in html(manager.get(url))


def test_photos_and_voice_notes_are_checked_by_content(db, app, browsers, arranged):
    _world, _grant, interim = arranged
    grantee = browsers("amina@example.org")
    url = f"/reports/{interim.id}"

    def upload(name, data):
        return post_form(grantee, f"{url}/files", {"file": (io.BytesIO(data), name)}, page=url,
                         content_type="multipart/form-data")

    assert upload("photo.jpg", JPEG).status_code == 302
    assert upload("sauti.ogg", OGG).status_code == 302
    assert upload("virus.jpg", b"MZ\x90\0" + b"\0" * 64).status_code == 302  # refused with a message
    app.config["MAX_UPLOAD_BYTES"] = 100
    assert upload("big.jpg", JPEG + b"\0" * 200).status_code == 302
    files = reread(db).exec(select(ReportFile).order_by(ReportFile.id)).all()
    assert [(f.kind, f.content_type) for f in files] == [("photo", "image/jpeg"), ("voice", "audio/ogg")]
    download = grantee.get(f"{url}/files/{files[0].id}")
    assert download.status_code == 200 and download.data == JPEG
    download.close()


@pytest.mark.parametrize("path", ["", "/files/1"])
def test_another_organisation_finds_nothing(db, browsers, arranged, path):
    _world, _grant, interim = arranged
    make_applicant(db, email="intruder@example.org", org_name="Other group")
    db.commit()
    intruder = browsers("intruder@example.org")
    assert intruder.get(f"/reports/{interim.id}{path}").status_code == 404
    assert f"/reports/{interim.id}" not in html(intruder.get("/reports/"))
    refused = post_form(intruder, f"/reports/{interim.id}/send", page="/reports/")
    assert refused.status_code == 404
    assert reread(db).get(Report, interim.id).status == "due"


def test_a_manager_adds_a_report_and_moves_a_due_date(db, browsers, arranged):
    _world, grant, interim = arranged
    manager = browsers("manager@example.org")
    added = post_form(manager, f"/reports/grants/{grant.id}/new", {"key": "closing", "due_on": "2030-06-01"},
                      page=f"/grants/{grant.id}")
    assert added.status_code == 302
    moved = post_form(manager, f"/reports/{interim.id}/due-date", {"due_on": "2030-01-15"}, page=f"/reports/{interim.id}")
    assert moved.status_code == 302
    reread(db)
    assert db.get(Report, interim.id).due_on.isoformat() == "2030-01-15"
    assert db.exec(select(Report).where(Report.key == "closing")).one().due_on.isoformat() == "2030-06-01"


def test_a_refused_new_report_comes_back_with_what_was_typed(db, browsers, arranged):
    _world, grant, _interim = arranged
    manager = browsers("manager@example.org")
    url = f"/reports/grants/{grant.id}/new"
    unreadable = post_form(manager, url, {"key": "closing", "due_on": "next june"}, page=f"/grants/{grant.id}")
    assert unreadable.status_code == 422
    assert 'value="closing"' in html(unreadable) and 'value="next june"' in html(unreadable)
    twice = post_form(manager, url, {"key": "interim", "due_on": "2030-06-01"}, page=f"/grants/{grant.id}")
    assert twice.status_code == 422 and "already has a report with this name" in html(twice)
    assert 'value="2030-06-01"' in html(twice)
    assert len(reread(db).exec(select(Report).where(Report.grant_id == grant.id)).all()) == 2



def test_a_save_after_the_report_was_sent_from_another_phone_shows_what_was_typed(db, browsers, arranged):
    _world, grant, interim = arranged
    grantee = browsers("amina@example.org")
    url = f"/reports/{interim.id}"
    post_form(grantee, url, {**form_data(grant), "action": "save"})
    post_form(grantee, f"{url}/send", page=url)
    late = {**form_data(grant, answer_learned="Tulijifunza kusikiliza."), "action": "save"}
    refused = post_form(grantee, url, late, page="/reports/")  # the page she had open, sent meanwhile
    assert refused.status_code == 409 and "Tulijifunza kusikiliza." in html(refused)
    assert "can no longer be changed" in html(refused)
    autosaved = post_form(grantee, url, {**late, "action": "autosave"}, page="/reports/")
    assert autosaved.status_code == 409 and "can no longer be changed" in autosaved.get_json()["message"]
    assert reread(db).get(Report, interim.id).answers["learned"] == ""  # the refused save changed nothing
