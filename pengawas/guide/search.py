"""Search in the Panduan: forgiving of case, accents, affixes, SMS spelling and typos.

A PTPS types on a phone, in a hurry: "jam brp dptb", "suhu 38 blh nyoblos?". The rules:

1. `words`: lower case, accents dropped, "37,3" read as one number, SMS abbreviations expanded,
   question words and other empty words dropped.
2. `stems`: each word stands for itself and for the roots its Indonesian affixes may hide
   (mencoblos, dicoblos, pencoblosan → coblos; memilih, pemilih → pilih). Without a dictionary
   the root is ambiguous, so every plausible root is kept; the query takes its best match.
3. Pages score by BM25 over weighted fields (title, tags, summary, headings, text). A query word
   that matches nothing exactly may match a term one or two edits away (typos) or, as the last
   word typed, a longer term it begins.
4. The result links to the part of the page (a `##` section, a checklist, a decision node)
   where the query's words weigh most, with a snippet from it.

The index is a plain dict, so that the very same index is served to the phone
(static/pengawas/guide-search.js runs these rules offline); the browser test compares the two.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, TypedDict

FIELD_WEIGHTS = {"title": 4.0, "tags": 3.0, "summary": 2.0, "headings": 2.0, "text": 1.0}
K1 = 1.2
B = 0.75
TYPO_WEIGHT = 0.6
PREFIX_WEIGHT = 0.5
SNIPPET_LENGTH = 180
# Stored indexes carry it; raise it whenever a rule below changes, and they are rebuilt.
INDEX_VERSION = 2

ABBREVIATIONS = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "tdk": "tidak", "tak": "tidak",
    "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "enggak": "tidak",
    "blh": "boleh", "bole": "boleh", "brp": "berapa", "gmn": "bagaimana", "gimana": "bagaimana",
    "utk": "untuk", "untk": "untuk", "krn": "karena", "karna": "karena", "sdh": "sudah",
    "udh": "sudah", "udah": "sudah", "blm": "belum", "jg": "juga", "dr": "dari", "pd": "pada",
    "sy": "saya", "kpd": "kepada", "hrs": "harus", "org": "orang", "bgmn": "bagaimana",
    "kalo": "kalau", "klo": "kalau", "jd": "jadi", "sm": "sama", "lg": "lagi", "tp": "tapi",
    "ktpel": "ktp", "ektp": "ktp", "nyoblos": "coblos", "nyoblosnya": "coblos",
}  # fmt: skip
STOPWORDS = frozenset(
    """yang dan di ke dari itu ini apa apakah bagaimana berapa kalau jika saya aku kami kita
    ada untuk dengan pada atau juga sudah akan bisa boleh harus mana siapa kapan dong sih ya
    kah nya tapi jadi sama lagi oleh bila agar karena maka the""".split()
)
_DIACRITICS = re.compile("[\u0300-\u036f]")
_DECIMAL = re.compile(r"(\d)[.,](\d)")
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")


def fold(text: str) -> str:
    """Lower case without accents; the same steps as the browser's fold()."""
    import unicodedata

    return _DIACRITICS.sub("", unicodedata.normalize("NFKD", text.lower()))


def words(text: str) -> list[str]:
    found = []
    for word in _WORD.findall(_DECIMAL.sub(r"\1\2", fold(text))):
        word = ABBREVIATIONS.get(word, word)
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
            found.append(word)
    return found


_VOWELS = "aiueo"


