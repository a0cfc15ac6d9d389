"""The example Pilkada 2020 ballots (surat suara sah / tidak sah) and their verdicts.

Each example is a `Ballot`: what the sheet shows (holes, signature, writing, a tear, a punch
through the fold), the verdict it declares, why, and the articles behind it. `BALLOTS` is the
catalogue content pages name by id (`ballot_get`); `ballot_judge` reads the verdict off those
same parameters by the rules of the Pilkada law (UU Pemilihan Pasal 94 and 96), and the tests
hold every example's declared verdict to it. The law's side lives here, apart from the picture,
so the rules can be read and checked without any drawing code.

The ballot is a made-up bupati ballot with two candidate pairs ("Paslon 1", "Paslon 2"), never
real candidates. Coordinates are ballot units, y pointing down; the sheet is folded once,
horizontally, at `FOLD_Y`: the heading half and the half with the candidate boxes.
`pengawas.guide.ballot_drawing` turns a `Ballot` into a picture.
"""

import math
from dataclasses import dataclass

Point = tuple[float, float]

# The sheet, its fold and the two candidate-pair boxes (x, y, width, height).
SHEET = (6.0, 36.0, 308.0, 228.0)
FOLD_Y = 150.0
BOXES = ((18.0, 158.0, 134.0, 100.0), (168.0, 158.0, 134.0, 100.0))
SIGNATURE_BOX = (240.0, 42.0, 68.0, 48.0)
# A hole whose centre is this close to a box counts as a punch on that box's border line.
BORDER_TOLERANCE = 4.0
# Two holes this close to mirror images across the fold are one punch through the folded sheet.
MIRROR_TOLERANCE = 2.0


def _spot(paslon: int, part: str) -> Point:
    """Where a punch on `part` ("foto", "nomor", "nama") of candidate pair `paslon` lands."""
    x, y, _, _ = BOXES[paslon - 1]
    return {
        "foto": (x + 58, y + 52),
        "nomor": (x + 70, y + 13),
        "nama": (x + 54, y + 87),
    }[part]


def mirror(point: Point) -> Point:
    """The point that lands on `point` when the sheet is folded at FOLD_Y."""
    return (point[0], 2 * FOLD_Y - point[1])


@dataclass(frozen=True)
class Ballot:
    """One example ballot: the verdict, why, and what the drawing shows.

    `punches` are all the holes in the sheet. With `fold_through` the drawing shows the fold
    and links the first punch in a candidate box to its mirror point; whether the second hole is
    symmetric is read off the holes' positions, never declared.
    """

    id: str
    sah: bool
    title: str
    explanation: str
    basis: tuple[str, ...]
    punches: tuple[Point, ...] = ()
    signed: bool = True
    marks: bool = False
    torn: bool = False
    fold_through: bool = False
    focus: tuple[float, float, float, float] | None = None


_PASAL_94_A = "UU 8/2015 Pasal 94 huruf a"
_PASAL_94_B = "UU 8/2015 Pasal 94 huruf b"
_TEMBUS = (BOXES[0][0] + 40, BOXES[0][1] + 56)

