from django.urls import path

from pengawas.archive.views_search import search_page

urlpatterns = [
    path("", search_page, name="archive-search"),
]
