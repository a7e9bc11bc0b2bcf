"""A hundred approvals sent over HTTP at once, to the portal served by a real threaded server,
on SQLite and PostgreSQL: the finance officer's clicks pay once, or at most what the share still
holds, and every refused request gets the page back with a message, never an error page."""
import re
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from sqlmodel import func, select
from werkzeug.serving import make_server

from factories import PASSWORD
from portal.grants import disbursements
from portal.grants.models import Disbursement, Tranche
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance
from tests.finance.support import BANK, approved

FINANCE = {"finance_officer"}
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def officer(base_url, email):
    """A signed-in browser of sorts: post(path) sends a form with the session's CSRF token and
    returns the HTTP status without following the redirect."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/accounts/sign-in", timeout=10).read().decode()
    data = {"email": email, "password": PASSWORD, "csrf_token": TOKEN.search(page).group(1)}
    opener.open(base_url + "/accounts/sign-in", urllib.parse.urlencode(data).encode(), timeout=10).read()
    token = TOKEN.search(opener.open(base_url + "/finance/", timeout=10).read().decode()).group(1)
    quiet = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def post(path):
        try:
            with quiet.open(base_url + path, urllib.parse.urlencode({"csrf_token": token}).encode(), timeout=60) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    return post


def scheduled(db, tranche_count, tranche_minor, grant_minor):
    """A grant of `grant_minor` whose one share is split into `tranche_count` scheduled payments."""
    world, grant = approved(db, amount_minor=grant_minor, plan=[{"percent": 100, "after_report": None}])
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="en")
    share = grant.shares[0]
    save_payee(db, share=share, method="bank_transfer", actor=world.applicant, details=BANK)
    for tranche in share.tranches:
        db.delete(tranche)
    payments = []
    for n in range(tranche_count):
        tranche = Tranche(share_id=share.id, position=n + 1, amount_minor=tranche_minor, status="payable")
        db.add(tranche)
        db.flush()
        payments.append(disbursements.schedule(db, tranche=tranche, actor=world.finance, roles=FINANCE, key=f"s{n}").id)
    db.commit()
    return world, share, payments


def test_a_hundred_approvals_against_room_for_fifty_pay_fifty_and_refuse_fifty_cleanly(db, server):
    world, share, payments = scheduled(db, 100, 1_000, 50_000)
    post = officer(server, world.finance2.email)
    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda payment_id: post(f"/finance/payments/{payment_id}/approve"), payments))
    assert statuses == [302] * 100  # each back to the payments page with its message: no error page
    db.expire_all()
    assert db.exec(select(func.count()).select_from(Disbursement).where(Disbursement.status == "approved")).one() == 50
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 50_000
    assert balance(db, accounts.committed(world.fund, share.id).code) == 0
    assert check(db) == []


def test_a_hundred_identical_approvals_over_http_make_one_payment(db, server):
    world, share, (payment_id,) = scheduled(db, 1, 300_000, 300_000)
    post = officer(server, world.finance2.email)
    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda _n: post(f"/finance/payments/{payment_id}/approve"), range(100)))
    assert statuses == [302] * 100
    db.expire_all()
    pays = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "disbursement.pay")).all()
    assert len(pays) == 1 and db.get(Disbursement, payment_id).status == "approved"
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 300_000
    assert check(db) == []
