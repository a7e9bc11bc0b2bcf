"""The one helper that opens transactions which move money.

SQLite: `BEGIN IMMEDIATE` takes the database's write lock before anything is read, so a
read-check-write sequence cannot interleave (WAL, synchronous=FULL and the busy timeout are set
on every connection in `portal.db`). PostgreSQL: the accounts a movement touches are locked with
`SELECT … FOR UPDATE` in one fixed order (by code), so concurrent movements queue instead of
paying twice, and cannot deadlock one another. Serialization failures, deadlocks, busy
databases and a lost race on an idempotency key are retried a bounded number of times; the
retry finds the first result by its key.
"""
import random
import time

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, select

from portal.db import engine, release_request_connection
from portal.ledger.models import LedgerAccount

ATTEMPTS = 8
RETRYABLE_PG = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


def money_transaction(work, *, attempts=ATTEMPTS):
    """Run `work(session)` in one money transaction, commit once, and return its result."""
    release_request_connection()
    for attempt in range(1, attempts + 1):
        session = Session(engine(), expire_on_commit=False)
        try:
            _begin(session)
            result = work(session)
            session.commit()
            return result
        except (OperationalError, IntegrityError, DBAPIError) as error:
            session.rollback()
            if attempt == attempts or not _retryable(error):
                raise
            time.sleep(min(0.5, 0.01 * 2 ** attempt) * random.random())
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def _begin(session):
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def _retryable(error):
    if isinstance(error, IntegrityError):  # a concurrent request took a unique key first: the retry replays it
        return getattr(getattr(error, "orig", None), "sqlstate", None) == "23505" or "UNIQUE constraint" in str(error)
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    if code in RETRYABLE_PG:
        return True
    return "database is locked" in str(error) or "database is busy" in str(error)


def lock_accounts(session, refs):
    """Create (if needed) and lock the accounts a movement touches, in code order: {code: account}."""
    from portal.ledger.posting import ensure_accounts
    ensure_accounts(session, refs)
    codes = sorted({ref.code for ref in refs})
    query = select(LedgerAccount).where(LedgerAccount.code.in_(codes)).order_by(LedgerAccount.code)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return {account.code: account for account in session.exec(query)}
