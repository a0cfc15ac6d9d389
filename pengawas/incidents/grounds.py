"""Whether incidents at a TPS ground a recount or a re-vote: pure rules, no database.

The law differs by the kind of election, and the app follows its words:

Pilkada — UU 1/2015 (Perpu 1/2014) as amended last by UU 10/2016:
- Pasal 112 ayat (1): voting at a TPS *may* ("dapat") be repeated when a security
  disturbance makes the result unusable or the count impossible.
- Pasal 112 ayat (2): voting at a TPS *may* ("dapat") be repeated when the research and
  examination of the Panwas Kecamatan proves one or more of huruf a-e. Huruf c ("lebih dari
  satu surat suara"), d and e ("lebih dari seorang Pemilih") need a count of at least 2.
  The wording "dapat" in ayat (2) is as UU 10/2016 is quoted (tribun-timur, 5 Dec 2024) and
  as Perbawaslu 15/2024 Pasal 28 ayat (1) restates it.
- Pasal 113 ayat (2): the count at a TPS is repeated on the spot ("dilakukan seketika itu
  juga") in the cases of huruf a-g. A riot is *not* one of them (the Perpu's text,
  id.wikisource.org Halaman:Perpu_1_2014.pdf/81); UU 8/2012 Pasal 223 and UU 7/2017 Pasal 374
  list it, the Pilkada law does not.

Pemilu — UU 7/2017:
- Pasal 372 ayat (1): voting *may* be repeated after a natural disaster and/or riot makes
  the result unusable or the count impossible.
- Pasal 372 ayat (2): voting *must* ("wajib") be repeated when the Pengawas TPS's research
  and examination proves huruf a-d. Huruf c needs more than one ballot; huruf d is one voter
  without a KTP-el and not in the DPT or DPTb — no "more than one". Voting twice, and voters
  with a KTP-el from elsewhere, are not among the grounds.
- Pasal 374 ayat (2): the count at a TPS *may* be repeated in the cases of huruf a-h: a riot
  that stopped the count (huruf a) is one; inconsistent decisions on valid ballots are not
  (huruf h is instead a mismatch between valid plus invalid ballots and the voters who voted,
  which the C.Hasil-KWK check finds, not an incident here).

`ulang_check` answers in the issue's shape. Each item of "grounds" also says whether that
incident grounds the decision ("grounded"), whether the law says "dapat" (may) rather than a
duty ("discretionary"), and the count it was judged on; an incident recorded for a kind whose
law does not name it is listed with "grounded": false and a basis that says why and where to
look instead. A section is grounded when one of its items is.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RECOUNT = "recount"
REVOTE = "revote"
KINDS = ("pilkada", "pemilu")


@dataclass(frozen=True)
class IncidentType:
    code: str
    section: str  # RECOUNT or REVOTE
    label: Promise
    count_label: Promise | None = None  # what the count counts; None: not counted

    @property
    def counted(self) -> bool:
        return self.count_label is not None


INCIDENT_TYPES: tuple[IncidentType, ...] = (
    IncidentType(
        "UNREST_RESULT_UNUSABLE",
        REVOTE,
        _(
            "Gangguan keamanan, bencana alam atau kerusuhan membuat hasil pemungutan suara "
            "tidak dapat digunakan atau penghitungan suara tidak dapat dilakukan"
        ),
    ),
    IncidentType(
        "BOX_OPENED_IMPROPERLY",
        REVOTE,
        _(
            "Kotak suara dan/atau berkas pemungutan dan penghitungan suara dibuka tidak "
            "menurut tata cara"
        ),
    ),
    IncidentType(
        "VOTER_ASKED_TO_MARK",
        REVOTE,
        _(
            "Petugas KPPS meminta pemilih memberi tanda khusus, menandatangani, atau menulis "
            "nama atau alamat pada surat suara yang sudah digunakan"
        ),
    ),
    IncidentType(
        "KPPS_DAMAGED_USED_BALLOTS",
        REVOTE,
        _("Petugas KPPS merusak surat suara yang sudah digunakan sehingga menjadi tidak sah"),
        _("jumlah surat suara"),
    ),
    IncidentType(
        "VOTED_MORE_THAN_ONCE",
        REVOTE,
        _("Pemilih menggunakan hak pilih lebih dari satu kali (di TPS ini atau TPS lain)"),
        _("jumlah pemilih"),
    ),
    IncidentType(
        "UNREGISTERED_VOTED",
        REVOTE,
        _(
            "Orang yang tidak terdaftar dalam daftar pemilih mana pun dan tidak berhak memilih "
            "dengan KTP-el di TPS ini ikut memberikan suara"
        ),
        _("jumlah orang"),
    ),
    IncidentType(
        "NO_KTP_UNREGISTERED_VOTED",
        REVOTE,
        _(
            "Orang tanpa KTP-el dan tidak terdaftar dalam daftar pemilih mana pun ikut memberikan suara"
        ),
        _("jumlah orang"),
    ),
    IncidentType(
        "COUNT_UNREST",
        RECOUNT,
        _("Kerusuhan membuat penghitungan suara tidak dapat dilanjutkan"),
    ),
    IncidentType("COUNT_CLOSED", RECOUNT, _("Penghitungan suara dilakukan secara tertutup")),
    IncidentType(
        "COUNT_POOR_LIGHT",
        RECOUNT,
        _("Penghitungan suara dilakukan di tempat yang kurang terang"),
    ),
    IncidentType(
        "COUNT_UNCLEAR_VOICE",
        RECOUNT,
        _("Penghitungan suara dibacakan dengan suara yang kurang jelas"),
    ),
    IncidentType(
        "COUNT_ILLEGIBLE",
        RECOUNT,
        _("Hasil penghitungan suara dicatat dengan tulisan yang kurang jelas"),
    ),
    IncidentType(
        "COUNT_NOT_OBSERVABLE",
        RECOUNT,
        _("Saksi, pengawas atau warga tidak dapat menyaksikan penghitungan suara dengan jelas"),
    ),
    IncidentType(
        "COUNT_WRONG_PLACE_OR_TIME",
        RECOUNT,
        _("Penghitungan suara dilakukan di tempat atau waktu lain dari yang ditentukan"),
    ),
    IncidentType(
        "COUNT_INCONSISTENT_VALIDITY",
        RECOUNT,
        _("Penentuan surat suara sah dan tidak sah tidak konsisten"),
    ),
)
TYPES: dict[str, IncidentType] = {t.code: t for t in INCIDENT_TYPES}
CODES: tuple[str, ...] = tuple(TYPES)

PILKADA_UU = "UU 1/2015 jo. UU 10/2016"
PILKADA_UU_RECOUNT = "UU 1/2015"
PEMILU_UU = "UU 7/2017"


@dataclass(frozen=True)
class Rule:
    """How one kind's law treats one incident."""

    citation: str  # "UU 7/2017 Pasal 372 ayat (2) huruf c"; "" when the law names it nowhere
    text: Promise | tuple[Promise, ...]  # the rule in plain words (or why it is no ground)
    minimum: int = 1  # the count needed; the Pilkada "lebih dari satu/seorang" is 2
    discretionary: bool = False  # the law says "dapat" (may), not a duty
    is_ground: bool = True
    pool: tuple[str, ...] = ()  # codes whose counts add up under the same huruf

    def basis(self, *, count: int | None, grounded: bool) -> str:
        words = (
            " ".join(str(part) for part in self.text)
            if isinstance(self.text, tuple)
            else str(self.text)
        )
        text = f"{self.citation}: {words}" if self.citation else words
        if self.minimum > 1 and count is not None:
            text += " " + str(_("Tercatat %(count)d; syarat paling sedikit %(min)d.")) % {
                "count": count,
                "min": self.minimum,
            }
        if self.is_ground and grounded:
            text += " " + str(
                _("Terpenuhi; hukum menyatakan 'dapat' (diputuskan berdasarkan kajian).")
                if self.discretionary
                else _("Terpenuhi; hukum mewajibkan.")
            )
        elif self.is_ground:
            text += " " + str(_("Belum terpenuhi."))
        return text


