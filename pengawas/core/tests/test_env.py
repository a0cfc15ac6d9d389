import pytest
from django.core.exceptions import ImproperlyConfigured

from pengawas.lib.env import env_bool, env_int, env_json_object, env_list, env_secret


def test_env_bool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", "ya")
    assert env_bool("X") is True
    monkeypatch.setenv("X", "off")
    assert env_bool("X", True) is False
    monkeypatch.setenv("X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        env_bool("X")
    monkeypatch.delenv("X")
    assert env_bool("X", True) is True


def test_env_int(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("N", 5, minimum=1)


def test_env_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("L", " a.example , b.example,,")
    assert env_list("L", []) == ["a.example", "b.example"]


def test_env_secret_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "s"
    secret.write_text("from-file\n")
    monkeypatch.delenv("S", raising=False)
    monkeypatch.setenv("S_FILE", str(secret))
    assert env_secret("S") == "from-file"
    monkeypatch.setenv("S", "both")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("S")


def test_env_json_object(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_json_object("PENGAWAS_X") == {}
    monkeypatch.setenv("PENGAWAS_X", '{"filing": 3, "verified": true}')
    assert env_json_object("PENGAWAS_X") == {"filing": 3, "verified": True}
    for bad in ("{filing: 3}", "[3]"):
        monkeypatch.setenv("PENGAWAS_X", bad)
        with pytest.raises(ImproperlyConfigured, match="JSON object"):
            env_json_object("PENGAWAS_X")
