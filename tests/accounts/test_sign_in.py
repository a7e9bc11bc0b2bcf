"""Sign-in by password and by emailed one-time link, password reset, staff creation."""
import re
from datetime import timedelta

from sqlmodel import select

from factories import PASSWORD, make_user
from helpers import post_form, sign_in
from portal.accounts.models import LoginToken, User


def link_from(message):
    return re.search(r"http://localhost(/accounts/\S+)", message.get_content()).group(1)


def test_password_is_stored_as_argon2id(db):
    user = make_user(db)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_wrong_password_is_refused_kindly(client, db):
    make_user(db)
    db.commit()
    response = post_form(client, "/accounts/sign-in", {"email": "amina@example.org", "password": "nope nope nope"})
    assert response.status_code == 200
    assert "That email and password do not match." in response.get_data(as_text=True)


def test_emailed_link_signs_in_once(client, db, mailbox):
    make_user(db, locale="fr")
    db.commit()
    post_form(client, "/accounts/sign-in/link", {"email": "AMINA@example.org"})
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "Votre lien de connexion à Mizani"
    path = link_from(message)
    assert client.get(path).status_code == 200  # showing the page does not use the link
    used = post_form(client, path)
    assert used.status_code == 302 and client.get("/accounts/").status_code == 200
    client.delete_cookie("session")
    again = post_form(client, path, follow_redirects=True)
    assert "This link has expired or was already used." in again.get_data(as_text=True)


def test_link_expires_after_fifteen_minutes(client, db, mailbox):
    make_user(db)
    db.commit()
    post_form(client, "/accounts/sign-in/link", {"email": "amina@example.org"})
    token = db.exec(select(LoginToken)).one()
    assert timedelta(minutes=14) < token.expires_at - token.created_at <= timedelta(minutes=15, seconds=1)
    token.expires_at = token.created_at - timedelta(seconds=1)
    db.add(token)
    db.commit()
    response = post_form(client, link_from(mailbox[0]), follow_redirects=True)
    assert "This link has expired or was already used." in response.get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_email(client, db, mailbox):
    response = post_form(client, "/accounts/sign-in/link", {"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account exists for this address" in response.get_data(as_text=True)
    assert mailbox == []


def test_password_reset_sets_a_new_password(client, db, mailbox):
    make_user(db)
    db.commit()
    post_form(client, "/accounts/reset", {"email": "amina@example.org"})
    assert mailbox[0]["Subject"] == "Choose a new password for Mizani"
    post_form(client, link_from(mailbox[0]), {"password": "a much better passphrase"})
    client.delete_cookie("session")
    sign_in(client, "amina@example.org", "a much better passphrase")


def test_short_new_password_is_refused(client, db, mailbox):
    make_user(db)
    db.commit()
    post_form(client, "/accounts/reset", {"email": "amina@example.org"})
    response = post_form(client, link_from(mailbox[0]), {"password": "short"})
    assert "Field must be between 10 and 200 characters long." in response.get_data(as_text=True)


def test_registering_a_known_email_explains_and_keeps_the_form(client, db):
    make_user(db)
    db.commit()
    response = post_form(client, "/accounts/register", {
        "display_name": "Amina", "email": "amina@example.org", "organisation_name": "Kept group name",
        "kind": "women_group", "registered": "no", "women_led": "yes", "country": "CD", "accept_privacy": "y"})
    page = response.get_data(as_text=True)
    assert "An account with this email address already exists." in page and "Kept group name" in page


def test_create_staff_command(app, db):
    result = app.test_cli_runner().invoke(args=["create-staff", "--email", "fm@example.org", "--name", "Fatou",
                                                "--role", "fund_manager", "--role", "finance_officer",
                                                "--password", "a long staff password"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    user = db.exec(select(User).where(User.email == "fm@example.org")).one()
    assert user.roles == {"fund_manager", "finance_officer"}


def test_sign_out_requires_post(client, db):
    make_user(db)
    db.commit()
    sign_in(client, "amina@example.org")
    assert client.get("/accounts/sign-out").status_code == 405
    post_form(client, "/accounts/sign-out", page="/accounts/")
    assert client.get("/accounts/").status_code == 302
