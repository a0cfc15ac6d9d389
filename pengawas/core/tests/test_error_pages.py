"""Error pages: in the site's look, in Indonesian or English, never showing what went wrong."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from pengawas.urls import urlpatterns as site_urlpatterns

SECRET = "rahasia-3505016106850001"  # what an exception might carry: never on the page


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"database said no for {SECRET}")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


# The test urlconf (@pytest.mark.urls below): the site, plus two views that fail.
urlpatterns = [
    path("uji/rusak/", _boom),
    path("uji/terlarang/", _forbidden),
    *site_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _not_debug(settings: Any) -> None:
    # DEBUG=True would show Django's technical pages instead of the templates.
    settings.DEBUG = False


def test_404_in_indonesian(db: None, client: Client) -> None:
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="id"' in page
    assert "Halaman tidak ditemukan" in page
    assert 'href="/cek-dpt/"' in page and "Beranda" in page
    assert "pengawas.css" in page  # the site's look, not Django's bare page


def test_404_in_english(db: None, client: Client) -> None:
    client.cookies["django_language"] = "en"
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Page not found" in page and "Home" in page
    assert "Halaman tidak ditemukan" not in page


def test_403_without_the_reason(db: None, client: Client) -> None:
    response = client.get("/uji/terlarang/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page
    assert 'href="/masuk/"' in page  # not signed in: offered the login
    assert SECRET not in page


def test_500_renders_the_standalone_page(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/uji/rusak/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Terjadi kesalahan" in page
    assert 'href="/static/pengawas/pengawas.css"' in page
    assert 'href="/cek-dpt/"' in page and 'href="/"' in page
    assert SECRET not in page and "RuntimeError" not in page and "Traceback" not in page


def test_500_in_english(db: None) -> None:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get("/uji/rusak/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'lang="en"' in page and "Something went wrong" in page
    assert "Terjadi kesalahan" not in page
