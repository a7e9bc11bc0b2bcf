"""Download routes for the open-data exports, and `flask opendata export` for the same files.

Fund managers, finance officers and admins may download any fund's exports (to check them
before opting in); anyone else only a fund whose managers opted in to publishing (`is_public`).
Every other request answers 404, so nobody learns that a fund exists from these addresses.
"""
import sys

import click
from flask import Response, abort
from flask_login import current_user

from portal.access import public
from portal.db import get_session
from portal.funds.models import Fund
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
@click.option("--output", type=click.File("wb"), required=True, help="File to write ('-' for standard output).")
def export_command(fund_id, format_name, output):
    """Write a fund's open data to a file, whether or not the fund is published."""
    session = get_session()
    fund = session.get(Fund, fund_id)
    if fund is None:
        raise click.BadParameter(f"no fund with id {fund_id}", param_hint="--fund")
    build, chunks, _mimetype, _suffix = FORMATS[format_name]
    with click.progressbar(length=published_share_count(session, fund), label="Grants", file=sys.stderr) as bar:
        document = build(session, fund, on_record=lambda: bar.update(1))
    for chunk in chunks(document):
        output.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    click.echo(f"Wrote {format_name} for fund {fund.code}", err=True)
