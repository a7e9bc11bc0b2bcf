"""Locale choice (user → cookie → Accept-Language → default), direction, switcher, fallback."""
import re

import pytest

from factories import make_call, make_tier, make_user
from helpers import csrf_token, post_form, sign_in

NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية", "sw": "Kiswahili", "pt": "Português"}


def html_tag(response):
    return re.search(r"<html [^>]*>", response.get_data(as_text=True)).group(0)


@pytest.mark.parametrize("code, direction", [("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl"), ("sw", "ltr"), ("pt", "ltr")])
def test_accept_language_sets_lang_and_dir(client, code, direction):
    response = client.get("/", headers={"Accept-Language": f"{code},en;q=0.5"})
    assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'


def test_unknown_language_falls_back_to_default(client):
    assert html_tag(client.get("/", headers={"Accept-Language": "de"})) == '<html lang="en" dir="ltr">'


def test_switcher_on_every_page_names_languages_in_themselves(client):
    page = client.get("/privacy").get_data(as_text=True)
    for code, name in NAMES.items():
        assert f'value="{code}" lang="{code}"' in page and name in page


def test_visitor_choice_is_kept_in_a_cookie_and_beats_the_browser(client):
    token = csrf_token(client, "/")
    response = client.post("/language", data={"csrf_token": token, "lang": "sw", "next": "/eligibility/"})
    assert response.status_code == 302 and response.headers["Location"] == "/eligibility/"
    assert html_tag(client.get("/", headers={"Accept-Language": "fr"})) == '<html lang="sw" dir="ltr">'


def test_signed_in_choice_is_saved_on_the_user(client, db):
    user = make_user(db)
    db.commit()
    sign_in(client, "amina@example.org")
    post_form(client, "/language", {"lang": "ar", "next": "/"}, page="/")
    client.delete_cookie("lang")
    assert html_tag(client.get("/accounts/", headers={"Accept-Language": "fr"})) == '<html lang="ar" dir="rtl">'
    db.expire_all()
    assert db.get(type(user), user.id).locale == "ar"


def test_language_switch_refuses_foreign_redirects_and_unknown_codes(client):
    token = csrf_token(client, "/")
    response = client.post("/language", data={"csrf_token": token, "lang": "xx", "next": "https://evil.example"})
    assert response.headers["Location"] == "/" and "lang=" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("code", ["fr", "es", "ar", "sw", "pt"])
@pytest.mark.parametrize("path", ["/", "/eligibility/", "/accounts/register", "/accounts/sign-in"])
def test_interface_is_translated(client, code, path):
    def heading(lang):
        page = client.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
        return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert heading(code) != heading("en")


def test_missing_authored_translation_falls_back_visibly(client, db):
    call = make_call(db)
    make_tier(db, call=call)
    db.commit()
    page = client.get("/", headers={"Accept-Language": "sw"}).get_data(as_text=True)
    assert '<bdi lang="en" dir="ltr">Rolling call</bdi>' in page
    assert 'class="fallback"' in page and "not yet translated" not in page  # the note itself is in Swahili


def test_error_pages_are_translated(client):
    english = client.get("/missing").get_data(as_text=True)
    french = client.get("/missing", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Page not found" in english and "Page not found" not in french


def test_notification_email_is_in_the_recipients_language(app, mailbox):
    from portal import mail
    with app.test_request_context("/"):
        mail.notify(to="neema@example.org", locale="sw", link="http://localhost/applications/")
    assert mailbox[0]["Subject"] != "You have an update on Mizani"
    assert "http://localhost/applications/" in mailbox[0].get_content()
