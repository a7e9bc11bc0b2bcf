"""Every dashboard table as CSV and as XLSX, written from the same suppressed `Table` as the page.

Files carry stable column identifiers and category identifiers (ISO codes, theme and status
identifiers), plain decimal amounts with a `currency` column, and `suppressed` where the page
says "fewer than 5". CSV starts with a byte-order mark for Excel and guards cells a spreadsheet
would run as formulas; XLSX stores text cells as text, so a name starting with "=" stays a name.
"""
import csv
import io
from decimal import Decimal

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from portal import money
from portal.dashboards.suppression import Hidden
from portal.dashboards.tables import Amount, Label
from portal.spreadsheets import BOM, safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_value(cell):
    """A cell as it goes into a file: identifiers, decimals and counts, never formatted text."""
    if cell is None:
        return ""
    if isinstance(cell, Hidden):
        return cell.token
    if isinstance(cell, Label):
        return cell.key
    if isinstance(cell, Amount):
        return money.from_minor(cell.minor, cell.currency)
    if isinstance(cell, (int, Decimal)):
        return cell
    return str(cell)


def file_rows(table, currency):
    """Header then rows (the total last); a `currency` column first when the table has money."""
    with_currency = any(column.kind == "money" for column in table.columns)
    yield (("currency",) if with_currency else ()) + tuple(column.key for column in table.columns)
    for row in table.all_rows:
        yield (((currency,) if with_currency else ()) + tuple(file_value(cell) for cell in row))


def _name(fund, table, extension):
    return f'attachment; filename="{fund.code}-{table.key}.{extension}"'


def csv_response(fund, table):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in file_rows(table, fund.currency):
        writer.writerow([safe_cell(value) if isinstance(value, str) else str(value) for value in row])
    return Response(BOM + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": _name(fund, table, "csv")})


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise write "=…" as a formula
    return cell


def xlsx_response(fund, table):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.key[:31])
    for row in file_rows(table, fund.currency):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Response(buffer.getvalue(), mimetype=XLSX_TYPE, headers={"Content-Disposition": _name(fund, table, "xlsx")})