_MAY_112_1 = _(
    "pemungutan suara di TPS dapat diulang bila gangguan keamanan membuat hasil pemungutan "
    "suara tidak dapat digunakan atau penghitungan suara tidak dapat dilakukan."
)
_PILKADA_112_2 = _(
    "pemungutan suara di TPS dapat diulang bila hasil penelitian dan pemeriksaan Panwaslu "
    "Kecamatan membuktikan keadaan ini:"
)
_PEMILU_372_2 = _(
    "pemungutan suara di TPS wajib diulang bila hasil penelitian dan pemeriksaan Pengawas TPS "
    "membuktikan keadaan ini:"
)


def _with(lead: Promise, detail: Promise) -> tuple[Promise, ...]:
    return (lead, detail)


_BOX = _("kotak suara atau berkas dibuka tidak menurut tata cara.")
_MARK = _("petugas KPPS meminta pemilih menandai, menandatangani atau menulis nama/alamat.")
_DAMAGED = _("petugas KPPS merusak lebih dari satu surat suara yang sudah digunakan.")
_UNREG_PILKADA = _(
    "lebih dari seorang yang tidak terdaftar sebagai pemilih memberikan suara (orang tanpa "
    "KTP-el dan orang dengan KTP-el dari luar wilayah TPS dijumlahkan)."
)

