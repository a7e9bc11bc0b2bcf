"""The money of scale_seed.py's fund: donors, contributions, attribution and a ledger of about
`Scale.ledger_entries` entries that passes `portal.ledger.invariants.check`.

Postings have the legs the services write (donors.services, grants.services,
grants.disbursements, reports.services):

- contribution.receive: donor → unallocated (+ fees for card gifts); in another currency through
  the FX desk (donor → fx:<cur>/USD:<cur>, fx:<cur>/USD:USD → unallocated, + FX rounding when the
  bank credited a little less); a few card gifts refunded (reversal, then the fee kept);
- grant.commit: unallocated → committed:<share> (one leg per share);
- disbursement.pay: committed:<share> → disbursed:<share>, one per paid tranche;
- report.spend: disbursed:<share> → spent:<share>, per share of an accepted report.

The grants' postings come first in the budget; received contributions fill the rest (about 5 %
institutional donors by bank transfer, some in NOK, SEK, GBP, EUR, CAD or CHF, some earmarked;
95 % individuals by card), sized so the pooled money covers every grant. Attribution rows take
matching earmarks first, then pooled money in order of receipt (the portal splits pooled money
pro rata over every contribution, which at 300,000 contributions would mean billions of rows).
"""
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from portal.ledger import accounts

#: Institutional donors: (name, kind, country, currency).
INSTITUTIONS = [
    ("Norad", "government", "NO", "NOK"), ("Sida", "government", "SE", "SEK"), ("FCDO", "government", "GB", "GBP"),
    ("BMZ", "government", "DE", "EUR"), ("Irish Aid", "government", "IE", "EUR"),
    ("Global Affairs Canada", "government", "CA", "CAD"), ("SDC", "government", "CH", "CHF"),
    ("Ministry of Foreign Affairs NL", "government", "NL", "EUR"),
    *((f"Foundation {n}", "foundation", "US", "EUR" if n % 5 == 0 else "USD") for n in range(1, 13)),
    *((f"Network {n}", "organisation", "US", "USD") for n in range(1, 11)),
]
INDIVIDUALS = 170
#: Fund-currency (USD) value of one unit of each currency.
RATES = {"USD": Decimal(1), "EUR": Decimal("1.0842"), "GBP": Decimal("1.2701"), "NOK": Decimal("0.0941"),
         "SEK": Decimal("0.0957"), "CAD": Decimal("0.7305"), "CHF": Decimal("1.1213")}
EARMARKS = [("theme", "protection"), ("theme", "participation"), ("country", "CD"), ("country", "AF"), ("call", "1")]


