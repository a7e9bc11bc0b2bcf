"""`flask ledger check`: recompute every invariant on a live database."""
import click
from flask.cli import AppGroup

from portal.db import get_session
from portal.ledger.invariants import check

ledger = AppGroup("ledger", help="Inspect the money ledger.")


@ledger.command("check")
def check_command():
    """Report every invariant violation with the records involved; exit 1 if there is any."""
    violations = check(get_session())
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation(s)")
    if violations:
        raise SystemExit(1)
