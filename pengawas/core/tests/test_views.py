from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pengawas.accounts.roles import Role


def test_healthz_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_home_has_security_headers(db: None, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_form_without_its_token_gets_an_indonesian_page(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Formulir tidak dapat diproses" in response.content.decode()


def test_favicon_ico_leads_to_the_svg(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200


def test_pages_keep_no_history_cache_and_link_the_icon(db: None, client: Client) -> None:
    page = client.get("/").content.decode()
    # htmx would otherwise copy pages (with voters' data) into the browser's localStorage.
    assert '"historyCacheSize": 0' in page
    assert 'rel="icon"' in page and "favicon.svg" in page


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (Role.ADMINISTRATOR, {"Cari pemilih", "Arsip", "Penindakan", "Pengguna", "Audit"}),
        (Role.KOMISIONER, {"Cari pemilih", "Arsip", "Penindakan", "Audit"}),
        (Role.SEKRETARIAT, {"Cari pemilih", "Arsip", "Penindakan", "Pengguna", "Audit"}),
        (Role.PANWASCAM, {"Cari pemilih", "Arsip", "Penindakan"}),
        (Role.PTPS, {"Cari pemilih", "Arsip", "Penindakan"}),
        (None, set()),
    ],
)
def test_the_menu_offers_what_the_role_may_open(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    role: str | None,
    links: set[str],
) -> None:
    user = make_user(role) if role else User.objects.create_user("tanpa-peran")
    login(client, user)
    menu = client.get("/").content.decode().split('class="site-nav"')[1].split("</nav>")[0]
    labels = ("Cari pemilih", "Arsip", "Penindakan", "Pengguna", "Audit")
    shown = {label for label in labels if f">{label}</a>" in menu}
    assert shown == links
    assert ">Akun</a>" in menu