BALLOTS: tuple[Ballot, ...] = (
    Ballot(
        id="sah-coblos-foto",
        sah=True,
        title="Dicoblos pada foto pasangan calon",
        explanation=(
            "Satu lubang coblos tepat pada foto Paslon 1, dan surat suara sudah ditandatangani "
            "Ketua KPPS. Suara sah untuk Paslon 1."
        ),
        basis=(_PASAL_94_A, _PASAL_94_B),
        punches=(_spot(1, "foto"),),
    ),
    Ballot(
        id="sah-coblos-nomor",
        sah=True,
        title="Dicoblos pada nomor urut",
        explanation=(
            "Coblosan pada nomor urut sama sahnya dengan coblosan pada foto atau nama. "
            "Suara sah untuk Paslon 2."
        ),
        basis=(_PASAL_94_A, _PASAL_94_B),
        punches=(_spot(2, "nomor"),),
    ),
    Ballot(
        id="sah-coblos-nama",
        sah=True,
        title="Dicoblos pada nama pasangan calon",
        explanation=(
            "Lubang coblos mengenai nama Paslon 1; nama termasuk bagian yang boleh dicoblos. "
            "Suara sah untuk Paslon 1."
        ),
        basis=(_PASAL_94_A, _PASAL_94_B),
        punches=(_spot(1, "nama"),),
    ),
    Ballot(
        id="sah-coblos-berulang-satu-kotak",
        sah=True,
        title="Beberapa coblosan dalam satu kotak",
        explanation=(
            "Ada tiga lubang, tetapi semuanya di dalam kotak Paslon 2, jadi pilihannya tetap "
            "jelas. Dihitung satu suara sah untuk Paslon 2."
        ),
        basis=(_PASAL_94_A, _PASAL_94_B),
        punches=(
            (BOXES[1][0] + 45, BOXES[1][1] + 46),
            (BOXES[1][0] + 92, BOXES[1][1] + 64),
            (BOXES[1][0] + 24, BOXES[1][1] + 88),
        ),
    ),
    Ballot(
        id="sah-coblos-garis-kotak",
        sah=True,
        title="Dicoblos tepat pada garis kotak",
        explanation=(
            "Lubang coblos mengenai garis tepi kotak Paslon 1 dan tidak menyentuh kotak lain. "
            "Suara tetap sah untuk Paslon 1."
        ),
        basis=(_PASAL_94_A, _PASAL_94_B),
        punches=((BOXES[0][0], BOXES[0][1] + 48),),
    ),
    Ballot(
        id="sah-coblos-tembus-simetris",
        sah=True,
        title="Coblos tembus yang simetris",
        explanation=(
            "Pemilih mencoblos saat surat suara masih terlipat, sehingga muncul lubang kedua "
            "tepat di titik cerminnya pada garis lipatan. Kedua lubang berasal dari satu "
            "coblosan, jadi suara sah untuk Paslon 1."
        ),
        basis=(_PASAL_94_A, _PASAL_94_B),
        punches=(_TEMBUS, mirror(_TEMBUS)),
        fold_through=True,
    ),
    Ballot(
        id="tidak-sah-dua-paslon",
        sah=False,
        title="Dicoblos pada dua pasangan calon",
        explanation=(
            "Ada coblosan di kotak Paslon 1 dan di kotak Paslon 2, sehingga pilihan pemilih "
            "tidak dapat ditentukan. Surat suara tidak sah."
        ),
        basis=(_PASAL_94_B,),
        punches=(_spot(1, "foto"), _spot(2, "foto")),
    ),
    Ballot(
        id="tidak-sah-luar-kotak",
        sah=False,
        title="Dicoblos di luar kotak pasangan calon",
        explanation=(
            "Satu-satunya lubang berada di luar kotak pasangan calon, tidak mengenai nomor "
            "urut, foto, atau nama. Surat suara tidak sah."
        ),
        basis=(_PASAL_94_B,),
        punches=((286.0, 124.0),),
    ),
    Ballot(
        id="tidak-sah-tanpa-tanda-tangan",
        sah=False,
        title="Tidak ditandatangani Ketua KPPS",
        explanation=(
            "Coblosannya benar, tetapi kolom tanda tangan Ketua KPPS kosong. Surat suara tanpa "
            "tanda tangan Ketua KPPS tidak sah."
        ),
        basis=(_PASAL_94_A,),
        punches=(_spot(2, "foto"),),
        signed=False,
        focus=(
            SIGNATURE_BOX[0] - 4,
            SIGNATURE_BOX[1] - 4,
            SIGNATURE_BOX[2] + 8,
            SIGNATURE_BOX[3] + 8,
        ),
    ),
    Ballot(
        id="tidak-sah-coretan",
        sah=False,
        title="Ada tulisan atau coretan",
        explanation=(
            "Selain mencoblos, pemilih menulis dan mencoret-coret surat suara. Tulisan atau "
            "catatan apa pun membuat surat suara tidak sah."
        ),
        basis=("UU 1/2015 Pasal 96 ayat (1)", "UU 1/2015 Pasal 96 ayat (2)"),
        punches=(_spot(1, "foto"),),
        marks=True,
    ),
    Ballot(
        id="tidak-sah-rusak",
        sah=False,
        title="Surat suara robek atau rusak",
        explanation=(
            "Surat suara ini robek sehingga tidak utuh lagi; walaupun coblosannya benar, "
            "suaranya tidak sah. Pemilih yang menerima surat suara rusak dapat meminta gantinya "
            "kepada KPPS, satu kali saja."
        ),
        basis=("UU 1/2015 Pasal 92 ayat (3)", "UU 1/2015 Pasal 92 ayat (4)"),
        punches=(_spot(1, "foto"),),
        torn=True,
    ),
    Ballot(
        id="tidak-sah-tembus-tidak-simetris",
        sah=False,
        title="Coblos tembus yang tidak simetris",
        explanation=(
            "Lubang kedua tidak berada di titik cermin lubang pertama pada garis lipatan, jadi "
            "itu coblosan lain di luar kotak pasangan calon. Surat suara tidak sah."
        ),
        basis=(_PASAL_94_B,),
        punches=(_TEMBUS, (mirror(_TEMBUS)[0] + 42, mirror(_TEMBUS)[1])),
        fold_through=True,
    ),
    Ballot(
        id="tidak-sah-tidak-dicoblos",
        sah=False,
        title="Tidak dicoblos sama sekali",
        explanation=(
            "Surat suara sudah ditandatangani Ketua KPPS, tetapi tidak ada satu pun tanda "
            "coblos. Surat suara tidak sah."
        ),
        basis=(_PASAL_94_B,),
    ),
)