_PILKADA_RECOUNT = _(
    "penghitungan ulang surat suara di TPS dilakukan seketika itu juga dalam keadaan ini."
)
_PEMILU_RECOUNT = _("penghitungan suara di TPS dapat diulang dalam keadaan ini.")

_PILKADA_UNREGISTERED = ("UNREGISTERED_VOTED", "NO_KTP_UNREGISTERED_VOTED")

RULES: dict[str, dict[str, Rule]] = {
    "pilkada": {
        "UNREST_RESULT_UNUSABLE": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (1)", _MAY_112_1, discretionary=True
        ),
        "BOX_OPENED_IMPROPERLY": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (2) huruf a",
            _with(_PILKADA_112_2, _BOX),
            discretionary=True,
        ),
        "VOTER_ASKED_TO_MARK": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (2) huruf b",
            _with(_PILKADA_112_2, _MARK),
            discretionary=True,
        ),
        "KPPS_DAMAGED_USED_BALLOTS": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (2) huruf c",
            _with(_PILKADA_112_2, _DAMAGED),
            minimum=2,
            discretionary=True,
        ),
        "VOTED_MORE_THAN_ONCE": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (2) huruf d",
            _with(
                _PILKADA_112_2,
                _("lebih dari seorang pemilih menggunakan hak pilih lebih dari satu kali."),
            ),
            minimum=2,
            discretionary=True,
        ),
        "UNREGISTERED_VOTED": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (2) huruf e",
            _with(_PILKADA_112_2, _UNREG_PILKADA),
            minimum=2,
            discretionary=True,
            pool=_PILKADA_UNREGISTERED,
        ),
        "NO_KTP_UNREGISTERED_VOTED": Rule(
            f"{PILKADA_UU} Pasal 112 ayat (2) huruf e",
            _with(_PILKADA_112_2, _UNREG_PILKADA),
            minimum=2,
            discretionary=True,
            pool=_PILKADA_UNREGISTERED,
        ),
        "COUNT_UNREST": Rule(
            "",
            _(
                "Bukan alasan penghitungan suara ulang dalam Pilkada: UU 1/2015 Pasal 113 "
                "ayat (2) tidak menyebut kerusuhan. Bila gangguan keamanan membuat hasil "
                "pemungutan suara tidak dapat digunakan atau penghitungan tidak dapat "
                "dilakukan, catat kejadian itu (UNREST_RESULT_UNUSABLE): pemungutan suara "
                "ulang dapat dilakukan menurut UU 1/2015 jo. UU 10/2016 Pasal 112 ayat (1)."
            ),
            is_ground=False,
        ),
        "COUNT_CLOSED": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf a",
            _with(_PILKADA_RECOUNT, _("Penghitungan dilakukan secara tertutup.")),
        ),
        "COUNT_POOR_LIGHT": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf b",
            _with(_PILKADA_RECOUNT, _("Tempat penghitungan kurang terang.")),
        ),
        "COUNT_UNCLEAR_VOICE": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf c",
            _with(_PILKADA_RECOUNT, _("Suara pembacaan kurang jelas.")),
        ),
        "COUNT_ILLEGIBLE": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf d",
            _with(_PILKADA_RECOUNT, _("Tulisan pencatatan kurang jelas.")),
        ),
        "COUNT_NOT_OBSERVABLE": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf e",
            _with(
                _PILKADA_RECOUNT,
                _("Saksi calon, pengawas dan masyarakat tidak dapat menyaksikan dengan jelas."),
            ),
        ),
        "COUNT_WRONG_PLACE_OR_TIME": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf f",
            _with(_PILKADA_RECOUNT, _("Penghitungan di tempat atau waktu lain.")),
        ),
        "COUNT_INCONSISTENT_VALIDITY": Rule(
            f"{PILKADA_UU_RECOUNT} Pasal 113 ayat (2) huruf g",
            _with(_PILKADA_RECOUNT, _("Penentuan surat suara sah dan tidak sah tidak konsisten.")),
        ),
    },
    "pemilu": {
        "UNREST_RESULT_UNUSABLE": Rule(
            f"{PEMILU_UU} Pasal 372 ayat (1)",
            _(
                "pemungutan suara di TPS dapat diulang bila bencana alam dan/atau kerusuhan "
                "membuat hasil pemungutan suara tidak dapat digunakan atau penghitungan suara "
                "tidak dapat dilakukan."
            ),
            discretionary=True,
        ),
        "BOX_OPENED_IMPROPERLY": Rule(
            f"{PEMILU_UU} Pasal 372 ayat (2) huruf a", _with(_PEMILU_372_2, _BOX)
        ),
        "VOTER_ASKED_TO_MARK": Rule(
            f"{PEMILU_UU} Pasal 372 ayat (2) huruf b", _with(_PEMILU_372_2, _MARK)
        ),
        "KPPS_DAMAGED_USED_BALLOTS": Rule(
            f"{PEMILU_UU} Pasal 372 ayat (2) huruf c", _with(_PEMILU_372_2, _DAMAGED), minimum=2
        ),
        "VOTED_MORE_THAN_ONCE": Rule(
            "",
            _(
                "Bukan alasan pemungutan suara ulang dalam Pemilu: UU 7/2017 Pasal 372 ayat (2) "
                "tidak menyebut pemilih yang memilih lebih dari satu kali. Laporkan sebagai "
                "dugaan pelanggaran."
            ),
            is_ground=False,
        ),
        "UNREGISTERED_VOTED": Rule(
            "",
            _(
                "Bukan alasan pemungutan suara ulang menurut bunyi UU 7/2017 Pasal 372 ayat (2) "
                "huruf d, yang hanya menyebut pemilih yang tidak memiliki KTP-el dan tidak "
                "terdaftar di DPT dan DPTb. Pemilih ber-KTP-el dari luar wilayah TPS: laporkan "
                "sebagai dugaan pelanggaran; bila ia tidak membawa KTP-el, catat sebagai "
                "NO_KTP_UNREGISTERED_VOTED."
            ),
            is_ground=False,
        ),
        "NO_KTP_UNREGISTERED_VOTED": Rule(
            f"{PEMILU_UU} Pasal 372 ayat (2) huruf d",
            _with(
                _PEMILU_372_2,
                _(
                    "pemilih yang tidak memiliki KTP-el dan tidak terdaftar di DPT dan DPTb "
                    "memberikan suara (seorang pun cukup)."
                ),
            ),
        ),
        "COUNT_UNREST": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf a",
            _with(_PEMILU_RECOUNT, _("Kerusuhan membuat penghitungan tidak dapat dilanjutkan.")),
            discretionary=True,
        ),
        "COUNT_CLOSED": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf b",
            _with(_PEMILU_RECOUNT, _("Penghitungan dilakukan secara tertutup.")),
            discretionary=True,
        ),
        "COUNT_POOR_LIGHT": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf c",
            _with(_PEMILU_RECOUNT, _("Tempat penghitungan kurang terang.")),
            discretionary=True,
        ),
        "COUNT_UNCLEAR_VOICE": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf d",
            _with(_PEMILU_RECOUNT, _("Suara pembacaan kurang jelas.")),
            discretionary=True,
        ),
        "COUNT_ILLEGIBLE": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf e",
            _with(_PEMILU_RECOUNT, _("Tulisan pencatatan kurang jelas.")),
            discretionary=True,
        ),
        "COUNT_NOT_OBSERVABLE": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf f",
            _with(
                _PEMILU_RECOUNT,
                _("Saksi, Pengawas TPS dan warga tidak dapat menyaksikan dengan jelas."),
            ),
            discretionary=True,
        ),
        "COUNT_WRONG_PLACE_OR_TIME": Rule(
            f"{PEMILU_UU} Pasal 374 ayat (2) huruf g",
            _with(_PEMILU_RECOUNT, _("Penghitungan di tempat dan waktu lain.")),
            discretionary=True,
        ),
        "COUNT_INCONSISTENT_VALIDITY": Rule(
            "",
            _(
                "Bukan alasan penghitungan suara ulang dalam Pemilu: UU 7/2017 Pasal 374 "
                "ayat (2) tidak menyebut ketidakkonsistenan penentuan sah/tidak sah. Huruf h "
                "menyebut ketidaksesuaian jumlah surat suara sah dan tidak sah dengan jumlah "
                "pemilih yang menggunakan hak pilih; periksa angka C.Hasil."
            ),
            is_ground=False,
        ),
    },
}


