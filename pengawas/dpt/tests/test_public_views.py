"""The public Cek DPT page and API: privacy, one answer shape, rate limit, OpenAPI."""

import datetime
import json
import logging
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from jsonschema.protocols import Validator
from openapi_spec_validator import validate as validate_openapi

from pengawas.core.logging import MaskNikFilter
from pengawas.core.services import keyed_hash
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import KNOWN, NKK, UNKNOWN
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

PAGE = "/cek-dpt/"
API = "/api/v1/cek-dpt"
TEMPLATES = Path(django_settings.BASE_DIR) / "templates" / "dpt"
# A window start (a multiple of 60 seconds) for tests that control the clock.
T0 = 1_700_000_040
DASH = "\N{EN DASH}"


@pytest.fixture
def pemilu(blitar: Region) -> Election:
    election = election_create(
        code="pemilu-2024",
        name="Pemilihan Umum 2024",
        kind="pemilu",
        region_code="35.05",
        voting_day=datetime.date(2024, 2, 14),
    )
    election.voting_closes = datetime.time(14, 0)
    election.save()
    Snapshot.objects.create(
        election=election,
        stage="DPS",
        source_name="dps.csv",
        source_sha256="f" * 64,
        source_size=1,
        fields_present=["nik", "name"],
    )
    return election


