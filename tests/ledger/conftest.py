"""Shows how many operations the stateful ledger test ran, in the normal pytest output (CI)."""


def pytest_terminal_summary(terminalreporter):
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        properties = dict(getattr(report, "user_properties", ()))
        if report.when != "call" or "stateful_operations" not in properties:
            continue
        terminalreporter.write_sep("-", "stateful ledger test")
        terminalreporter.write_line(
            f"{properties['stateful_operations']} operations in {properties['stateful_examples']} examples, "
            f"{properties['stateful_seconds']}s ({report.outcome})")
        terminalreporter.write_line(
            "by rule (refused as expected): "
            + ", ".join(f"{name} {count} ({refused})" for name, (count, refused) in properties["stateful_breakdown"].items()))
