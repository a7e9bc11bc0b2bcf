"""Progress for long command-line work (demo data at scale, exports, reconciliation).

A thin wrapper over click's progress bar so every command shows it the same way: on standard
error (standard output stays for results and can be piped), with position and time left on a
terminal, and a single label line when not on a terminal (CI logs stay short).
"""
import sys
from contextlib import contextmanager

import click


@contextmanager
def progress(items=None, *, label, length=None):
    """Iterate `items` (or call `.update(n)` up to `length`) with a progress bar.

    `with progress(rows, label="Seeding applications") as bar: for row in bar: ...`
    """
    with click.progressbar(items, length=length, label=label, file=sys.stderr, show_pos=True,
                           show_eta=True, width=30) as bar:
        yield bar


def note(message):
    """A line of results that does not break a progress bar being drawn (standard output)."""
    click.echo(("\n" if sys.stderr.isatty() else "") + message)
