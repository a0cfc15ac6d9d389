"""Archive search with 100,000 records: latency percentiles of record_search.

Data: 100,000 synthetic records all over Kabupaten Blitar (every desa; 30 % filed for a TPS),
made with a fixed seed: a title, a one-sentence description, metadata (function, stage, date
in 2020, classification, access level 85/10/5 % biasa/terbatas/rahasia, one or two of 20
tags, a number on a third of them) and one file each whose text is a paragraph of 40-90
Indonesian-like words drawn from a vocabulary of about 600 words with a Zipf-like skew
(common words match tens of thousands of records, rare ones a handful). Written with
bulk_create and indexed in bulk (search_index_update_many).

Queries: a mix of 30 (common and rare words, two and three words, a word being typed, a
number, place names, a word that matches nothing; 12 of them with filters: function, date
range, region, classification, tag), each as a komisioner of Bawaslu Kabupaten Blitar (the
whole kabupaten, every level) and as a PTPS (one TPS), 3 rounds: 180 searches. Each search is
the whole record_search as the page calls it: the ranked page of 25 (26 rows, no count), the
highlights of that page and its OCR badges.

Baseline in the same run: the same queries and filters the obvious way, every word
`icontains` over title, description or a file's text (AND over the words), newest first, the
same rules (records_visible) and the same page.

    .venv/bin/python bench/archive_search.py [--db sqlite|postgres] [--records 100000]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time

from common import OUT, ROOT, fresh_installation, machine

ROUNDS = 3
SEED = 7

SYLLABLES = (
    "ba be bi bu da di du ga gi gu ja ji ju ka ke ki ku la li lu ma me mi mu na ni nu pa pe pi "
    "pu ra ri ru sa se si su ta te ti tu wa wi ya yu ng ny"
).split()
WORDS = (
    "pengawasan kampanye pemilihan bupati wakil desa kecamatan tps pemungutan suara rekapitulasi "
    "laporan temuan pelanggaran administrasi netralitas aparatur sipil negara kepala perangkat "
    "politik uang alat peraga daftar pemilih tetap logistik surat pemberitahuan imbauan "
    "klarifikasi saksi terlapor pelapor barang bukti berita acara rapat pleno penetapan calon "
    "tahapan sengketa keberatan rekomendasi penanganan koordinasi sosialisasi partisipatif "
    "masyarakat relawan pengawas panwascam bawaslu kabupaten blitar jawa timur hari tanggal "
    "pukul tempat lokasi dusun balai gedung lapangan pasar sekolah masjid jalan raya"
).split()
STAGES = [
    "Pemutakhiran data pemilih", "Pencalonan", "Kampanye", "Masa tenang",
    "Pemungutan dan penghitungan suara", "Rekapitulasi", "Penetapan",
]  # fmt: skip
TAGS = [
    "apk", "asn", "politik-uang", "netralitas", "dpt", "logistik", "kampanye-hitam", "covid",
    "protokol-kesehatan", "kotak-suara", "c-hasil", "saksi", "relawan", "media-sosial",
    "baliho", "kades", "perangkat-desa", "tni-polri", "disabilitas", "pemilih-pemula",
]  # fmt: skip
FUNCTIONS = ["pengawasan", "pengawasan", "pencegahan", "penindakan", "umum"]
TITLES = [
    "Laporan hasil pengawasan {stage} di Desa {desa}",
    "Surat imbauan {word} kepada {word2}",
    "Temuan dugaan pelanggaran {word} di {desa}",
    "Berita acara {word} Kecamatan {kec}",
    "Form A pengawasan {word} TPS {tps}",
]
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("kampanye", {}),
    ("politik uang", {}),
    ("netralitas aparatur", {}),
    ("pengawasan", {}),
    ("laporan hasil pengawasan", {}),
    ("rekap", {}),  # being typed
    ("pleno", {}),
    ("jaten", {}),
    ("wonodadi", {}),
    ("saksi terlapor", {}),
    ("baliho", {}),
    ("PM.01.03", {}),
    ("xyzzyqq", {}),  # nothing
    ("BABIDU", {}),  # a rare generated word
    ("suara tps", {}),
    ("logistik", {}),
    ("Pemilihan bupati", {}),
    ("imbauan kepala desa", {}),
    ("kampanye", {"function": "pencegahan"}),
    ("politik uang", {"date_from": datetime.date(2020, 11, 1), "date_to": datetime.date(2020, 12, 31)}),
    ("pengawasan", {"region_code": "35.05.10"}),
    ("temuan", {"classification": "PP"}),
    ("apk", {"tag": "apk"}),
    ("suara", {"stage": "Kampanye"}),
    ("desa", {"function": "pengawasan", "region_code": "35.05.01"}),
    ("", {}),  # the page as it opens: newest first
    ("", {"function": "penindakan"}),
    ("", {"tag": "politik-uang"}),
    ("", {"region_code": "35.05.01.2001", "date_from": datetime.date(2020, 10, 1)}),
    ("rapat", {"tag": "saksi", "function": "umum"}),
]  # fmt: skip


def _rare_words(rng: random.Random, count: int) -> list[str]:
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def load(records: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from pengawas.archive.models import Classification, Record, StoredFile, Tag
    from pengawas.archive.services_search import search_index_update_many
    from pengawas.elections.models import Election, Tps
    from pengawas.regions.models import Region

    rng = random.Random(SEED)
    vocabulary = WORDS + _rare_words(rng, 540)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))]
    election = Election.objects.get()
    desas = list(Region.objects.filter(level__in=("desa", "kelurahan")).select_related("parent"))
    tps_rows = Tps.objects.bulk_create(
        [Tps(election=election, village=desa, number=n) for desa in desas for n in range(1, 6)]
    )
    tps_by_desa: dict[str, list[Tps]] = {}
    for tps_row in tps_rows:
        tps_by_desa.setdefault(tps_row.village_id, []).append(tps_row)
    classifications = list(Classification.objects.values_list("code", flat=True)) or ["PM"]
    for code in ("PM.01.03", "PP.01.00"):
        Classification.objects.get_or_create(code=code, defaults={"name": code})
        classifications.append(code)
    tags = Tag.objects.bulk_create([Tag(name=name) for name in TAGS])
    author = User.objects.create_user("bench-penulis")
    started = time.perf_counter()
    batch = 5000
    for start in range(0, records, batch):
        rows = []
        texts = []
        for n in range(start, min(records, start + batch)):
            desa = rng.choice(desas)
            tps = rng.choice(tps_by_desa[desa.code]) if rng.random() < 0.3 else None
            word, word2 = rng.choices(vocabulary[:120], k=2)
            stage = rng.choice(STAGES)
            title = rng.choice(TITLES).format(
                stage=stage.lower(),
                desa=desa.name,
                word=word,
                word2=word2,
                kec=desa.parent.name if desa.parent else "",
                tps=f"{(tps.number if tps else 1):03d}",
            )
            classification = rng.choice(classifications)
            number = (
                f"{n + 1}/LHP/{classification}/16.12/{rng.choice('I II III IV V VI VII VIII IX X XI XII'.split())}/2020"
                if n % 3 == 0
                else None
            )
            level = rng.choices(["biasa", "terbatas", "rahasia"], weights=[85, 10, 5])[0]
            rows.append(
                Record(
                    function=rng.choice(FUNCTIONS),
                    title=title[:300],
                    description=" ".join(rng.choices(vocabulary, weights, k=12)).capitalize() + ".",
                    election=election,
                    stage=stage,
                    region=desa,
                    tps=tps,
                    date=datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(366)),
                    author=author,
                    number=number,
                    classification_id=classification,
                    access_level=level,
                )
            )
            texts.append(
                " ".join(rng.choices(vocabulary, weights, k=rng.randint(40, 90))).capitalize() + "."
            )
        with transaction.atomic():
            made = Record.objects.bulk_create(rows)
            Record.tags.through.objects.bulk_create(
                [
                    Record.tags.through(record_id=record.pk, tag_id=tag.pk)
                    for record in made
                    for tag in rng.sample(tags, rng.randint(1, 2))
                ]
            )
            StoredFile.objects.bulk_create(
                [
                    StoredFile(
                        record=record,
                        original_name="berkas.pdf",
                        content_type="application/pdf",
                        size=len(text),
                        sha256="0" * 64,
                        storage_name=f"bench-{record.pk}",
                        wrapped_key=b"-",
                        key_id="bench",
                        created_by=author,
                        text=text,
                        text_status="extracted",
                    )
                    for record, text in zip(made, texts, strict=True)
                ]
            )
    print(f"  {records:,} records, tags and files written in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    ids = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        with transaction.atomic():
            search_index_update_many(records=[Record(pk=pk) for pk in ids[start : start + 5000]])
    print(f"  indexed in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO archive_search(archive_search) VALUES ('optimize')")


def percentiles(times: list[float]) -> tuple[float, float, float]:
    times = sorted(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times) * 1000, p95 * 1000, times[-1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--records", type=int, default=100_000)
    options = parser.parse_args()
    env = fresh_installation(options.db, OUT / f"archive-search-{options.db}")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pengawas.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.db.models import Exists, OuterRef, Q

    from pengawas.accounts.roles import Role
    from pengawas.accounts.selectors import user_jurisdiction
    from pengawas.accounts.services import assignment_create
    from pengawas.archive import rules
    from pengawas.archive.models import Record, StoredFile
    from pengawas.archive.services_search import record_search, search_explain
    from pengawas.elections.models import Tps
    from pengawas.regions.models import Region

    print(f"{options.db}: {machine()}")
    load(options.records)
    komisioner = User.objects.create_user("bench-komisioner")
    assignment_create(
        user=komisioner,
        role=Role.KOMISIONER,
        region=Region.objects.get(code="35.05"),
        starts=datetime.date(2020, 1, 1),
    )
    ptps = User.objects.create_user("bench-ptps")
    assignment_create(
        user=ptps,
        role=Role.PTPS,
        tps=Tps.objects.get(village_id="35.05.01.2001", number=1),
        starts=datetime.date(2020, 1, 1),
    )
    users = {"komisioner": komisioner, "ptps": ptps}

    def baseline(user: User, query: str, filters: dict[str, object]) -> int:
        records = rules.records_visible(user_jurisdiction(user=user), user.pk, Record.objects.all())  # type: ignore[arg-type]
        if filters.get("function"):
            records = records.filter(function=filters["function"])
        if filters.get("stage"):
            records = records.filter(stage=filters["stage"])
        if filters.get("region_code"):
            code = str(filters["region_code"])
            records = records.filter(Q(region_id=code) | Q(region__code__startswith=code + "."))
        if filters.get("date_from"):
            records = records.filter(date__gte=filters["date_from"])
        if filters.get("date_to"):
            records = records.filter(date__lte=filters["date_to"])
        if filters.get("classification"):
            code = str(filters["classification"])
            records = records.filter(
                Q(classification_id=code) | Q(classification__code__startswith=code + ".")
            )
        if filters.get("tag"):
            records = records.filter(tags__name=filters["tag"])
        for word in query.split():
            text = StoredFile.objects.filter(record=OuterRef("pk"), text__icontains=word)
            records = records.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Exists(text)
            )
        page = list(records.select_related("region").order_by("-date", "-pk")[:26])
        return len(page)

    def ours(user: User, query: str, filters: dict[str, object]) -> int:
        return len(record_search(user=user, query=query, **filters).hits)  # type: ignore[arg-type]

    results: dict[str, list[float]] = {"baseline": [], "pengawas": []}
    slowest: list[tuple[float, str, str]] = []
    for _ in range(ROUNDS):
        for name, function in (("baseline", baseline), ("pengawas", ours)):
            for who, user in users.items():
                for query, filters in QUERIES:
                    started = time.perf_counter()
                    function(user, query, filters)
                    elapsed = time.perf_counter() - started
                    results[name].append(elapsed)
                    if name == "pengawas":
                        slowest.append((elapsed, who, f"{query!r} {filters}"))
    for name, times in results.items():
        p50, p95, top = percentiles(times)
        print(f"  {name:9} n={len(times)} p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {top:.1f} ms")
    print("  slowest Pengawas searches:")
    for elapsed, who, what in sorted(slowest, reverse=True)[:5]:
        print(f"    {elapsed * 1000:.1f} ms  {who}  {what}")
    for who, user in users.items():
        print(f"  plan ({connection.vendor}, {who}, 'politik uang'):")
        print("    " + search_explain(user=user, query="politik uang").replace("\n", "\n    "))


if __name__ == "__main__":
    main()
