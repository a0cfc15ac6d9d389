from django.urls import path

from pengawas.dpt.views import public, supervisors

urlpatterns = [
    # Public Cek DPT (no login)
    path("cek-dpt/", public.cek_dpt_page, name="cek-dpt"),
    path("api/v1/cek-dpt", public.cek_dpt_api, name="api-cek-dpt"),
    path("api/v1/openapi.json", public.openapi_schema, name="api-openapi"),
    # Supervisors' search (login)
    path("dpt/cari/", supervisors.search_page, name="dpt-search"),
    path("dpt/tps/<int:tps_id>/", supervisors.tps_list, name="dpt-tps-list"),
    path("dpt/pemilih/<int:voter_id>/", supervisors.voter_detail, name="dpt-voter-detail"),
]
