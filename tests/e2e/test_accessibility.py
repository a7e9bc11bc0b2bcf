"""axe-core finds no violation on any applicant page, in English and in Arabic (right-to-left)."""
import pytest

from e2e_support import PAGES, axe_violations, describe_violations, visit

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(open_page, portal_data, name, locale):
    page = visit(open_page(locale=locale), name)
    violations = axe_violations(page)
    assert not violations, f"{name} [{locale}] {page.url}\n{describe_violations(violations)}"