def _shape(value: Any) -> Any:
    """Keys and list lengths, recursively: what a reader could tell apart by structure."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return "·"


def _api(client: Client, nik: str, *, method: str = "get", **extra: Any) -> Any:
    if method == "get":
        return client.get(API, {"nik": nik}, **extra)
    return client.post(API, {"nik": nik}, **extra)


def _private_values(voter: Voter) -> list[str]:
    return [KNOWN, NKK, voter.name, "AMINAH", "1980-01-01", "01-01-1980", "MAWAR"]


# --- the page ---------------------------------------------------------------------------


def test_page_shows_a_post_form_with_csp(client: Client, election: Election) -> None:
    response = client.get(PAGE)

    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    html = response.content.decode()
    form = re.search(r"<form method=\"post\" action=\"([^\"]*)\"[^>]*hx-post=", html)
    assert form is not None and form.group(1) == PAGE  # the NIK goes in the body, not the URL
    assert 'name="nik"' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html  # the browser should not remember NIKs
    assert "pengawas/cek-dpt.js" in html


def test_no_inline_script_or_style(client: Client, siti: Voter) -> None:
    rendered = [
        client.get(PAGE).content.decode(),
        client.post(PAGE, {"nik": KNOWN}).content.decode(),
        client.post(PAGE, {"nik": UNKNOWN}, HTTP_HX_REQUEST="true").content.decode(),
    ]
    sources = [path.read_text(encoding="utf-8") for path in sorted(TEMPLATES.glob("cek_dpt*"))]
    assert len(sources) >= 2
    for text in rendered + sources:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        assert not re.search(r"<style\b|\sstyle=", text)
        assert not re.search(r"\son[a-z]+=", text)  # no onclick= and the like
        assert "hx-on" not in text


def test_found_answer_on_the_page(client: Client, siti: Voter) -> None:
    response = client.post(PAGE, {"nik": KNOWN})

    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("SIT* AMI***", "TPS 003", "Togogan", "Srengat", "Terdaftar"):
        assert shown in html
    assert "Pemilihan Bupati dan Wakil Bupati Blitar 2020" in html
    assert "DPT (Daftar Pemilih Tetap)" in html
    assert "3505********0001" in html
    for secret in _private_values(siti):
        assert secret not in html
    assert "no-store" in response.headers["Cache-Control"]
    assert "Content-Security-Policy" in response.headers
    # The flow stays on the page's own URL: no redirect, nothing in the query string.
    assert response.request["PATH_INFO"] == PAGE and response.request["QUERY_STRING"] == ""


def test_htmx_gets_only_the_answer(client: Client, siti: Voter) -> None:
    response = client.post(PAGE, {"nik": KNOWN}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "SIT* AMI***" in html and KNOWN not in html
    assert "HX-Request" in response.headers["Vary"]


def test_not_found_page_gives_advice_and_the_dptb_hour(client: Client, siti: Voter) -> None:
    response = client.post(PAGE, {"nik": UNKNOWN})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ditemukan" in html and "tidak ditemukan di DPT" in html
    assert "KTP-el atau Kartu Keluarga (KK)" in html
    for office in ("PPS", "PPK", "KPU Kabupaten/Kota"):
        assert office in html
    # Pilkada: DPTb in the last hour before the 13:00 close, at the TPS of the KTP-el address.
    assert f"12.00{DASH}13.00" in html and "DPTb (Daftar Pemilih Tambahan)" in html
    assert "TPS sesuai alamat pada KTP-el" in html and "surat suara masih tersedia" in html
    assert "Rabu, 9 Desember 2020" in html
    assert UNKNOWN not in html and "SIT*" not in html


def test_not_found_in_a_pemilu_says_dpk_and_follows_its_closing_time(
    client: Client, pemilu: Election
) -> None:
    html = client.post(PAGE, {"nik": UNKNOWN}).content.decode()

    assert f"13.00{DASH}14.00" in html and "DPK (Daftar Pemilih Khusus)" in html
    assert "DPTb" not in html
    assert "masih tahap DPS" in html  # the list can still be corrected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Masukkan NIK Anda"),
        ("3505abc", "hanya berisi angka"),
        ("350599410180000", "yang Anda ketik 15 digit"),
        ("35059941018000011", "yang Anda ketik 17 digit"),
    ],
)
def test_page_explains_input_errors(client: Client, siti: Voter, raw: str, message: str) -> None:
    response = client.post(PAGE, {"nik": raw})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "NIK belum benar" in html
    assert 'aria-invalid="true"' in html
    assert "SIT*" not in html
    if raw:
        assert raw not in html  # the input is never written back into the page


def test_page_accepts_spaces_and_dots(client: Client, siti: Voter) -> None:
    html = client.post(PAGE, {"nik": "3505.9941 0180.0001"}).content.decode()

    assert "SIT* AMI***" in html


def test_page_says_when_there_is_no_list_yet(client: Client, election: Election) -> None:
    html = client.post(PAGE, {"nik": UNKNOWN}).content.decode()

    assert "Belum ada daftar pemilih yang dapat dicek" in html


# --- the API ----------------------------------------------------------------------------


def test_api_known_and_unknown_have_the_same_shape(
    client: Client, siti: Voter, pemilu: Election
) -> None:
    known = _api(client, KNOWN)
    unknown = _api(client, UNKNOWN)

    assert known.status_code == unknown.status_code == 200
    assert known.headers["Content-Type"] == unknown.headers["Content-Type"] == "application/json"
    known_body, unknown_body = known.json(), unknown.json()
    assert _shape(known_body) == _shape(unknown_body)
    assert len(known_body["results"]) == len(unknown_body["results"]) == 2
    assert known.headers["Cache-Control"] == unknown.headers["Cache-Control"]
    assert "no-store" in known.headers["Cache-Control"]

    pilkada = known_body["results"][1]
    assert pilkada == {
        "election": {
            "code": "pilbup-blitar-2020",
            "name": "Pemilihan Bupati dan Wakil Bupati Blitar 2020",
            "kind": "pilkada",
            "voting_day": "2020-12-09",
            "voting_opens": "07:00",
            "voting_closes": "13:00",
            "ktp_el_voting": {
                "list": "DPTb",
                "list_name": "Daftar Pemilih Tambahan",
                "from": "12:00",
                "until": "13:00",
            },
        },
        "stage": "DPT",
        "searchable": True,
        "found": True,
        "name": "SIT* AMI***",
        "tps": "TPS 003",
        "desa": "Togogan",
        "kecamatan": "Srengat",
    }
    assert known_body["nik"] == "3505********0001"
    assert unknown_body["nik"] == "3505********0002"
    assert [r["found"] for r in unknown_body["results"]] == [False, False]
    assert unknown_body["results"][1]["name"] is None
    assert "PPS" in unknown_body["message"] and "KTP-el" in unknown_body["message"]


def test_api_body_never_carries_personal_data(client: Client, siti: Voter) -> None:
    for response in (_api(client, KNOWN), _api(client, KNOWN, method="post")):
        body = response.content.decode()
        for secret in _private_values(siti):
            assert secret not in body


def test_api_post_answers_like_get(client: Client, siti: Voter) -> None:
    assert _api(client, KNOWN, method="post").json() == _api(client, KNOWN).json()


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({}, "nik_required", "Masukkan NIK"),
        ({"nik": ""}, "nik_required", "Masukkan NIK"),
        ({"nik": "35059941O1800001"}, "nik_not_digits", "hanya berisi angka"),
        ({"nik": KNOWN[:12]}, "nik_length", "12 digit"),
        ({"nik": KNOWN + "9"}, "nik_length", "17 digit"),
    ],
)
def test_api_invalid_input_is_400_in_indonesian(
    client: Client, siti: Voter, params: dict[str, str], code: str, words: str
) -> None:
    response = client.get(API, params)

    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": code, "message": response.json()["error"]["message"]}
    }
    assert words in response.json()["error"]["message"]
    assert "no-store" in response.headers["Cache-Control"]
    assert KNOWN[:12] not in response.content.decode()


def test_api_refuses_other_methods(client: Client, election: Election) -> None:
    assert client.put(API, {"nik": KNOWN}).status_code == 405


# --- rate limit -------------------------------------------------------------------------


def test_rate_limit_counts_page_and_api_together_and_spares_others(
    client: Client, siti: Voter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pengawas.core.services.time.time", lambda: T0 + 15)
    assert django_settings.CEK_DPT_RATE_PER_MINUTE == 10
    # Ten attempts, valid and invalid, through both doors.
    for nik in (KNOWN, UNKNOWN, "123", "", KNOWN):
        assert client.post(PAGE, {"nik": nik}).status_code == 200
        assert _api(client, nik).status_code in (200, 400)

    refused = _api(client, KNOWN)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "45"
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "tunggu 45 detik" in refused.json()["error"]["message"]
    assert "no-store" in refused.headers["Cache-Control"]
    assert "SIT*" not in refused.content.decode()

    page = client.post(PAGE, {"nik": KNOWN})
    assert page.status_code == 429
    assert page.headers["Retry-After"] == "45"
    html = page.content.decode()
    assert "Mohon tunggu sebentar" in html and "tunggu 45 detik lalu coba lagi" in html
    assert "SIT*" not in html
    htmx = client.post(PAGE, {"nik": KNOWN}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 429 and "tunggu 45 detik" in htmx.content.decode()

    other = Client(REMOTE_ADDR="192.0.2.7")
    assert _api(other, KNOWN).status_code == 200
    assert other.post(PAGE, {"nik": KNOWN}).status_code == 200


def test_viewing_the_empty_page_is_not_an_attempt(client: Client, siti: Voter) -> None:
    for _ in range(15):
        client.get(PAGE)

    assert _api(client, KNOWN).status_code == 200


def test_forwarded_for_is_ignored_without_trusted_proxies(
    client: Client, siti: Voter, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        assert _api(client, KNOWN, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200

    assert _api(client, KNOWN, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_forwarded_for_counts_when_a_proxy_is_trusted(
    client: Client, siti: Voter, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):
        assert _api(client, KNOWN, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200

    assert _api(client, KNOWN, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # Same proxy (REMOTE_ADDR), another client behind it; a spoofed first hop changes nothing.
    assert _api(client, KNOWN, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    spoofed = "203.0.113.9, 198.51.100.1"
    assert _api(client, KNOWN, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429


def test_rate_limit_window_resets(
    client: Client, siti: Voter, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [float(T0)]
    monkeypatch.setattr("pengawas.core.services.time.time", lambda: now[0])
    for _ in range(10):
        assert _api(client, UNKNOWN).status_code == 200
    now[0] = T0 + 59
    refused = _api(client, UNKNOWN)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"

    now[0] = T0 + 60
    assert _api(client, UNKNOWN).status_code == 200
    assert client.post(PAGE, {"nik": KNOWN}).status_code == 200


# --- logging ----------------------------------------------------------------------------


def test_logs_carry_a_keyed_hash_never_the_nik(
    client: Client,
    siti: Voter,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.SECRET_KEY = "uji-" + "k" * 40
    # The masking filter is a safety net; this test checks that the code never needs it.
    monkeypatch.setattr(MaskNikFilter, "filter", lambda self, record: True)
    caplog.set_level(logging.INFO)

    client.post(PAGE, {"nik": KNOWN})
    _api(client, UNKNOWN)
    _api(client, KNOWN[:15])  # invalid: no lookup, no hash of a partial NIK
    _api(client, "3505 9941 0180 0001", method="post")

    lines = [r.getMessage() for r in caplog.records if r.name == "pengawas.cek_dpt"]
    known_hash = keyed_hash(KNOWN, purpose="cek-dpt")
    unknown_hash = keyed_hash(UNKNOWN, purpose="cek-dpt")
    assert len(lines) == 3
    assert f"channel=page nik_hash={known_hash} found=yes" in lines[0]
    assert f"channel=api nik_hash={unknown_hash} found=no" in lines[1]
    assert f"channel=api nik_hash={known_hash} found=yes" in lines[2]
    everything = caplog.text + "".join(str(r.args) + r.getMessage() for r in caplog.records)
    for secret in (KNOWN, UNKNOWN, KNOWN[:15], NKK, "SITI", "AMINAH"):
        assert secret not in everything


def test_rate_limited_attempts_are_logged_without_the_address(
    client: Client, election: Election, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(11):
        _api(client, "1")

    (line,) = [r.getMessage() for r in caplog.records if "rate limited" in r.getMessage()]
    assert "127.0.0.1" not in line
    assert keyed_hash("127.0.0.1", purpose="cek-dpt-client") in line


# --- OpenAPI ----------------------------------------------------------------------------


def node_ref(path: str) -> list[str]:
    return path.removeprefix("#/").split("/")


def _follow(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow local $refs ("#/components/...") until a real object."""
    while "$ref" in node:
        target: Any = document
        for part in node_ref(node["$ref"]):
            target = target[part]
        node = target
    return node


