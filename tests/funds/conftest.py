"""A signed-in fund manager for the configuration pages."""
import pytest

from tests.factories import make_user
from tests.helpers import sign_in


@pytest.fixture
def manager(client, db):
    user = make_user(db, email="manager@example.org", name="Grace", roles=("fund_manager",))
    db.commit()
    sign_in(client, "manager@example.org")
    return user
