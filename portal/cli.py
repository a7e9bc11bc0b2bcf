"""Command-line tasks: `flask --app wsgi <command>`."""
import click

from portal import models  # noqa: F401  (registers every table)
from portal.db import get_session


@click.command("create-staff")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["reviewer", "fund_manager", "finance_officer", "donor", "admin"]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_staff(email, name, roles, password):
    """Create a staff (or donor) account with the given roles."""
    from portal.accounts.services import create_user
    session = get_session()
    user = create_user(session=session, email=email, display_name=name, password=password, roles=roles)
    session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")


@click.command("load-demo")
def load_demo():
    """Load the demo fund, call, tiers, organisations, users and applications (idempotent)."""
    from portal.demo import load
    logins = load(get_session())
    click.echo("Demo data loaded. Sign in at http://127.0.0.1:5000 with:")
    for email, password, role in logins:
        click.echo(f"  {role:<16} {email:<32} {password}")


def init_app(app):
    from portal.ledger.cli import ledger
    app.cli.add_command(ledger)
    from portal.payments.cli import stripe_group
    app.cli.add_command(stripe_group)
    from portal.jobs.cli import jobs_group
    app.cli.add_command(jobs_group)
    from portal.reports.reminders import reports_group
    app.cli.add_command(reports_group)
    app.cli.add_command(create_staff)
    app.cli.add_command(load_demo)
