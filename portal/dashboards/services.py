"""The fund manager's switch for a fund's public transparency page (audited)."""
from portal import audit


def set_public(session, *, fund, is_public, actor):
    """Opt the fund's transparency page in or out; flushes, the view commits."""
    before = fund.is_public
    if before == is_public:
        return fund
    fund.is_public = is_public
    session.add(fund)
    audit.record(session, actor=actor, action="fund.public_page", record=fund,
                 before={"is_public": before}, after={"is_public": is_public})
    session.flush()
    return fund