def _validator(document: dict[str, Any], method: str, status: int) -> Validator:
    operation = document["paths"]["/api/v1/cek-dpt"][method]
    response = _follow(document, operation["responses"][str(status)])
    schema = response["content"]["application/json"]["schema"]
    # OpenAPI 3.1 schemas are JSON Schema 2020-12; the document is the root for its $refs.
    root = {**schema, "components": document["components"]}
    cls = jsonschema.Draft202012Validator
    cls.check_schema(root)
    return cls(root, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture
def openapi(client: Client, db: None) -> dict[str, Any]:
    response = client.get(reverse("api-openapi"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    document: dict[str, Any] = json.loads(response.content)
    return document


def test_openapi_document_is_valid_and_describes_the_endpoint(openapi: dict[str, Any]) -> None:
    validate_openapi(openapi)

    assert openapi["openapi"].startswith("3.1")
    path = openapi["paths"]["/api/v1/cek-dpt"]
    assert set(path) == {"get", "post"}
    (parameter,) = path["get"]["parameters"]
    assert (parameter["name"], parameter["in"], parameter["required"]) == ("nik", "query", True)
    for method in ("get", "post"):
        assert set(path[method]["responses"]) == {"200", "400", "429"}
    too_many = _follow(openapi, path["get"]["responses"]["429"])
    assert "Retry-After" in too_many["headers"]
    assert reverse("api-cek-dpt") == "/api/v1/cek-dpt"


def test_real_answers_match_the_openapi_schemas(
    client: Client, openapi: dict[str, Any], siti: Voter, pemilu: Election, settings: Any
) -> None:
    answers = {
        ("get", 200): [_api(client, KNOWN), _api(client, UNKNOWN)],
        ("post", 200): [_api(client, KNOWN, method="post")],
        ("get", 400): [client.get(API), _api(client, "12ab"), _api(client, "1234")],
        ("post", 400): [_api(client, "", method="post")],
    }
    settings.CEK_DPT_RATE_PER_MINUTE = 1
    answers[("get", 429)] = [_api(client, KNOWN)]
    answers[("post", 429)] = [_api(client, KNOWN, method="post")]

    for (method, status), responses in answers.items():
        validator = _validator(openapi, method, status)
        for response in responses:
            assert response.status_code == status
            validator.validate(response.json())
    # And the validators do catch a drift in shape.
    drifted = _api(Client(REMOTE_ADDR="192.0.2.8"), KNOWN).json()
    drifted["results"][0]["nik"] = KNOWN
    with pytest.raises(jsonschema.ValidationError):
        _validator(openapi, "get", 200).validate(drifted)


def test_the_js_file_lets_htmx_show_the_wait_message() -> None:
    script = (Path(django_settings.BASE_DIR) / "static" / "pengawas" / "cek-dpt.js").read_text()

    assert "htmx:beforeSwap" in script and "429" in script and "shouldSwap = true" in script
