"""Configuration classes read from the environment.

Production refuses to start without a secret key and a database URL: a grant portal that
silently falls back to a shared default secret would expose every applicant's session.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _numbers(name, default):
    """A comma-separated list of whole numbers, e.g. "10,60,300" (a typo fails at start-up)."""
    return tuple(int(part) for part in _env(name, default).split(",") if part.strip())


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = _env("SECRET_KEY")
    DATABASE_URL = _env("DATABASE_URL")
    #: Background jobs go through Redis + RQ when set (run a worker, see README); inline otherwise.
    REDIS_URL = _env("REDIS_URL")
    #: The RQ queue the portal's workers listen to.
    JOB_QUEUE = _env("JOB_QUEUE", "mizani")
    #: Retries after a job's first failure, and the waits before them in seconds (RQ repeats the
    #: first wait when there are more retries than waits).
    JOB_RETRIES = int(_env("JOB_RETRIES", 3))
    JOB_RETRY_INTERVALS = _numbers("JOB_RETRY_INTERVALS", "10,60,300")
    #: Longest a job may run (RQ stops it then); a run still "running" after this is abandoned
    #: (its worker died) and `flask jobs recover` hands it over again.
    JOB_TIMEOUT = int(_env("JOB_TIMEOUT", 600))
    #: Further modules whose @job functions workers load (comma-separated), e.g. plugins or tests.
    JOB_MODULES = tuple(name for name in _env("JOB_MODULES", "").split(",") if name.strip())
    #: Days before and after a report's due date on which its grantee is reminded.
    REPORT_REMINDER_DAYS_BEFORE = _numbers("REPORT_REMINDER_DAYS_BEFORE", "7")
    REPORT_REMINDER_DAYS_AFTER = _numbers("REPORT_REMINDER_DAYS_AFTER", "3,14")
    #: The portal's own address, used in links inside emails.
    BASE_URL = _env("BASE_URL", "http://127.0.0.1:5000")
    LANGUAGES = ("en", "fr", "es", "ar", "sw", "pt")
    BABEL_DEFAULT_LOCALE = _env("DEFAULT_LOCALE", "en")
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    #: Where uploaded attachments live: outside the web root, under random names.
    UPLOAD_FOLDER = _env("UPLOAD_FOLDER", str(ROOT / "instance" / "uploads"))
    MAX_UPLOAD_BYTES = int(_env("MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
    # Requests larger than this are refused before they reach a view (413, translated page).
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 256 * 1024
    #: Email: SMTP when MAIL_SERVER is set; otherwise written to MAIL_FOLDER, else printed.
    MAIL_SERVER = _env("MAIL_SERVER")
    MAIL_PORT = int(_env("MAIL_PORT", 25))
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_USE_TLS = _env("MAIL_USE_TLS", "0") == "1"
    MAIL_SENDER = _env("MAIL_SENDER", "Mizani <no-reply@mizani.local>")
    MAIL_FOLDER = _env("MAIL_FOLDER")
    LOGIN_LINK_MINUTES = 15
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a draft may stay open for hours on a shared phone
    SQL_ECHO = False
    #: Stripe card giving (hosted Checkout). Off unless both secrets are set: without the webhook
    #: secret a donor could pay and the portal would never learn it. Never given a default.
    STRIPE_SECRET_KEY = _env("STRIPE_SECRET_KEY")
    STRIPE_WEBHOOK_SECRET = _env("STRIPE_WEBHOOK_SECRET")
    #: Fernet key (32 url-safe base64 bytes) that encrypts payee details at rest. Required in
    #: production; elsewhere derived from SECRET_KEY. `python -c "from cryptography.fernet import
    #: Fernet; print(Fernet.generate_key().decode())"` makes one.
    PAYEE_KEY = _env("PAYEE_KEY")
    #: Another API address, only for a local Stripe double (tests, offline development).
    STRIPE_API_BASE = _env("STRIPE_API_BASE")
    #: Open data (360Giving, IATI): the publisher's name and identifiers. The defaults are
    #: placeholders ("XM-" = no registered identifier yet) until the publisher registers its own.
    OPENDATA_PUBLISHER = _env("OPENDATA_PUBLISHER", "Mizani")
    OPENDATA_360G_PREFIX = _env("OPENDATA_360G_PREFIX", "360G-mizani")
    IATI_REPORTING_ORG = _env("IATI_REPORTING_ORG", "XM-MIZANI")
    #: IATI OrganisationType code of the reporting organisation (21 = international NGO).
    IATI_REPORTING_ORG_TYPE = _env("IATI_REPORTING_ORG_TYPE", "21")

    @classmethod
    def check(cls):
        """Refuse to start with missing essentials."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not getattr(cls, name)]
        if missing:
            raise RuntimeError(f"Missing required settings: {', '.join(missing)}")


class DevelopmentConfig(Config):
    """One-command local portal on SQLite with mail written to a folder."""

    SECRET_KEY = _env("SECRET_KEY", "dev-only-not-secret")
    DATABASE_URL = _env("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'mizani.sqlite'}")
    MAIL_FOLDER = _env("MAIL_FOLDER", str(ROOT / "instance" / "mail"))


class TestConfig(Config):
    """Isolated settings for the test suite; the database URL is set per test."""

    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    DATABASE_URL = _env("DATABASE_URL", "sqlite://")
    BASE_URL = "http://localhost"
    #: Still argon2id, at a cost that keeps the suite fast; production uses the library default.
    ARGON2_COST = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


class ProductionConfig(Config):
    """Served by gunicorn behind TLS."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def check(cls):
        """Also refuse to run without its own key for payee details (not one derived from the
        session secret, which may be rotated)."""
        super().check()
        if not cls.PAYEE_KEY:
            raise RuntimeError("Missing required settings: PAYEE_KEY")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load(name=None):
    """The config class for MIZANI_ENV (development by default)."""
    config = CONFIGS[name or _env("MIZANI_ENV", "development")]
    config.check()
    return config