class IncidentError(ValueError):
    """An incident list that cannot be judged; the message is for the user (Indonesian)."""


def incident_clean(item: Any, index: int) -> tuple[str, int | None]:
    if not isinstance(item, dict):
        raise IncidentError(
            str(_('Kejadian ke-%(n)d harus berupa objek {"code", "count"}.')) % {"n": index}
        )
    code = item.get("code")
    if code not in TYPES:
        raise IncidentError(
            str(_("Kode kejadian tidak dikenal: %(code)s. Kode yang dikenal: %(codes)s."))
            % {"code": code, "codes": ", ".join(CODES)}
        )
    count = item.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise IncidentError(
            str(_("Jumlah untuk %(code)s harus bilangan bulat 1 atau lebih, bukan %(count)s."))
            % {"code": code, "count": count}
        )
    incident_type = TYPES[code]
    if incident_type.counted and count is None:
        raise IncidentError(
            str(_("Kejadian %(code)s perlu jumlah (%(what)s)."))
            % {"code": code, "what": incident_type.count_label}
        )
    return code, count if incident_type.counted else None


def incidents_normalise(incidents: Any) -> dict[str, int | None]:
    """Recorded incidents → {code: total count (None when not counted)}, validated."""
    if not isinstance(incidents, list):
        raise IncidentError(str(_("Daftar kejadian harus berupa list.")))
    totals: dict[str, int | None] = {}
    for index, item in enumerate(incidents, start=1):
        code, count = incident_clean(item, index)
        if code in totals and count is not None:
            totals[code] = (totals[code] or 0) + count
        else:
            totals.setdefault(code, count)
    return totals


