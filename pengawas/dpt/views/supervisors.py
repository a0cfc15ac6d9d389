# Placeholder while this module is being written.
from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


cek_dpt_page = cek_dpt_api = openapi_schema = search_page = tps_list = _todo
