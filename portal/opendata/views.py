"""Download routes for the open-data exports, and `flask opendata export` for the same files.

Fund managers, finance officers and admins may download any fund's exports (to check them
before opting in); anyone else only a fund whose managers opted in to publishing (`is_public`).
Every other request answers 404, so nobody learns that a fund exists from these addresses.
"""
import sys
from pathlib import Path

import click
from flask import Response, abort
from flask_login import current_user

from portal import jobs
from portal.access import public
from portal.db import get_session
from portal.funds.models import Fund
from portal.jobs.services import status_of
from portal.opendata import bp, giving360, iati, jsontext
from portal.opendata.queries import published_share_count

#: Who may read every fund's exports, published or not.
STAFF = ("fund_manager", "finance_officer", "admin")
#: Format name → (build the document, its bytes in chunks, media type, file suffix).
FORMATS = {
    "360giving": (giving360.build_package, jsontext.iter_json, "application/json", "360giving.json"),
    "iati": (iati.build_activities, lambda root: [iati.to_bytes(root)], "application/xml", "iati.xml"),
}


def readable_fund(fund_id):
    """The fund, if this visitor may read its open data; 404 otherwise."""
    fund = get_session().get(Fund, fund_id)
    staff = current_user.is_authenticated and current_user.has_any_role(STAFF)
    if fund is None or not (fund.is_public or staff):
        abort(404)
    return fund


def download(fund_id, format_name):
    fund = readable_fund(fund_id)
    build, chunks, mimetype, suffix = FORMATS[format_name]
    document = build(get_session(), fund)
    return Response(chunks(document), mimetype=mimetype,
                    headers={"Content-Disposition": f'inline; filename="{fund.code}-{suffix}"'})


@bp.get("/<int:fund_id>/360giving.json")
@public
def giving360_json(fund_id):
    """The fund's published grants in the 360Giving Data Standard (do-not-publish grants left out)."""
    return download(fund_id, "360giving")


@bp.get("/<int:fund_id>/iati.xml")
@public
def iati_xml(fund_id):
    """The fund as an IATI 2.03 activity with its money in and out."""
    return download(fund_id, "iati")


@bp.cli.command("export")
@click.option("--fund", "fund_id", type=int, required=True, help="The fund's id.")
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), required=True)
@click.option("--output", required=True, help="File to write ('-' for standard output).")
@click.option("--queue", "as_job", is_flag=True,
              help="Write the file in a background job (retried with backoff) instead of here.")
def export_command(fund_id, format_name, output, as_job):
    """Write a fund's open data to a file, whether or not the fund is published."""
    session = get_session()
    fund = session.get(Fund, fund_id)
    if fund is None:
        raise click.BadParameter(f"no fund with id {fund_id}", param_hint="--fund")
    if as_job:
        if output == "-":
            raise click.BadParameter("a background job writes to a file, not to standard output", param_hint="--output")
        key = jobs.enqueue("opendata.export", fund_id=fund_id, format_name=format_name, output=str(Path(output).resolve()))
        click.echo(f"{key}: {status_of(session, key)}")
        return
    build, chunks, _mimetype, _suffix = FORMATS[format_name]
    with click.progressbar(length=published_share_count(session, fund), label="Grants", file=sys.stderr) as bar:
        document = build(session, fund, on_record=lambda: bar.update(1))
    with click.open_file(output, "wb") as target:
        write(target, chunks(document))
    click.echo(f"Wrote {format_name} for fund {fund.code}", err=True)


@jobs.job("opendata.export")
def export_job(*, fund_id, format_name, output):
    """The export as a background job: written to a temporary file first, so a failed or
    repeated run never leaves half a file where the published one was."""
    session = get_session()
    build, chunks, _mimetype, _suffix = FORMATS[format_name]
    target = Path(output)
    partial = target.with_name(target.name + ".part")
    with open(partial, "wb") as handle:
        write(handle, chunks(build(session, session.get(Fund, fund_id))))
    partial.replace(target)


def write(handle, chunks):
    for chunk in chunks:
        handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
