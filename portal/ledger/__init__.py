"""The double-entry ledger: the single source of truth for money.

Only this package writes ledger rows, and it never updates or deletes them (the database
refuses too). Amounts are integer minor units with an ISO 4217 currency.
"""
