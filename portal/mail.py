"""Email: SMTP in production and tests, a folder or the console in development.

Notifications carry no content: a neutral subject and a link, in the recipient's language,
because a shared phone or a watched inbox must not reveal what a defender is doing.

Messages are rendered where they are asked for (the language is known there) and delivered by
the job "mail.send": on a worker with retries when Redis is configured, at once otherwise.
"""
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from portal import jobs


def send(*, to, subject, body, language=None, key=None, session=None):
    """Queue one email (job "mail.send"); `key` makes it go once, `session` after that commit."""
    jobs.enqueue("mail.send", key=key, session=session, to=to, subject=subject, body=body, language=language)


@jobs.job("mail.send")
def deliver(*, to, subject, body, language=None):
    """Hand one message to SMTP, the mail folder or the console (raises so the job is retried)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@mizani>"
    message.set_content(body)
    if language:  # after set_content, which replaces every Content-* header
        message["Content-Language"] = language
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    elif config["MAIL_FOLDER"]:
        folder = Path(config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
    else:
        print(message.as_string())


def send_template(*, to, locale, template, key=None, session=None, **context):
    """Render `emails/<template>.txt` in the recipient's language; the first line is the subject."""
    language = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        text = render_template(f"emails/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    send(to=to, subject=subject.strip(), body=body.strip() + "\n", language=language, key=key, session=session)


def notify(*, to, locale, link):
    """A content-free notification: 'You have an update on Mizani' and a link."""
    send_template(to=to, locale=locale, template="notification", link=link)


def notify_all(users, path):
    """A content-free notification to each user, in her own language, linking to `path`."""
    link = current_app.config["BASE_URL"] + path
    for user in users:
        notify(to=user.email, locale=user.locale, link=link)
