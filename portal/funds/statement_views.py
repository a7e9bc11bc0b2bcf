"""The fund statement page and its CSV download (routes on the `funds` blueprint).

The page shows money with Babel in the reader's locale; the CSV carries plain decimals with
the currency's exponent and stable column identifiers, so spreadsheets and scripts read it the
same in every language. A UTF-8 byte-order mark lets Excel open Arabic and French names.
"""
import csv
import io

from flask import Response, abort, render_template

from portal import money
from portal.access import roles
from portal.db import get_session
from portal.funds import bp
from portal.funds.models import Fund
from portal.funds.statement import fund_statement
from portal.spreadsheets import BOM, safe_cell

#: Who reads the funding status.
READERS = ("fund_manager", "finance_officer", "admin")
CSV_COLUMNS = ("section", "item", "given_currency", "given_amount", "fund_currency", "amount")


def _fund(fund_id):
    return get_session().get(Fund, fund_id) or abort(404)


@bp.get("/<int:fund_id>/statement")
@roles(*READERS)
def statement(fund_id):
    """Where the fund's money came from and where it is now, from the ledger."""
    fund = _fund(fund_id)
    return render_template("funds/statement.html", fund=fund, statement=fund_statement(get_session(), fund))


def statement_rows(statement):
    """The statement as CSV rows: donors, refunds, FX, then the summary lines."""
    fund_currency = statement.currency

    def amount(minor, currency=fund_currency):
        return str(money.from_minor(minor, currency))

    for line in statement.donors:
        yield ("contribution", safe_cell(line.donor), line.currency, amount(line.given_minor, line.currency),
               fund_currency, amount(line.received_minor))
        if line.refunded_minor:
            yield ("refund", safe_cell(line.donor), "", "", fund_currency, amount(line.refunded_minor))
    for line in statement.fx:
        yield ("fx", line.currency, line.currency, amount(line.given_minor, line.currency), fund_currency,
               amount(line.converted_minor))
    for item in ("received", "refunded", "fees", "net", "unallocated", "committed", "disbursed", "spent", "rounding", "balance"):
        yield ("summary", item, "", "", fund_currency, amount(getattr(statement, f"{item}_minor")))


@bp.get("/<int:fund_id>/statement.csv")
@roles(*READERS)
def statement_csv(fund_id):
    """The statement for spreadsheets: UTF-8 with BOM, plain decimal amounts."""
    fund = _fund(fund_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(statement_rows(fund_statement(get_session(), fund)))
    return Response(BOM + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="statement-{fund.code}.csv"'})
