"""Where a request comes from, trusting only the configured proxies."""

from typing import Any

import pytest
from django.test import RequestFactory

from pengawas.core.services import client_address, client_ip


@pytest.mark.parametrize(
    ("proxies", "meta", "address", "ip"),
    [
        (0, {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "1.1.1.1"}, "10.1.2.3", "10.1.2.3"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 36.70.1.2"},
         "36.70.1.2", "36.70.1.2"),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1", "10.0.0.1"),
        # A Unix socket gives no REMOTE_ADDR: an address-typed column gets NULL, not "unknown".
        (0, {"REMOTE_ADDR": ""}, "", None),
        (0, {}, "unknown", None),
        (0, {"REMOTE_ADDR": "::1"}, "::1", "::1"),
    ],
)  # fmt: skip
def test_client_address_and_ip(
    settings: Any, proxies: int, meta: dict[str, str], address: str, ip: str | None
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_address(request) == address
    assert client_ip(request) == ip
