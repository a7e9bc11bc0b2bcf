"""tests/bench/ holds benchmark scripts run by `make bench`, not tests: pytest collects nothing here."""
collect_ignore_glob = ["*.py"]
