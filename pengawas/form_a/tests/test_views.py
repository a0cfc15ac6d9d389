"""Form A pages and the JSON API: who gets what, and the paths that are denied."""

import io
import json
import uuid
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.elections.models import Tps
from pengawas.form_a.models import FormA, Status
from pengawas.form_a.services import form_a_upsert
from pengawas.form_a.tests.conftest import VIOLATION, photo_bytes, report_data

pytestmark = pytest.mark.django_db
Login = Callable[..., None]
API = "/api/v1/hari-h/form-a"


def _form(user: User, tps: Tps, **data: object) -> FormA:
    return form_a_upsert(user=user, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(**data)).form


def _post_fields(key: str, **extra: str) -> dict[str, object]:
    fields: dict[str, object] = {"client_uuid": key, "revision": "1", "action": "send"}
    data = report_data()
    for name, value in data["pengawas"].items():
        fields[f"pengawas-{name}"] = value
    for name, value in data["kegiatan"][0].items():
        fields[f"kegiatan-0-{name}"] = value
    fields["uraian"] = data["uraian"]
    fields.update(extra)
    return fields


def test_public_goes_to_login(client: Client, ptps: User, tps: Tps) -> None:
    form = _form(ptps, tps)
    for url in (
        reverse("form-a-own"),
        reverse("form-a-review-list"),
        reverse("form-a-detail", args=[form.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_ptps_page_is_prefilled_and_posts_without_javascript(
    client: Client, login: Login, ptps: User, tps: Tps
) -> None:
    login(client, ptps)
    page = client.get(reverse("form-a-own"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Pengawas TPS 001 Desa Jaten"' in text
    assert "form-a.js" in text and 'name="client_uuid"' in text
    key = str(uuid.uuid4())
    photo = SimpleUploadedFile("foto.jpg", photo_bytes(), content_type="image/jpeg")
    response = client.post(reverse("form-a-own"), {**_post_fields(key), "photos": [photo]})
    assert response.status_code == 302
    # The same page sent twice (a double tap): still one report, one photo.
    photo_again = SimpleUploadedFile("foto.jpg", photo_bytes(), content_type="image/jpeg")
    client.post(reverse("form-a-own"), {**_post_fields(key), "photos": [photo_again]})
    form = FormA.objects.get()
    assert (str(form.client_uuid), form.status, form.photos.count()) == (key, Status.SUBMITTED, 1)
    listing = client.get(reverse("form-a-own")).content.decode()
    assert f"laporan-{form.pk}" in listing


def test_ptps_post_with_a_missing_part_shows_it(client: Client, login: Login, ptps: User) -> None:
    login(client, ptps)
    response = client.post(reverse("form-a-own"), _post_fields(str(uuid.uuid4()), uraian=""))
    assert response.status_code == 200
    assert "Wajib diisi." in response.content.decode()
    assert FormA.objects.count() == 0


def test_ptps_of_another_tps_gets_404(
    client: Client, login: Login, ptps: User, tps: Tps, far_tps: Tps, make_user: Callable[..., User]
) -> None:
    form = _form(ptps, tps)
    other = make_user(Role.PTPS, tps=far_tps, username="ptps-udanawu")
    login(client, other)
    assert client.get(reverse("form-a-detail", args=[form.pk])).status_code == 404
    assert client.get(reverse("form-a-pdf", args=[form.pk])).status_code == 404
    assert client.get(reverse("form-a-own") + f"?laporan={form.pk}").status_code == 404


def test_pkd_outside_the_desa_gets_404(
    client: Client, login: Login, ptps: User, tps: Tps, make_user: Callable[..., User]
) -> None:
    form = _form(ptps, tps)
    far_pkd = make_user(Role.PKD, region_code="35.05.02.2001", username="pkd-jauh")
    login(client, far_pkd)
    assert client.get(reverse("form-a-detail", args=[form.pk])).status_code == 404
    response = client.post(reverse("form-a-review", args=[form.pk]), {"action": "confirm"})
    assert response.status_code == 404
    assert form.pk not in [
        row["form"].pk for row in client.get(reverse("form-a-review-list")).context["rows"]
    ]


def test_ptps_cannot_confirm(client: Client, login: Login, ptps: User, tps: Tps) -> None:
    form = _form(ptps, tps)
    login(client, ptps)
    assert (
        client.post(reverse("form-a-review", args=[form.pk]), {"action": "confirm"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("form-a-temuan", args=[form.pk]), {"violation_type": "pidana"}
        ).status_code
        == 403
    )
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED


def test_pkd_returns_and_the_ptps_sees_the_note(
    client: Client, login: Login, ptps: User, pkd: User, tps: Tps
) -> None:
    form = _form(ptps, tps)
    login(client, pkd)
    listing = client.get(reverse("form-a-review-list"))
    assert [row["form"].pk for row in listing.context["rows"]] == [form.pk]
    response = client.post(
        reverse("form-a-review", args=[form.pk]), {"action": "return", "note": "Tambahkan jam."}
    )
    assert response.status_code == 302
    login(client, ptps)
    page = client.get(reverse("form-a-own")).content.decode()
    assert "Tambahkan jam." in page
    edit = client.get(reverse("form-a-own") + f"?laporan={form.pk}")
    assert edit.context["revision"] == 2 and edit.context["client_uuid"] == str(form.client_uuid)
    client.post(
        reverse("form-a-own"),
        _post_fields(
            str(form.client_uuid), revision="2", laporan=str(form.pk), uraian="Jam 07.50."
        ),
    )
    form.refresh_from_db()
    assert (form.status, form.data["uraian"]) == (Status.SUBMITTED, "Jam 07.50.")


def test_panwascam_confirms_without_key_then_files_temuan(
    client: Client,
    login: Login,
    ptps: User,
    panwascam: User,
    tps: Tps,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.ARCHIVE_KEY = ""
    settings.ARCHIVE_KEY_OLD = ""
    form = _form(ptps, tps, pelanggaran=VIOLATION)
    login(client, panwascam)
    client.post(reverse("form-a-review", args=[form.pk]), {"action": "confirm"})
    page = client.get(reverse("form-a-detail", args=[form.pk])).content.decode()
    assert "Form A belum masuk arsip: kunci arsip (PENGAWAS_ARCHIVE_KEY) belum disetel." in page
    assert "Coba simpan ke arsip lagi" in page and "Catat sebagai temuan" in page
    response = client.post(
        reverse("form-a-temuan", args=[form.pk]), {"violation_type": "administrasi"}
    )
    form.refresh_from_db()
    assert form.case is not None
    assert response["Location"] == reverse("case-detail", args=[form.case.pk])
    pdf = client.get(reverse("form-a-pdf", args=[form.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_pdf_carries_the_form(ptps: User, tps: Tps) -> None:
    from pypdf import PdfReader

    from pengawas.form_a.services import form_pdf

    form = _form(ptps, tps, pelanggaran=VIOLATION)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(form_pdf(form))).pages)
    assert "FORMULIR MODEL A" in text and "LAPORAN HASIL PENGAWASAN PEMILIHAN" in text
    for heading in ("I. DATA PENGAWAS", "II. KEGIATAN PENGAWASAN", "III. URAIAN SINGKAT",
                    "IV. INFORMASI DUGAAN PELANGGARAN", "V. INFORMASI DUGAAN SENGKETA"):  # fmt: skip
        assert heading in text
    assert "Ketua KPPS TPS 001" in text and "( Siti Aminah )" in text and "Jaten, " in text


def test_photo_is_served_to_those_who_see_the_report(
    client: Client, login: Login, ptps: User, pkd: User, tps: Tps
) -> None:
    form = form_a_upsert(user=ptps, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(),
                         photos=[io.BytesIO(photo_bytes())]).form  # fmt: skip
    photo = form.photos.get()
    login(client, pkd)
    response = client.get(reverse("form-a-photo", args=[form.pk, photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("form-a-photo", args=[form.pk, photo.pk + 1])).status_code == 404


# --- the JSON API -----------------------------------------------------------------------------


def test_api_refuses_in_indonesian(client: Client, login: Login, pkd: User) -> None:
    response = client.post(API, "{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"error": "Masuk terlebih dahulu."}
    login(client, pkd)
    response = client.post(API, "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == "Form A dikirim oleh Pengawas TPS untuk TPS-nya."


def test_api_unverified_gets_403(
    client: Client, login: Login, make_user: Callable[..., User]
) -> None:
    login(client, make_user(Role.KOMISIONER), verified=False)
    assert client.get(API).status_code == 403


def test_api_bad_requests(client: Client, login: Login, ptps: User) -> None:
    login(client, ptps)
    assert client.post(API, "{", content_type="application/json").json() == {
        "error": "Isi permintaan bukan JSON yang sah."
    }
    response = client.post(API, json.dumps({"client_uuid": "x"}), content_type="application/json")
    assert response.status_code == 400 and "UUID" in response.json()["error"]
    body = {"client_uuid": str(uuid.uuid4()), "data": report_data(uraian="")}
    response = client.post(API, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Form A belum lengkap.",
        "errors": {"uraian": "Wajib diisi."},
    }
    body = {"client_uuid": str(uuid.uuid4()), "data": report_data(), "photos": ["bukan"]}
    assert client.post(API, json.dumps(body), content_type="application/json").status_code == 400
    assert FormA.objects.count() == 0


def test_api_sends_once_multipart_and_json(client: Client, login: Login, ptps: User) -> None:
    login(client, ptps)
    key = str(uuid.uuid4())
    report = json.dumps({"client_uuid": key, "revision": 1, "final": True, "data": report_data()})
    for expected in (201, 200):
        photo = SimpleUploadedFile("foto-1.jpg", photo_bytes(), content_type="image/jpeg")
        response = client.post(API, {"report": report, "photos": [photo]})
        assert response.status_code == expected
    answer = response.json()
    assert answer["report"]["status"] == "submitted" and answer["report"]["photos"] == 1
    assert answer["created"] is False and answer["photos_added"] == 0
    import base64

    data_url = "data:image/jpeg;base64," + base64.b64encode(photo_bytes(color="#ff0000")).decode()
    body = {"client_uuid": str(uuid.uuid4()), "data": report_data(), "photos": [data_url]}
    response = client.post(API, json.dumps(body), content_type="application/json")
    assert response.status_code == 201 and response.json()["report"]["photos"] == 1
    assert FormA.objects.count() == 2
    listing = client.get(API).json()
    assert len(listing["reports"]) == 2 and listing["csrf"]


def test_a_post_without_the_report_code_is_refused(
    client: Client, login: Login, ptps: User
) -> None:
    login(client, ptps)
    assert client.post(reverse("form-a-own"), {"uraian": "x"}).status_code == 400
    assert FormA.objects.count() == 0