def _strip_prefix(word: str) -> set[str]:
    """Roots one prefix may hide, following the nasal changes of me-/pe- (and spoken ny-)."""
    found: set[str] = set()
    for prefix in ("di", "ke", "se", "ber", "ter", "per", "be"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            found.add(word[len(prefix) :])
    for head in ("me", "pe"):
        if not word.startswith(head):
            continue
        rest = word[2:]
        if rest.startswith("ng"):
            tail = rest[2:]
            found |= {tail, "k" + tail} if tail[:1] in _VOWELS else {tail}
        elif rest.startswith("ny") and rest[2:3] in _VOWELS:
            found.add("s" + rest[2:])
        elif rest.startswith("m"):
            tail = rest[1:]
            found |= (
                {"p" + tail} if tail[:1] in _VOWELS else ({tail} if tail[:1] in "bpf" else set())
            )
        elif rest.startswith("n"):
            tail = rest[1:]
            found |= (
                {"t" + tail} if tail[:1] in _VOWELS else ({tail} if tail[:1] in "cdjzts" else set())
            )
        elif rest[:1] in "lrwy":
            found.add(rest)
    if word.startswith("ny") and word[2:3] in _VOWELS:
        found |= {"s" + word[2:], "c" + word[2:]}
    if word.startswith("m") and word[1:2] in _VOWELS and not word.startswith("me"):
        found.add("p" + word[1:])
    return {root for root in found if len(root) >= 3}


def stems(word: str) -> set[str]:
    """The word and the roots it may carry. Deterministic; mirrored in guide-search.js."""
    found = {word}
    if len(word) <= 3 or word.isdigit():
        return found
    bare = word
    for ending in ("lah", "kah", "tah", "pun", "nya", "ku", "mu"):
        if bare.endswith(ending) and len(bare) - len(ending) >= 4:
            bare = bare[: -len(ending)]
            break
    bases = {bare}
    for suffix in ("kan", "an", "i"):
        if bare.endswith(suffix) and len(bare) - len(suffix) >= 4:
            bases.add(bare[: -len(suffix)])
            break
    for base in list(bases):
        for root in _strip_prefix(base):
            bases.add(root)
            bases |= _strip_prefix(root)
    found |= bases
    return {stem for stem in found if len(stem) >= 3 or stem == word}


def edit_distance_within(a: str, b: str, limit: int) -> bool:
    """Whether a and b are at most `limit` edits apart (insert, delete, substitute, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[len(b)] <= limit


@dataclass(frozen=True)
class Part:
    anchor: str  # "" = the top of the page
    title: str
    text: str


@dataclass(frozen=True)
class SearchDocument:
    id: str
    title: str
    book: str
    url: str
    summary: str
    tags: tuple[str, ...]
    parts: tuple[Part, ...]


class Hit(TypedDict):
    id: str
    title: str
    book: str
    snippet: str
    url: str


def _terms(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in words(text):
        counts.update(stems(word))
    return counts


def index_build(documents: list[SearchDocument]) -> dict[str, Any]:
    """The index as plain data: served as JSON to the phone, read as is by index_search."""
    postings: dict[str, list[Any]] = {}
    pages = []
    lengths = []
    for number, document in enumerate(documents):
        fields = {
            "title": document.title,
            "tags": " ".join(document.tags),
            "summary": document.summary,
            "headings": " ".join(part.title for part in document.parts if part.anchor),
            "text": " ".join(part.text for part in document.parts),
        }
        weighted: dict[str, float] = {}
        length = 0.0
        for name, text in fields.items():
            weight = FIELD_WEIGHTS[name]
            length += weight * len(words(text))
            for term, count in _terms(text).items():
                weighted[term] = weighted.get(term, 0.0) + weight * count
        part_terms = [_terms(part.title + " " + part.text) for part in document.parts]
        for term, value in weighted.items():
            entry: list[Any] = [number, round(value, 3)]
            for part_number, counts in enumerate(part_terms):
                if counts[term]:
                    entry += [part_number, counts[term]]
            postings.setdefault(term, []).append(entry)
        lengths.append(length)
        pages.append(
            {
                "id": document.id,
                "title": document.title,
                "book": document.book,
                "url": document.url,
                "parts": [[part.anchor, part.title, part.text] for part in document.parts],
                "length": round(length, 3),
            }
        )
    return {
        "version": INDEX_VERSION,
        "average_length": round(sum(lengths) / len(lengths), 3) if lengths else 1.0,
        "pages": pages,
        "terms": dict(sorted(postings.items())),
    }


def _query_terms(index: dict[str, Any], query: str) -> list[dict[str, float]]:
    """Per query word: the index terms it matches, with the weight of the match."""
    terms: dict[str, list[Any]] = index["terms"]
    query_words = words(query)
    matched = []
    for position, word in enumerate(query_words):
        exact = {stem: 1.0 for stem in stems(word) if stem in terms}
        if exact:
            matched.append(exact)
            continue
        loose: dict[str, float] = {}
        limit = 2 if len(word) >= 7 else 1 if len(word) >= 4 else 0
        is_last = position == len(query_words) - 1
        for term in terms:
            if limit and edit_distance_within(word, term, limit):
                loose[term] = max(loose.get(term, 0.0), TYPO_WEIGHT)
            elif is_last and len(word) >= 3 and term.startswith(word):
                loose[term] = max(loose.get(term, 0.0), PREFIX_WEIGHT)
        matched.append(loose)
    return matched


def index_search(index: dict[str, Any], query: str, *, limit: int = 10) -> list[Hit]:
    """Pages best first, each linking to its best part, with a snippet."""
    query_terms = _query_terms(index, query)
    wanted = [match for match in query_terms if match]
    if not wanted:
        return []
    pages = index["pages"]
    total = len(pages)
    scores: dict[int, float] = {}
    found_words: Counter[int] = Counter()
    part_scores: dict[tuple[int, int], float] = {}
    for match in wanted:
        best: dict[int, float] = {}
        for term, weight in match.items():
            entries = index["terms"][term]
            idf = math.log(1 + (total - len(entries) + 0.5) / (len(entries) + 0.5))
            for entry in entries:
                page, value = entry[0], entry[1]
                norm = K1 * (1 - B + B * pages[page]["length"] / index["average_length"])
                score = weight * idf * value * (K1 + 1) / (value + norm)
                best[page] = max(best.get(page, 0.0), score)
                for offset in range(2, len(entry), 2):
                    key = (page, entry[offset])
                    part_scores[key] = part_scores.get(key, 0.0) + weight * idf * entry[offset + 1]
        for page, score in best.items():
            scores[page] = scores.get(page, 0.0) + score
            found_words[page] += 1
    ranked = sorted(
        scores,
        key=lambda page: (-scores[page] * found_words[page] / len(query_terms), pages[page]["id"]),
    )
    terms_wanted = {term for match in wanted for term in match}
    return [_hit(pages[page], page, part_scores, terms_wanted) for page in ranked[:limit]]


def _hit(
    page: dict[str, Any],
    number: int,
    part_scores: dict[tuple[int, int], float],
    terms_wanted: set[str],
) -> Hit:
    parts = page["parts"]
    best_part = max(
        range(len(parts)), key=lambda part: (part_scores.get((number, part), 0.0), -part)
    )
    anchor, _, text = parts[best_part]
    return {
        "id": page["id"],
        "title": page["title"],
        "book": page["book"],
        "snippet": snippet(text, terms_wanted),
        "url": page["url"] + (f"#{anchor}" if anchor else ""),
    }


def snippet(text: str, terms_wanted: set[str]) -> str:
    """The sentence of `text` holding most of the wanted terms, cut to a phone's two lines."""
    sentences = [sentence.strip() for sentence in _SENTENCE.split(text) if sentence.strip()]
    if not sentences:
        return ""
    best = max(
        sentences,
        key=lambda sentence: (
            len(set(_terms(sentence)) & terms_wanted),
            -sentences.index(sentence),
        ),
    )
    if len(best) <= SNIPPET_LENGTH:
        return best
    return best[:SNIPPET_LENGTH].rsplit(" ", 1)[0] + " …"
