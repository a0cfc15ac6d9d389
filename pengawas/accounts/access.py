"""The one gate in front of every signed-in page: login, then the app's own rule.

Each app keeps its rules in its rules.py and builds its decorator here, so that all pages
answer the same way:

- not signed in: to the login page, coming back to the page afterwards. The way back is the
  path only: a query string could carry a name or a NIK, which must never sit in a URL.
  An htmx request (a poll, a search while typing) from an expired session loads the login
  page whole (HX-Redirect), never the login form into the fragment it was updating;
- signed in, but the rule says no: 403;
- otherwise the view runs and gets the user's jurisdiction after the request.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_htmx.http import HttpResponseClientRedirect

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])
Rule = Callable[[Jurisdiction | None], bool]


def login_redirect(request: HttpRequest) -> HttpResponseBase:
    """To the login page and back to this page (see the module's notes)."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        page = urlsplit(htmx.current_url_abs_path or request.path).path
        return HttpResponseClientRedirect(redirect_to_login(page).url)
    return redirect_to_login(request.path)


def jurisdiction_required(rule: Rule) -> Callable[[_View], _View]:
    """A decorator: login, then `rule` over the user's jurisdiction, then the view, called as
    view(request, jurisdiction, *args, **kwargs)."""

    def decorate(view: _View) -> _View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return login_redirect(request)
            jurisdiction = user_jurisdiction(user=request.user)
            if jurisdiction is None or not rule(jurisdiction):
                raise PermissionDenied
            return view(request, jurisdiction, *args, **kwargs)

        return cast(_View, wrapper)

    return decorate