_BY_ID = {ballot.id: ballot for ballot in BALLOTS}


def ballot_get(*, ballot_id: str) -> Ballot:
    try:
        return _BY_ID[ballot_id]
    except KeyError:
        raise KeyError(
            f"no ballot drawing '{ballot_id}'; known: {', '.join(sorted(_BY_ID))}"
        ) from None


# --- the verdict, read off the drawing ---------------------------------------------------


def box_at(point: Point) -> int | None:
    """The candidate pair (1, 2) whose box holds `point`, its border line included."""
    x, y = point
    for number, (bx, by, bw, bh) in enumerate(BOXES, start=1):
        if (
            bx - BORDER_TOLERANCE <= x <= bx + bw + BORDER_TOLERANCE
            and by - BORDER_TOLERANCE <= y <= by + bh + BORDER_TOLERANCE
        ):
            return number
    return None


def is_mirror(a: Point, b: Point) -> bool:
    """Whether `b` is where `a` lands when the sheet is folded: one punch, two holes."""
    m = mirror(a)
    return math.dist(m, b) <= MIRROR_TOLERANCE


def ballot_punches(*, ballot: Ballot) -> tuple[Point, ...]:
    """The voter's punches: holes, less the mirror holes a punch through the fold made."""
    lower = [p for p in ballot.punches if p[1] >= FOLD_Y]
    upper = [p for p in ballot.punches if p[1] < FOLD_Y]
    kept_upper = [u for u in upper if not any(is_mirror(p, u) for p in lower)]
    return tuple(lower + kept_upper)


def ballot_judge(*, ballot: Ballot) -> bool:
    """Sah or not, by the law's rules, from what the drawing shows."""
    if not ballot.signed:  # Pasal 94 huruf a
        return False
    if ballot.marks:  # Pasal 96 ayat (2)
        return False
    if ballot.torn:  # a damaged ballot is not counted
        return False
    punches = ballot_punches(ballot=ballot)
    if not punches:  # Pasal 94 huruf b: a mark is required
        return False
    boxes = {box_at(p) for p in punches}
    # One candidate pair, every punch on its box (several punches in one box are one choice).
    return None not in boxes and len(boxes) == 1
