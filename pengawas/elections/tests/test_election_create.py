import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

VOTING_DAY = datetime.date(2020, 12, 9)


def test_a_pilkada_gets_the_pilkada_rules(blitar: Region) -> None:
    election = election_create(
        code="pilbup-blitar-2020", name="Pilbup", kind="pilkada", region_code="35.05",
        voting_day=VOTING_DAY,
    )  # fmt: skip
    assert election.max_voters_per_tps == 500
    assert election.voter_list_names == ["DPT", "DPPh", "DPTb"]
    assert (election.voting_opens, election.voting_closes) == (datetime.time(7), datetime.time(13))


def test_a_pemilu_gets_the_pemilu_lists_and_an_explicit_maximum(blitar: Region) -> None:
    election = election_create(
        code="pemilu-2024", name="Pemilu 2024", kind="pemilu", region_code="35.05",
        voting_day=datetime.date(2024, 2, 14), max_voters_per_tps=300,
    )  # fmt: skip
    assert election.voter_list_names == ["DPT", "DPTb", "DPK"]
    assert election.max_voters_per_tps == 300


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "referendum"}, "pilkada atau pemilu"),
        ({"region_code": "99.99"}, "belum dimuat"),
        ({"region_code": "35.05.01"}, "provinsi atau kabupaten/kota"),
        ({"max_voters_per_tps": 0}, "lebih dari nol"),
        ({"code": "Bukan Slug!"}, "slug"),
    ],
)
def test_bad_elections_are_refused(
    blitar: Region, overrides: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "code": "x", "name": "X", "kind": "pilkada", "region_code": "35.05", "voting_day": VOTING_DAY,
    }  # fmt: skip
    arguments.update(overrides)
    with pytest.raises(ValidationError, match=message):
        election_create(**arguments)  # type: ignore[arg-type]
    assert not Election.objects.exists()


def test_a_code_is_used_once(blitar: Region) -> None:
    election_create(code="x", name="X", kind="pilkada", region_code="35.05", voting_day=VOTING_DAY)
    with pytest.raises(ValidationError, match="sudah ada"):
        election_create(
            code="x", name="Y", kind="pilkada", region_code="35.05", voting_day=VOTING_DAY
        )


def test_the_command(blitar: Region, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "election_create", "--code", "pilbup-blitar-2020", "--name", "Pilbup Blitar 2020",
        "--kind", "pilkada", "--region", "35.05", "--voting-day", "2020-12-09",
    )  # fmt: skip
    assert "maksimal 500 pemilih/TPS" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(
            "election_create", "--code", "b", "--name", "B", "--kind", "pilkada",
            "--region", "35.05", "--voting-day", "9-12-2020",
        )  # fmt: skip
    with pytest.raises(CommandError, match="sudah ada"):
        call_command(
            "election_create", "--code", "pilbup-blitar-2020", "--name", "B", "--kind", "pilkada",
            "--region", "35.05", "--voting-day", "2020-12-09",
        )  # fmt: skip
