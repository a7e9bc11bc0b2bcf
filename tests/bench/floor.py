"""References for throughput.py: what the fixed stack costs before the portal does anything.

Served by the same gunicorn settings as the hello-world and the portal, on the demo's database:

- `/signed-in`: Flask's signed session cookie, Flask-Login and one SQLModel `session.get` of the
  signed-in user, answering one line of text: the least any signed-in page does;
- `/page`: the same, then a compiled Jinja template the size of the privacy page with 15 strings
  through Flask-Babel's gettext, gzipped: the least any signed-in page in six languages does.

None of the portal's own code runs here (no menu, roles, CSRF, CSP, forms or queries of its
own), so a portal page cannot be faster than these. `/sign-in/<email>` exists only in this bench
app, bound to 127.0.0.1, so that wrk can send a signed-in cookie.
"""
import gzip
import os

from flask import Flask, request
from flask_babel import Babel, gettext
from flask_login import LoginManager, current_user, login_user
from sqlmodel import Session, create_engine, select

from portal import models  # noqa: F401  (registers every table, so the user's relationships resolve)
from portal.accounts.models import User

engine = create_engine(os.environ["DATABASE_URL"])
app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
login_manager = LoginManager(app)
Babel(app)

PAGE = app.jinja_env.from_string(
    "<!doctype html><html lang=\"en\"><title>{{ _('Privacy and safety') }}</title><body><main>"
    + "".join(f"<p>{{{{ _('Paragraph {n} of a page in the reader\\'s language.') }}}} {'words ' * 60}</p>"
              for n in range(15))
    + "<p>{{ user.email }}</p></main></body></html>"
)


@login_manager.user_loader
def load_user(user_id):
    with Session(engine) as session:
        return session.get(User, int(user_id))


@app.get("/")
def ready():
    return "ready"


@app.get("/sign-in/<email>")
def sign_in(email):
    with Session(engine) as session:
        login_user(session.exec(select(User).where(User.email == email)).one())
    return "signed in"


@app.get("/signed-in")
def signed_in():
    return f"Signed in as user {current_user.id}"


@app.get("/page")
def page():
    body = PAGE.render(_=gettext, user=current_user).encode()
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        body, headers["Content-Encoding"] = gzip.compress(body, compresslevel=6), "gzip"
    return body, headers
