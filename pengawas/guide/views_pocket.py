"""The pocket PDF of the latest edition of a series (pocket.py), A6 by default or A5.

No permission check here: the URL configuration wraps this view in the guide's own.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pengawas.guide.models import Book
from pengawas.guide.pocket import PAGE_SIZES, pocket_pdf
from pengawas.guide.services import edition_latest


@require_GET
def pocket_pdf_view(request: HttpRequest, series: str) -> HttpResponse:
    edition = edition_latest(series=series)
    if edition is None:
        raise Http404(_("Panduan ini belum diterbitkan."))
    size = request.GET.get("ukuran", "A6").strip().upper()
    if size not in PAGE_SIZES:
        return HttpResponseBadRequest(
            _("Ukuran buku tidak dikenal. Pilih A6 atau A5."),
            content_type="text/plain; charset=utf-8",
        )
    book = request.GET.get("buku", Book.BUKU_SAKU.value)
    if book not in Book.values:
        return HttpResponseBadRequest(
            _("Buku tidak dikenal. Pilih buku-saku atau putung."),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        pocket_pdf(edition=edition, book=book, page_size=size), content_type="application/pdf"
    )
    filename = f"{book}-{series}-edisi-{edition.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
