"""Mizani: the application factory reads like the table of contents of the portal."""
from importlib import import_module

from flask import Flask

import config as config_module

#: One blueprint per domain; its views module registers the routes.
DOMAINS = ("pages", "accounts", "funds", "eligibility", "applications", "review", "grants", "finance", "donors",
           "payments", "audit", "reports", "jobs", "opendata", "dashboards")


def create_app(config=None, **overrides):
    """Build the portal: settings, database, languages, security, then one blueprint per domain."""
    from config import ROOT

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=None,
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or config_module.load())
    app.config.update(overrides)

    from portal import assets, db, errors, extensions, http, i18n
    db.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    http.init_app(app)
    assets.init_app(app)
    errors.init_app(app)

    for domain in DOMAINS:
        views = import_module(f"portal.{domain}.views")
        app.register_blueprint(views.bp)

    from portal import cli
    cli.init_app(app)

    from portal import access
    access.check_every_route_declared(app)
    return app
