"""The portal starts, serves its public pages and declares who may see every route."""
import pytest


@pytest.mark.parametrize("path", ["/", "/eligibility/", "/accounts/sign-in", "/accounts/register", "/privacy"])
def test_public_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"<html lang=\"en\" dir=\"ltr\">" in response.data


def test_every_route_declares_access(app):
    assert all(hasattr(view, "access") for view in app.view_functions.values())