class Ledger:
    def __init__(self, data):
        self.data, self.random, self.now = data, data.random, data.now
        self.fund = data.fund
        grant_entries = (sum(1 + len(g["shares"]) for g in data.grants) + 2 * len(data.paid) + 2 * len(data.spends))
        room = max(0, data.scale.ledger_entries - grant_entries)
        # About 3.1 entries per contribution (card fees, FX legs, a few refunds).
        self.count = max(60, int(room / 3.1))
        self.transactions, self.entries, self.refs = [], [], {}
        self.contributions = []

    def tables(self):
        yield "donor", self.donors()
        self.make_contributions()
        yield "contribution", (row for row, _left, _converted in self.contributions)
        yield "grant_funding", self.funding()
        self.post_all()
        yield "ledger_account", ({"id": number, "code": ref.code, "kind": ref.kind, "fund_id": ref.fund_id,
                                  "currency": ref.currency, "created_at": self.now}
                                 for ref, number in self.refs.values())
        yield "ledger_transaction", self.transactions
        yield "ledger_entry", self.entry_rows()

    # --- donors and contributions -------------------------------------------------------------
    def donors(self):
        for number, (name, kind, country, _currency) in enumerate(INSTITUTIONS, start=1):
            yield {"id": number, "name": name, "kind": kind, "country": country, "created_at": self.now}
        for number in range(len(INSTITUTIONS) + 1, len(INSTITUTIONS) + INDIVIDUALS + 1):
            yield {"id": number, "name": f"Individual {number}", "kind": "individual", "country": "US",
                   "created_at": self.now}

    def make_contributions(self):
        """[(row, net still to attribute)]: individuals' card gifts first, then institutions'
        transfers sized so the pooled money covers every grant with a tenth to spare."""
        institutional = max(40, self.count // 20)
        individual = self.count - institutional
        days = 730
        for _ in range(individual):
            donor = self.random.randint(len(INSTITUTIONS) + 1, len(INSTITUTIONS) + INDIVIDUALS)
            currency = self.random.choices(("USD", "EUR", "GBP"), (85, 10, 5))[0]
            usd = self.random.randrange(1_000, 50_000, 100)
            given = int((Decimal(usd) / RATES[currency]).quantize(Decimal(1)))
            fee = usd * 29 // 1000 + 30
            self.add(donor, "stripe", given, currency, fee, None, days)
        pooled_net = sum(left for _row, left, _converted in self.contributions)
        needed = sum(g["amount_minor"] for g in self.data.grants) * 11 // 10 - pooled_net
        weights = [self.random.randint(1, 10) for _ in range(institutional)]
        earmarked = set(self.random.sample(range(institutional), institutional // 5))
        pooled_weight = sum(w for n, w in enumerate(weights) if n not in earmarked)
        for n, weight in enumerate(weights):
            donor = n % len(INSTITUTIONS) + 1
            currency = INSTITUTIONS[donor - 1][3]
            usd = max(100_000, needed * weight // pooled_weight + (needed // 10_000 if currency != "USD" else 0))
            given = int((Decimal(usd) / RATES[currency]).quantize(Decimal(1)))
            earmark = EARMARKS[n % len(EARMARKS)] if n in earmarked else None
            self.add(donor, "bank_transfer", given, currency, 2_500 if n % 7 == 0 else 0, earmark, days)

    def add(self, donor, source, given, currency, fee, earmark, days):
        number = len(self.contributions) + 1
        converted = int((Decimal(given) * RATES[currency]).quantize(Decimal(1), ROUND_HALF_EVEN))
        credited = converted - (converted // 2000 if currency != "USD" and number % 10 == 0 else 0)
        received = self.now - timedelta(seconds=self.random.uniform(0, days * 86400))
        refunded = source == "stripe" and number % 500 == 7
        fx = currency != "USD"
        row = {"id": number, "fund_id": 1, "donor_id": donor, "status": "refunded" if refunded else "received",
               "source": source, "amount_minor": given, "currency": currency, "fund_amount_minor": credited,
               "fee_minor": fee, "fx_rate": str(RATES[currency]) if fx else None, "fx_source": "ECB" if fx else None,
               "fx_date": received.date() if fx else None, "earmark_kind": earmark[0] if earmark else None,
               "earmark_value": earmark[1] if earmark else None, "value_date": received.date(),
               "bank_reference": f"BENCH-IN-{number}" if source == "bank_transfer" else None,
               "pledge_key": f"bench-pledge-{number}", "stripe_session_id": None, "stripe_payment_intent_id": None,
               "flag": None, "created_by_id": self.data.manager_id, "created_at": received, "received_at": received,
               "refunded_at": received + timedelta(days=3) if refunded else None}
        self.contributions.append((row, 0 if refunded else credited - fee, converted))

    def funding(self):
        """Per grant: matching earmarked money first, then pooled money in order of receipt."""
        pools = {}
        for row, _left, _converted in self.contributions:
            pools.setdefault((row["earmark_kind"], row["earmark_value"]), []).append(row["id"])
        left = {row["id"]: remaining for row, remaining, _converted in self.contributions}
        cursors = {key: 0 for key in pools}
        number = 0
        for grant in self.data.grants:
            owed = grant["amount_minor"]
            targets = [("call", "1"), ("country", grant["country"]), ("theme", grant["theme"]), (None, None)]
            for key in targets:
                ids = pools.get(key, [])
                while owed and cursors.get(key, 0) < len(ids):
                    cid = ids[cursors[key]]
                    part = min(owed, left[cid])
                    if part:
                        number += 1
                        yield {"id": number, "grant_id": grant["id"], "contribution_id": cid, "amount_minor": part}
                        owed, left[cid] = owed - part, left[cid] - part
                    if not left[cid]:
                        cursors[key] += 1
            if owed:
                raise RuntimeError(f"grant {grant['id']}: pooled money does not cover it")

    # --- postings -----------------------------------------------------------------------------
    def account(self, ref):
        if ref.code not in self.refs:
            self.refs[ref.code] = (ref, len(self.refs) + 1)
        return self.refs[ref.code][1]

    def post(self, kind, key, record, legs, when, *, fx=None, reverses=None):
        number = len(self.transactions) + 1
        self.transactions.append({
            "id": number, "kind": kind, "memo": "", "idempotency_key": key, "actor_id": self.data.manager_id,
            "record_type": record[0], "record_id": record[1], "reverses_id": reverses,
            "fx_rate": fx[0] if fx else None, "fx_source": fx[1] if fx else None, "fx_date": fx[2] if fx else None,
            "created_at": when})
        totals = defaultdict(int)
        for ref, amount in legs:
            totals[ref.currency] += amount
        assert not any(totals.values()), (kind, key, legs)  # balanced in every currency
        for ref, amount in legs:
            self.entries.append((number, self.account(ref), amount, ref.currency))
        return number, legs

    def post_all(self):
        fund = self.fund
        for row, _left, converted in self.contributions:
            self.receive(row, converted, fund)
        for grant in self.data.grants:
            legs = [(accounts.unallocated(fund), -grant["amount_minor"])]
            legs += [(accounts.committed(fund, s["id"]), s["amount_minor"]) for s in grant["shares"]]
            self.post("grant.commit", f"grant:{grant['id']}:commit", ("grant", grant["id"]), legs, grant["awarded_at"])
        for number, (_tranche, grant, share, amount) in enumerate(self.data.paid, start=1):
            self.post("disbursement.pay", f"disbursement:{number}:pay", ("disbursement", number),
                      [(accounts.committed(fund, share["id"]), -amount), (accounts.disbursed(fund, share["id"]), amount)],
                      grant["awarded_at"] + timedelta(days=5))
        for report_id, share, amount in self.data.spends:
            self.post("report.spend", f"report:{report_id}:spend:{share['id']}", ("report", report_id),
                      [(accounts.disbursed(fund, share["id"]), -amount), (accounts.spent(fund, share["id"]), amount)],
                      self.now)

    def receive(self, row, converted, fund):
        given, currency, credited, fee = row["amount_minor"], row["currency"], row["fund_amount_minor"], row["fee_minor"]
        fx = None
        if currency != fund.currency:
            legs = [(accounts.donor_money(currency), -given), (accounts.fx(currency, "USD", currency), given),
                    (accounts.fx(currency, "USD", "USD"), -converted)]
            if converted != credited:
                legs.append((accounts.rounding(fund), converted - credited))
            fx = (row["fx_rate"], row["fx_source"], row["fx_date"])
        else:
            legs = [(accounts.donor_money(currency), -credited)]
        legs.append((accounts.unallocated(fund), credited - fee))
        if fee:
            legs.append((accounts.fees(fund), fee))
        record, key = ("contribution", row["id"]), f"contribution:{row['id']}"
        receipt, legs = self.post("contribution.receive", f"{key}:receive", record, legs, row["received_at"], fx=fx)
        if row["status"] == "refunded":
            self.post("reversal", f"{key}:refund", record, [(ref, -amount) for ref, amount in legs],
                      row["refunded_at"], reverses=receipt)
            self.post("contribution.fee_kept", f"{key}:refund:fee_kept", record,
                      [(accounts.unallocated(fund), -fee), (accounts.fees(fund), fee)], row["refunded_at"])

    def entry_rows(self):
        for number, (transaction, account, amount, currency) in enumerate(self.entries, start=1):
            yield {"id": number, "transaction_id": transaction, "account_id": account, "amount_minor": amount,
                   "currency": currency}

