"""What every overview page shares: login, then the app's rule (rules.py)."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect

from pengawas.accounts.selectors import user_jurisdiction
from pengawas.overview.rules import can_watch

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def for_watchers(view: _View) -> _View:
    """Login, then `can_watch`; the view gets the user's jurisdiction after the request."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            htmx = getattr(request, "htmx", None)
            if htmx:
                # A poll after the session ended: the whole page goes to the login, never the
                # login form into the table.
                page = urlsplit(htmx.current_url_abs_path or request.path).path
                return HttpResponseClientRedirect(redirect_to_login(page).url)
            return redirect_to_login(request.get_full_path())
        jurisdiction = user_jurisdiction(user=request.user)
        if not can_watch(jurisdiction):
            raise PermissionDenied
        return view(request, jurisdiction, *args, **kwargs)

    return cast(_View, wrapper)