def kind_check(election_kind: Any) -> str:
    if election_kind not in KINDS:
        raise IncidentError(
            str(_("Jenis pemilihan tidak dikenal: %(kind)s (pilih pilkada atau pemilu)."))
            % {"kind": election_kind}
        )
    return str(election_kind)


def ulang_check(*, election_kind: str, incidents: list[dict[str, Any]]) -> dict[str, Any]:
    """{"recount": {"grounded", "grounds": [...]}, "revote": {...}} for one TPS's incidents.

    Raises IncidentError (message in Indonesian) for an unknown kind or code or a bad count.
    """
    rules = RULES[kind_check(election_kind)]
    totals = incidents_normalise(incidents)
    answer: dict[str, Any] = {
        RECOUNT: {"grounded": False, "grounds": []},
        REVOTE: {"grounded": False, "grounds": []},
    }
    for code in CODES:  # the law's order, not the order of recording
        if code not in totals:
            continue
        rule = rules[code]
        count = totals[code]
        judged = sum(totals.get(c) or 0 for c in rule.pool) if rule.pool else count
        grounded = rule.is_ground and (judged is None or judged >= rule.minimum)
        section = answer[TYPES[code].section]
        section["grounds"].append(
            {
                "code": code,
                "basis": rule.basis(count=judged, grounded=grounded),
                "grounded": grounded,
                "discretionary": rule.discretionary if rule.is_ground else False,
                "count": count,
            }
        )
        section["grounded"] = section["grounded"] or grounded
    return answer
