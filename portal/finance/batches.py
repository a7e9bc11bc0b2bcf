"""Payment batch pages (routes on the `finance` blueprint): the export for the bank, the import
of its confirmations with a report of every row."""
from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import acting_user, roles
from portal.db import get_session
from portal.domain import DomainError
from portal.finance import FINANCE, bank_files, bp, forms
from portal.types import utcnow

#: A confirmation file is a few hundred short lines; anything far bigger is not one.
MAX_FILE_BYTES = 2 * 1024 * 1024


@bp.get("/batches/export.csv")
@roles(*FINANCE)
def export_csv():
    """Approved payments with the payees' details, for the bank's upload (each decryption is audited)."""
    session = get_session()
    try:
        body = bank_files.export_csv(session, acting_user())
    except DomainError as error:
        session.rollback()
        flash(error.message, "error")
        return redirect(url_for("finance.index"))
    session.commit()
    name = f"payments-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/batches/import", methods=["GET", "POST"])
@roles(*FINANCE)
def import_file():
    """Upload the bank's confirmation file; every row is applied or reported, never half-done."""
    form = forms.ImportForm()
    outcomes = None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_FILE_BYTES + 1)
        try:
            if len(data) > MAX_FILE_BYTES:
                raise bank_files.BankFileError(_("The file is too large for a confirmation file."))
            rows = bank_files.read_confirmations(data)
        except bank_files.BankFileError as error:
            form.file.errors.append(error.message)
        else:
            outcomes = bank_files.apply_confirmations(rows, actor_id=current_user.id, roles=set(current_user.roles))
    return render_template("finance/import.html", form=form, outcomes=outcomes, required=bank_files.REQUIRED_COLUMNS,
                           statuses=bank_files.STATUSES)
