"""A local stand-in for the Stripe API: a real HTTP server on 127.0.0.1 that the official SDK
talks to (through `STRIPE_API_BASE`), serving responses shaped like Stripe's recorded ones and
recording every request so tests can assert exactly what we sent.

Like Stripe, it replays the first response for a repeated `Idempotency-Key`, and a retrieved
PaymentIntent shows its charge and balance transaction as objects only where `expand` asks for
them (ids otherwise).
"""
import copy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

#: A Checkout Session as Stripe returns it on creation (trimmed recording, API 2025+).
SESSION = {
    "id": None, "object": "checkout.session", "amount_subtotal": None, "amount_total": None,
    "cancel_url": None, "client_reference_id": None, "created": None, "currency": None, "customer": None,
    "expires_at": None, "livemode": False, "metadata": {}, "mode": "payment", "payment_intent": None,
    "payment_status": "unpaid", "status": "open", "success_url": None, "url": None,
}


#: A paid PaymentIntent retrieved with expand[]=latest_charge.balance_transaction (trimmed
#: recording, API 2025+): the charge and the balance transaction that settled it.
PAYMENT_INTENT = {
    "id": None, "object": "payment_intent", "amount": None, "amount_received": None, "currency": None,
    "created": None, "latest_charge": None, "livemode": False, "metadata": {}, "payment_method_types": ["card"],
    "status": "succeeded",
}
CHARGE = {
    "id": None, "object": "charge", "amount": None, "amount_captured": None, "amount_refunded": 0,
    "balance_transaction": None, "captured": True, "created": None, "currency": None, "disputed": False,
    "livemode": False, "metadata": {}, "paid": True, "payment_intent": None, "refunded": False,
    "status": "succeeded",
}
BALANCE_TRANSACTION = {
    "id": None, "object": "balance_transaction", "amount": None, "available_on": None, "created": None,
    "currency": None, "description": None, "exchange_rate": None, "fee": None, "fee_details": [], "net": None,
    "reporting_category": "charge", "source": None, "status": "pending", "type": "charge",
}


class StripeDouble:
    def __init__(self):
        self.requests = []  # (method, path, headers, params)
        self.sessions = {}
        self.payment_intents = {}
        self.events = []
        self.transfers = []
        self._replays = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def created_sessions(self):
        return [r for r in self.requests if r[0] == "POST" and r[1] == "/v1/checkout/sessions"]

    def intent_reads(self, intent=None):
        """(path, query parameters) of every PaymentIntent retrieved (of one intent if given)."""
        prefix = "/v1/payment_intents/" + (intent or "")
        return [(r[1], r[3]) for r in self.requests if r[0] == "GET" and r[1].startswith(prefix)]

    def settle(self, intent, amount, currency="usd", *, fee=0, settled=None, settled_currency=None,
               exchange_rate=None, created=1767225600, txn=None):
        """Record a paid PaymentIntent: `amount` charged in `currency`, settled as `settled` (default
        the same amount) in `settled_currency` (default the same currency) at `exchange_rate`, with a
        Stripe `fee` in the settlement currency. Returns the balance transaction."""
        settled_currency = settled_currency or currency
        settled = amount if settled is None else settled
        charge_id, txn = f"ch_{intent}", txn or f"txn_{intent}"
        balance = {**copy.deepcopy(BALANCE_TRANSACTION), "id": txn, "amount": settled, "available_on": created + 172800,
                   "created": created, "currency": settled_currency, "exchange_rate": exchange_rate, "fee": fee,
                   "net": settled - fee, "source": charge_id, "description": None,
                   "fee_details": [{"amount": fee, "application": None, "currency": settled_currency,
                                    "description": "Stripe processing fees", "type": "stripe_fee"}] if fee else []}
        charge = {**copy.deepcopy(CHARGE), "id": charge_id, "amount": amount, "amount_captured": amount,
                  "balance_transaction": balance, "created": created, "currency": currency, "payment_intent": intent}
        self.payment_intents[intent] = {**copy.deepcopy(PAYMENT_INTENT), "id": intent, "amount": amount,
                                        "amount_received": amount, "created": created, "currency": currency,
                                        "latest_charge": charge}
        return balance

    # --- what the fake API does ----------------------------------------------------------
    def respond(self, method, path, headers, params):
        with self._lock:
            self.requests.append((method, path, headers, params))
            key = headers.get("Idempotency-Key")
            if method == "POST" and key in self._replays:
                return self._replays[key]
            result = self._route(method, path, params)
            if method == "POST" and key:
                self._replays[key] = result
            return result

    def _route(self, method, path, params):
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, self._create_session(params)
        if method == "GET" and path.startswith("/v1/checkout/sessions/"):
            found = self.sessions.get(path.rsplit("/", 1)[1])
            return (200, found) if found else (404, _error("No such checkout.session"))
        if method == "GET" and path == "/v1/checkout/sessions":
            return 200, _listing("/v1/checkout/sessions", list(self.sessions.values()))
        if method == "GET" and path.startswith("/v1/payment_intents/"):
            found = self.payment_intents.get(path.rsplit("/", 1)[1])
            if not found:
                return 404, _error("No such payment_intent")
            return 200, _expanded(found, {v for k, v in params.items() if k.startswith("expand[")})
        if method == "POST" and path == "/v1/transfers":
            return self._create_transfer(params)
        if method == "GET" and path == "/v1/events":
            return 200, _listing("/v1/events", self.events)
        return 404, _error(f"Unrecognized request URL ({method}: {path})")

    def _create_session(self, params):
        number = len(self.sessions) + 1
        session = copy.deepcopy(SESSION)
        amount = int(params["line_items[0][price_data][unit_amount]"])
        session.update(
            id=f"cs_test_{number:04d}", amount_subtotal=amount, amount_total=amount,
            currency=params["line_items[0][price_data][currency]"], created=int(time.time()),
            expires_at=int(time.time()) + 86400, success_url=params["success_url"], cancel_url=params["cancel_url"],
            client_reference_id=params.get("client_reference_id"),
            metadata={k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
            url=f"https://checkout.stripe.com/c/pay/cs_test_{number:04d}",
        )
        self.sessions[session["id"]] = session
        return session

    def _create_transfer(self, params):
        """A Connect transfer; an unknown destination fails the way Stripe says so."""
        if not params.get("destination", "").startswith("acct_"):
            return 400, _error("No such destination: " + params.get("destination", ""))
        transfer = {"id": f"tr_{len(self.transfers) + 1:04d}", "object": "transfer", "amount": int(params["amount"]),
                    "currency": params["currency"], "destination": params["destination"], "reversed": False,
                    "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")}}
        self.transfers.append(transfer)
        return 200, transfer

    def _handler(self):
        double = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                params = dict(parse_qsl(body or url.query, keep_blank_values=True))
                status, payload = double.respond(self.command, url.path, dict(self.headers), params)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_double")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, *args):
                pass

        return Handler


def _expanded(intent, expand):
    """The intent as Stripe shows it: nested objects only along the expanded paths."""
    intent = copy.deepcopy(intent)
    charge = intent["latest_charge"]
    if "latest_charge" not in expand and "latest_charge.balance_transaction" not in expand:
        intent["latest_charge"] = charge["id"]
    elif "latest_charge.balance_transaction" not in expand:
        charge["balance_transaction"] = charge["balance_transaction"]["id"]
    return intent


def _listing(url, data):
    return {"object": "list", "url": url, "has_more": False, "data": data}


def _error(message):
    return {"error": {"type": "invalid_request_error", "message": message}}
