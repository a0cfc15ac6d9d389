// Search in the Panduan on the phone, without signal: the very rules of
// pengawas/guide/search.py (words, stems, typos, BM25 over the weighted postings, the best
// part of a page, the snippet) run over the same index (/panduan/<series>/indeks.json, kept by
// the service worker). Keep the two in step: the browser test compares them question by
// question.
//
// The page runs it when it was served without the results of the query in its address: the
// service worker's kept search page (offline). Online the server's results stay as they are.
(function () {
  "use strict";
  // The words come translated from the page (templates/guide/base_guide.html, #guide-text).
  var TEXT = (document.getElementById("guide-text") || { dataset: {} }).dataset;

  var FIELD_WEIGHTS = { title: 4.0, tags: 3.0, summary: 2.0, headings: 2.0, text: 1.0 };
  var K1 = 1.2;
  var B = 0.75;
  var TYPO_WEIGHT = 0.6;
  var PREFIX_WEIGHT = 0.5;
  var SNIPPET_LENGTH = 180;
  var QUERY_LENGTH = 200; // guide/views.py: query[:200]

  var ABBREVIATIONS = {
    yg: "yang", dgn: "dengan", dg: "dengan", tdk: "tidak", tak: "tidak",
    gak: "tidak", ga: "tidak", gk: "tidak", nggak: "tidak", enggak: "tidak",
    blh: "boleh", bole: "boleh", brp: "berapa", gmn: "bagaimana", gimana: "bagaimana",
    utk: "untuk", untk: "untuk", krn: "karena", karna: "karena", sdh: "sudah",
    udh: "sudah", udah: "sudah", blm: "belum", jg: "juga", dr: "dari", pd: "pada",
    sy: "saya", kpd: "kepada", hrs: "harus", org: "orang", bgmn: "bagaimana",
    kalo: "kalau", klo: "kalau", jd: "jadi", sm: "sama", lg: "lagi", tp: "tapi",
    ktpel: "ktp", ektp: "ktp", nyoblos: "coblos", nyoblosnya: "coblos",
  };
  var STOPWORDS = new Set(
    ("yang dan di ke dari itu ini apa apakah bagaimana berapa kalau jika saya aku kami kita " +
      "ada untuk dengan pada atau juga sudah akan bisa boleh harus mana siapa kapan dong sih ya " +
      "kah nya tapi jadi sama lagi oleh bila agar karena maka the").split(" ")
  );
  var DIACRITICS = /[\u0300-\u036f]/g;
  var DECIMAL = /(\p{Nd})[.,](\p{Nd})/gu;
  var WORD = /[a-z0-9]+/g;
  var SENTENCE = /(?<=[.!?;:])\s+|\n+/;
  var DIGITS = /^[0-9]+$/;
  var VOWELS = "aiueo";

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // Python's `a in b` for strings: "" is in every string (String.prototype.includes agrees).
  function within(part, letters) {
    return letters.includes(part);
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(DIACRITICS, "");
  }

  function words(text) {
    var found = [];
    var matches = fold(text).replace(DECIMAL, "$1$2").match(WORD) || [];
    matches.forEach(function (match) {
      var word = hasOwn(ABBREVIATIONS, match) ? ABBREVIATIONS[match] : match;
      if (!STOPWORDS.has(word) && (word.length > 1 || DIGITS.test(word))) {
        found.push(word);
      }
    });
    return found;
  }

  function stripPrefix(word) {
    var found = new Set();
    ["di", "ke", "se", "ber", "ter", "per", "be"].forEach(function (prefix) {
      if (word.startsWith(prefix) && word.length - prefix.length >= 4) {
        found.add(word.slice(prefix.length));
      }
    });
    ["me", "pe"].forEach(function (head) {
      if (!word.startsWith(head)) {
        return;
      }
      var rest = word.slice(2);
      var tail;
      if (rest.startsWith("ng")) {
        tail = rest.slice(2);
        found.add(tail);
        if (within(tail.slice(0, 1), VOWELS)) {
          found.add("k" + tail);
        }
      } else if (rest.startsWith("ny") && within(rest.slice(2, 3), VOWELS)) {
        found.add("s" + rest.slice(2));
      } else if (rest.startsWith("m")) {
        tail = rest.slice(1);
        if (within(tail.slice(0, 1), VOWELS)) {
          found.add("p" + tail);
        } else if (within(tail.slice(0, 1), "bpf")) {
          found.add(tail);
        }
      } else if (rest.startsWith("n")) {
        tail = rest.slice(1);
        if (within(tail.slice(0, 1), VOWELS)) {
          found.add("t" + tail);
        } else if (within(tail.slice(0, 1), "cdjzts")) {
          found.add(tail);
        }
      } else if (within(rest.slice(0, 1), "lrwy")) {
        found.add(rest);
      }
    });
    if (word.startsWith("ny") && within(word.slice(2, 3), VOWELS)) {
      found.add("s" + word.slice(2));
      found.add("c" + word.slice(2));
    }
    if (word.startsWith("m") && within(word.slice(1, 2), VOWELS) && !word.startsWith("me")) {
      found.add("p" + word.slice(1));
    }
    return Array.from(found).filter(function (root) {
      return root.length >= 3;
    });
  }

  function stems(word) {
    var found = new Set([word]);
    if (word.length <= 3 || DIGITS.test(word)) {
      return found;
    }
    var bare = word;
    var endings = ["lah", "kah", "tah", "pun", "nya", "ku", "mu"];
    for (var e = 0; e < endings.length; e += 1) {
      if (bare.endsWith(endings[e]) && bare.length - endings[e].length >= 4) {
        bare = bare.slice(0, -endings[e].length);
        break;
      }
    }
    var bases = new Set([bare]);
    var suffixes = ["kan", "an", "i"];
    for (var s = 0; s < suffixes.length; s += 1) {
      if (bare.endsWith(suffixes[s]) && bare.length - suffixes[s].length >= 4) {
        bases.add(bare.slice(0, -suffixes[s].length));
        break;
      }
    }
    Array.from(bases).forEach(function (base) {
      stripPrefix(base).forEach(function (root) {
        bases.add(root);
        stripPrefix(root).forEach(function (deeper) {
          bases.add(deeper);
        });
      });
    });
    bases.forEach(function (base) {
      found.add(base);
    });
    var result = new Set();
    found.forEach(function (stem) {
      if (stem.length >= 3 || stem === word) {
        result.add(stem);
      }
    });
    return result;
  }

  function editDistanceWithin(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return false;
    }
    var previous2 = [];
    var previous = [];
    for (var j0 = 0; j0 <= b.length; j0 += 1) {
      previous.push(j0);
    }
    for (var i = 1; i <= a.length; i += 1) {
      var current = [i];
      for (var j = 1; j <= b.length; j += 1) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
      }
      if (Math.min.apply(null, current) > limit) {
        return false;
      }
      previous2 = previous;
      previous = current;
    }
    return previous[b.length] <= limit;
  }

  // Counter of stems over the words of `text` (search.py _terms).
  function terms(text) {
    var counts = new Map();
    words(text).forEach(function (word) {
      stems(word).forEach(function (stem) {
        counts.set(stem, (counts.get(stem) || 0) + 1);
      });
    });
    return counts;
  }

  function prepared(index) {
    if (!index.__terms) {
      Object.defineProperty(index, "__terms", {
        value: new Map(Object.entries(index.terms)),
        enumerable: false,
      });
    }
    return index.__terms;
  }

  function queryTerms(index, query) {
    var known = prepared(index);
    var queryWords = words(query);
    return queryWords.map(function (word, position) {
      var exact = new Map();
      stems(word).forEach(function (stem) {
        if (known.has(stem)) {
          exact.set(stem, 1.0);
        }
      });
      if (exact.size) {
        return exact;
      }
      var loose = new Map();
      var limit = word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
      var isLast = position === queryWords.length - 1;
      known.forEach(function (_entries, term) {
        if (limit && editDistanceWithin(word, term, limit)) {
          loose.set(term, Math.max(loose.get(term) || 0.0, TYPO_WEIGHT));
        } else if (isLast && word.length >= 3 && term.startsWith(word)) {
          loose.set(term, Math.max(loose.get(term) || 0.0, PREFIX_WEIGHT));
        }
      });
      return loose;
    });
  }

  function snippet(text, wanted) {
    var sentences = text
      .split(SENTENCE)
      .map(function (sentence) {
        return sentence.trim();
      })
      .filter(Boolean);
    if (!sentences.length) {
      return "";
    }
    var best = sentences[0];
    var bestCount = -1;
    sentences.forEach(function (sentence) {
      var count = 0;
      terms(sentence).forEach(function (_count, term) {
        if (wanted.has(term)) {
          count += 1;
        }
      });
      if (count > bestCount) {
        best = sentence;
        bestCount = count;
      }
    });
    var characters = Array.from(best);
    if (characters.length <= SNIPPET_LENGTH) {
      return best;
    }
    var cut = characters.slice(0, SNIPPET_LENGTH).join("");
    var space = cut.lastIndexOf(" ");
    return (space < 0 ? cut : cut.slice(0, space)) + " …";
  }

  function hit(page, number, partScores, wanted) {
    var parts = page.parts;
    var bestPart = 0;
    var bestScore = -1;
    for (var part = 0; part < parts.length; part += 1) {
      var score = partScores.get(number + ":" + part) || 0.0;
      if (score > bestScore) {
        bestPart = part;
        bestScore = score;
      }
    }
    var anchor = parts[bestPart][0];
    return {
      id: page.id,
      title: page.title,
      book: page.book,
      snippet: snippet(parts[bestPart][2], wanted),
      url: page.url + (anchor ? "#" + anchor : ""),
    };
  }

  function search(index, query, limit) {
    limit = limit === undefined ? 10 : limit;
    var known = prepared(index);
    var matched = queryTerms(index, query);
    var wanted = matched.filter(function (match) {
      return match.size > 0;
    });
    if (!wanted.length) {
      return [];
    }
    var pages = index.pages;
    var total = pages.length;
    var scores = new Map();
    var foundWords = new Map();
    var partScores = new Map();
    wanted.forEach(function (match) {
      var best = new Map();
      match.forEach(function (weight, term) {
        var entries = known.get(term);
        var idf = Math.log(1 + (total - entries.length + 0.5) / (entries.length + 0.5));
        entries.forEach(function (entry) {
          var page = entry[0];
          var value = entry[1];
          var norm = K1 * (1 - B + (B * pages[page].length) / index.average_length);
          var score = (weight * idf * value * (K1 + 1)) / (value + norm);
          best.set(page, Math.max(best.has(page) ? best.get(page) : 0.0, score));
          for (var offset = 2; offset < entry.length; offset += 2) {
            var key = page + ":" + entry[offset];
            partScores.set(key, (partScores.get(key) || 0.0) + weight * idf * entry[offset + 1]);
          }
        });
      });
      best.forEach(function (score, page) {
        scores.set(page, (scores.get(page) || 0.0) + score);
        foundWords.set(page, (foundWords.get(page) || 0) + 1);
      });
    });
    var count = matched.length;
    var ranked = Array.from(scores.keys());
    var keys = new Map();
    ranked.forEach(function (page) {
      keys.set(page, (-scores.get(page) * foundWords.get(page)) / count);
    });
    ranked.sort(function (a, b) {
      var ka = keys.get(a);
      var kb = keys.get(b);
      if (ka !== kb) {
        return ka < kb ? -1 : 1;
      }
      var ia = pages[a].id;
      var ib = pages[b].id;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
    var allWanted = new Set();
    wanted.forEach(function (match) {
      match.forEach(function (_weight, term) {
        allWanted.add(term);
      });
    });
    return ranked.slice(0, limit).map(function (page) {
      return hit(pages[page], page, partScores, allWanted);
    });
  }

  window.pengawasGuideSearch = {
    search: search,
    words: words,
    stems: function (word) {
      return Array.from(stems(word)).sort();
    },
    fold: fold,
    weights: FIELD_WEIGHTS,
  };

  // --- the page -------------------------------------------------------------------------

  var results = document.querySelector("[data-search-results]");
  if (!results || !results.getAttribute("data-index")) {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var box = document.getElementById("guide-q");
  // Served with its results, the search box holds the query; the kept page has it empty.
  if (!query.trim() || (box && box.defaultValue === query)) {
    return;
  }
  if (box) {
    box.value = query;
  }
  var indexUrl = results.getAttribute("data-index");
  var series = params.get("seri") || "";
  if (/^[a-z0-9-]+$/.test(series)) {
    indexUrl = indexUrl.replace(/[a-z0-9-]+\/indeks\.json$/, series + "/indeks.json");
  }

  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function render(hits) {
    results.replaceChildren();
    if (!hits.length) {
      results.appendChild(
        paragraph(
          "muted",
          TEXT.msgNothing.replace("{q}", query)
        )
      );
      return;
    }
    var list = document.createElement("ol");
    list.className = "guide-results";
    hits.forEach(function (found) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = found.url;
      [
        ["guide-result-title", found.title],
        ["guide-result-book", found.book === "putung" ? TEXT.msgBookPutung : TEXT.msgBookBukuSaku],
        ["guide-result-snippet", found.snippet],
      ].forEach(function (field, position) {
        var span = document.createElement("span");
        span.className = field[0];
        span.textContent = field[1];
        if (position) {
          link.appendChild(document.createTextNode("\n      "));
        }
        link.appendChild(span);
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    results.appendChild(list);
    results.setAttribute("data-offline-results", "");
  }

  results.setAttribute("aria-busy", "true");
  fetch(indexUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (index) {
      render(search(index, Array.from(query).slice(0, QUERY_LENGTH).join(""), 10));
    })
    .catch(function () {
      results.replaceChildren(
        paragraph("muted", "Pencarian belum tersedia tanpa sinyal: buka panduan sekali saat ada sinyal.")
      );
    })
    .finally(function () {
      results.removeAttribute("aria-busy");
    });
})();
