"""Payment batches: approved payments out to the bank as CSV, the bank's confirmations back in.

The export is the one place payee details are decrypted; each decryption is logged as an
access. The import reads the whole file before touching anything (a malformed file changes
nothing), then applies each row in its own money transaction, so a row that cannot be matched
or applied is reported and left as it was while the others go through.
"""
import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from sqlmodel import select

from portal import audit, money
from portal.accounts.models import User
from portal.domain import DomainError, InvalidTransition
from portal.grants import disbursements
from portal.grants.models import PAYMENT_METHODS, Disbursement, GrantShare, Payee, Tranche
from portal.grants.payees import FIELDS, decrypt
from portal.grants.states import DISBURSEMENT_LABELS
from portal.ledger.locking import money_transaction
from portal.spreadsheets import BOM, safe_cell

DETAIL_COLUMNS = tuple(dict.fromkeys(name for names in FIELDS.values() for name in names))
EXPORT_COLUMNS = ("disbursement_id", "grant_id", "tranche", "amount", "currency", "method", "payment_reference",
                  *DETAIL_COLUMNS)
#: Columns a confirmation file must have; `reference`, `reason`, `amount`, `method` are optional.
REQUIRED_COLUMNS = ("disbursement_id", "status")
STATUSES = ("sent", "confirmed", "failed", "returned")
MAX_ROWS = 5000
#: A payment number as the export writes it (short enough for any integer column).
PAYMENT_ID = re.compile(r"[0-9]{1,9}")


class BankFileError(DomainError):
    """The file cannot be read as a confirmation file: nothing was changed."""


def payment_reference(disbursement):
    """What the bank shows on the transfer and sends back: our payment number, nothing personal."""
    return f"MIZANI-{disbursement.id}"


def export_csv(session, actor):
    """Approved payments with their payees' details, as UTF-8 CSV with a BOM (Excel reads it)."""
    rows = session.exec(
        select(Disbursement, Tranche, GrantShare.grant_id, Payee)
        .join(Tranche, Tranche.id == Disbursement.tranche_id)
        .join(GrantShare, GrantShare.id == Tranche.share_id)
        .outerjoin(Payee, Payee.share_id == GrantShare.id)
        .where(Disbursement.status == "approved").order_by(Disbursement.id)
    ).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for payment, tranche, grant_id, payee in rows:
        details = {}
        if payee is not None:
            details = decrypt(payee.details_encrypted)
            audit.record_access(session, actor=actor, record=payee)
        amount = money.from_minor(payment.amount_minor, payment.currency)
        details_cells = (safe_cell(details.get(name, ""), numbers_as_typed=True) for name in DETAIL_COLUMNS)
        writer.writerow((payment.id, grant_id, tranche.position, amount, payment.currency,
                         payee.method if payee else "", payment_reference(payment), *details_cells))
    return BOM + buffer.getvalue()


@dataclass(frozen=True)
class Confirmation:
    """One row of the bank's file, as written."""

    line: int
    disbursement_id: str
    status: str
    reference: str = ""
    reason: str = ""
    amount: str = ""
    method: str = ""


@dataclass(frozen=True)
class Outcome:
    row: Confirmation
    applied: bool
    message: str


def read_confirmations(data):
    """The rows of a confirmation file, or BankFileError saying what is wrong with it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BankFileError(_l("The file is not UTF-8 text. Please save it as “CSV UTF-8” and try again.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        raise BankFileError(_l("The file is not a readable CSV file.")) from None
    if not lines:
        raise BankFileError(_l("The file is empty."))
    header = [name.strip().lower() for name in lines[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise BankFileError(_("The file needs the columns %(columns)s; it has %(found)s.",
                              columns=", ".join(REQUIRED_COLUMNS), found=", ".join(header) or "—"))
    if len(lines) - 1 > MAX_ROWS:
        raise BankFileError(_("The file has more than %(max)d rows. Please split it.", max=MAX_ROWS))
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise BankFileError(_("Line %(line)d has more cells than the header has columns.", line=number))
        values = dict(zip(header, (cell.strip() for cell in cells)))
        rows.append(Confirmation(number, values.get("disbursement_id", ""), values.get("status", "").lower(),
                                 values.get("reference", ""), values.get("reason", ""), values.get("amount", ""),
                                 values.get("method", "")))
    return rows


def apply_confirmations(rows, *, actor_id, roles):
    """Apply each row in its own money transaction; an Outcome per row, in the file's order."""
    outcomes = []
    for row in rows:
        def work(session, row=row):
            return _apply(session, row, session.get(User, actor_id), roles)
        try:
            message = money_transaction(work)
        except DomainError as refusal:
            outcomes.append(Outcome(row, False, str(refusal.message)))
        else:
            outcomes.append(Outcome(row, True, message))
    return outcomes


def _apply(session, row, actor, roles):
    if row.status not in STATUSES:
        raise DomainError(_("“%(status)s” is not a status we can read: use sent, confirmed, failed or returned.",
                            status=row.status[:20]))
    payment = session.get(Disbursement, int(row.disbursement_id)) if PAYMENT_ID.fullmatch(row.disbursement_id) else None
    if payment is None:
        raise DomainError(_("No payment has the number “%(id)s”.", id=row.disbursement_id[:20]))
    if row.amount:
        _check_amount(row.amount, payment)
    current = payment.status
    try:
        _STEPS[row.status](session, payment, actor, roles, row)
    except InvalidTransition:
        raise DomainError(_("This payment is “%(current)s”: it cannot become “%(status)s”.",
                            current=DISBURSEMENT_LABELS[current], status=row.status)) from None
    return _("Now “%(status)s”.", status=DISBURSEMENT_LABELS[payment.status])


def _check_amount(text, payment):
    try:
        given = money.to_minor(money.parse(text), payment.currency)
    except money.MoneyError:
        raise DomainError(_("The amount “%(amount)s” cannot be read.", amount=text[:30])) from None
    if given != payment.amount_minor:
        raise DomainError(_("The file says %(given)s but the payment is %(expected)s.", given=text[:30],
                            expected=money.from_minor(payment.amount_minor, payment.currency)))


def _send(session, payment, actor, roles, row):
    method = row.method.lower()
    if not method:
        payee = session.exec(select(Payee).join(Tranche, Tranche.share_id == Payee.share_id)
                             .where(Tranche.id == payment.tranche_id)).first()
        method = payee.method if payee else "other"
    if method not in PAYMENT_METHODS:
        raise DomainError(_("“%(method)s” is not a payment method we know.", method=method[:20]))
    disbursements.mark_sent(session, disbursement=payment, actor=actor, roles=roles, method=method,
                            reference=row.reference or payment.reference or "")


_STEPS = {
    "sent": _send,
    "confirmed": lambda session, payment, actor, roles, row: disbursements.confirm(
        session, disbursement=payment, actor=actor, roles=roles),
    "failed": lambda session, payment, actor, roles, row: disbursements.undo(
        session, disbursement=payment, actor=actor, roles=roles, action="fail", reason=row.reason),
    "returned": lambda session, payment, actor, roles, row: disbursements.undo(
        session, disbursement=payment, actor=actor, roles=roles, action="return", reason=row.reason),
}
