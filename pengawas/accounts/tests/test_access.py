"""The gate every signed-in page stands behind (pengawas/accounts/access.py)."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction, Role

pytestmark = pytest.mark.django_db


def _panwascam_only(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role == Role.PANWASCAM


@jurisdiction_required(_panwascam_only)
def _page(request: HttpRequest, jurisdiction: Jurisdiction, number: int) -> HttpResponse:
    return HttpResponse(f"{jurisdiction.role} {jurisdiction.region_code} {number}")


def _request(user: User | AnonymousUser, *, htmx_from: str | None = None) -> HttpRequest:
    headers = {}
    if htmx_from is not None:
        headers = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{htmx_from}"}
    request = RequestFactory().get("/halaman/7/?q=SITI+AMINAH", headers=headers)
    request.user = user
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    return request


def test_the_view_gets_the_jurisdiction_of_a_user_the_rule_admits(
    make_user: Callable[..., User],
) -> None:
    response = _page(_request(make_user(Role.PANWASCAM)), number=7)
    assert response.content == b"panwascam 35.05.01 7"


def test_anonymous_goes_to_the_login_and_back_to_the_path_without_its_query() -> None:
    response = _page(_request(AnonymousUser()), number=7)
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/halaman/7/"
    assert "SITI" not in response["Location"]


def test_an_htmx_request_of_an_expired_session_loads_the_login_page_whole() -> None:
    response = _page(_request(AnonymousUser(), htmx_from="/halaman/?q=SITI"), number=7)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/masuk/?next=/halaman/"


def test_a_user_the_rule_refuses_gets_403(make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        _page(_request(make_user(Role.PKD)), number=7)


def test_a_user_without_a_current_assignment_gets_403(db: None) -> None:
    user = User.objects.create_user("tanpa-tugas", password="x")
    with pytest.raises(PermissionDenied):
        _page(_request(user), number=7)
