from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from pengawas.elections.models import Election


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the app answers. Touches nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"elections": Election.objects.all()[:5]})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Shown when a form arrives without its security token (an old tab, cookies blocked)."""
    return render(request, "core/csrf_failure.html", status=403)


class FaviconView(RedirectView):
    """/favicon.ico, asked for by browsers and tools that ignore <link rel="icon">."""

    # Not permanent: the file's name changes with its content once collectstatic hashes it.
    permanent = False

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("pengawas/favicon.svg")
