// The PTPS's checklist on the phone (templates/guide/checklist.html). The page works without
// this file (one form per item, posted to the server); with it:
// - every tick and note is kept on the phone first (localStorage), so it survives a closed
//   browser and no signal, then sent to the server (guide/views_checklist.api_checklist)
//   when there is signal: on saving, on the `online` event and when the page opens;
// - phone and server are merged item by item: the latest mark (marked_at) wins;
// - a step marked "tidak sesuai" shows its draft paragraph for Form A, filled exactly like
//   guide/checklist.form_a_paragraph.
(function () {
  "use strict";

  var stateNode = document.getElementById("checklist-state");
  if (!stateNode) {
    return;
  }
  var state = JSON.parse(stateNode.textContent);
  var KEY = "pengawas.checklist." + state.series + "." + state.tps;
  var MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
  ];
  var MARK_CLASSES = ["guide-item-sesuai", "guide-item-tidak_sesuai", "guide-item-tidak_berlaku"];
  // The words come translated from the page (templates/guide/base_guide.html, #guide-text);
  // the Form A paragraph itself stays Indonesian, like the form (MONTHS above).
  var TEXT = document.getElementById("guide-text").dataset;

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-check]"));
  var progress = document.querySelector("[data-progress]");
  var syncStatus = document.querySelector("[data-sync-status]");
  var drafts = document.querySelector("[data-drafts]");
  var csrf = "";
  var problem = ""; // "", "offline", "login", "failed"
  var syncing = false;
  var again = false;

  // --- the phone's copy ---------------------------------------------------------------

  function load() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return kept && typeof kept.marks === "object" && kept.marks ? kept : { marks: {} };
    } catch (error) {
      return { marks: {} };
    }
  }

  var local = load();

  function store() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(local));
    } catch (error) {
      // A full disk: the marks still live in this page until it is sent.
    }
  }

  function time(iso) {
    var value = Date.parse(iso);
    return isNaN(value) ? 0 : value;
  }

  // The server's marks, where they are at least as new as the phone's; the ids that changed.
  function merge(serverMarks) {
    var changed = [];
    (serverMarks || []).forEach(function (mark) {
      var mine = local.marks[mark.check_id];
      if (mine && time(mine.marked_at) > time(mark.marked_at)) {
        return;
      }
      if (
        !mine ||
        mine.mark !== mark.mark ||
        mine.note !== mark.note ||
        mine.marked_at !== mark.marked_at ||
        !mine.synced
      ) {
        changed.push(mark.check_id);
      }
      local.marks[mark.check_id] = {
        mark: mark.mark,
        note: mark.note,
        marked_at: mark.marked_at,
        synced: true,
      };
    });
    return changed;
  }

  function pad(number, size) {
    var text = String(Math.abs(number));
    while (text.length < (size || 2)) {
      text = "0" + text;
    }
    return text;
  }

  // Now, in ISO 8601 with the phone's own offset (2020-12-09T10:15:03.120+07:00).
  function now() {
    var date = new Date();
    var offset = -date.getTimezoneOffset();
    return (
      date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      "." + pad(date.getMilliseconds(), 3) +
      (offset >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(offset) / 60)) + ":" + pad(Math.abs(offset) % 60)
    );
  }

  // --- Form A ---------------------------------------------------------------------------

  var JAKARTA = new Intl.DateTimeFormat("en-US", {
    timeZone: "Asia/Jakarta",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });

  // "9 Desember 2020 pukul 10.15 WIB" (checklist.time_words).
  function timeWords(iso) {
    var parts = {};
    JAKARTA.formatToParts(new Date(time(iso))).forEach(function (part) {
      parts[part.type] = part.value;
    });
    return (
      Number(parts.day) + " " + MONTHS[Number(parts.month) - 1] + " " + parts.year +
      " pukul " + pad(Number(parts.hour)) + "." + pad(Number(parts.minute)) + " WIB"
    );
  }

  function paragraph(checkId, mark) {
    var template = state.templates[checkId];
    if (!template) {
      return "";
    }
    var values = {
      tps: state.tps_label,
      waktu: timeWords(mark.marked_at),
      catatan: (mark.note || "").trim() || "-",
    };
    return template.replace(/\{(tps|waktu|catatan)\}/g, function (_match, field) {
      return values[field];
    });
  }

  // --- the page -------------------------------------------------------------------------

  function stepTitle(form) {
    var section = form.closest("section");
    var heading = section && section.querySelector("h2");
    if (!heading) {
      return "";
    }
    var first = heading.firstChild;
    return (first && first.nodeType === Node.TEXT_NODE ? first.textContent : heading.textContent).trim();
  }

  function refusal(form) {
    var node = form.querySelector("[data-refused]");
    if (!node) {
      node = document.createElement("p");
      node.className = "guide-item-refused";
      node.setAttribute("data-refused", "");
      node.setAttribute("role", "alert");
      node.hidden = true;
      form.appendChild(node);
    }
    return node;
  }

  function showItem(form, fromServer) {
    var checkId = form.getAttribute("data-check");
    var mark = local.marks[checkId];
    if (!mark) {
      return;
    }
    if (fromServer) {
      form.querySelectorAll('input[name="mark"]').forEach(function (radio) {
        radio.checked = radio.value === mark.mark;
      });
      var note = form.querySelector('textarea[name="note"]');
      if (note && document.activeElement !== note) {
        note.value = mark.note;
      }
    }
    MARK_CLASSES.forEach(function (name) {
      form.classList.toggle(name, name === "guide-item-" + mark.mark);
    });
    form.classList.toggle("guide-item-unsynced", !mark.synced);
    var draft = form.querySelector("[data-draft]");
    if (draft) {
      var text = mark.mark === "tidak_sesuai" ? paragraph(checkId, mark) : "";
      draft.textContent = text;
      draft.hidden = !text;
    }
    var refused = refusal(form);
    refused.textContent = mark.refused ? TEXT.msgRefused + mark.refused : "";
    refused.hidden = !mark.refused;
  }

  function showDrafts() {
    if (!drafts) {
      return;
    }
    var paragraphs = [];
    forms.forEach(function (form) {
      var checkId = form.getAttribute("data-check");
      var mark = local.marks[checkId];
      if (!mark || mark.mark !== "tidak_sesuai") {
        return;
      }
      var text = paragraph(checkId, mark);
      if (!text) {
        return;
      }
      var p = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = stepTitle(form) + ".";
      p.appendChild(strong);
      p.appendChild(document.createTextNode(" " + text));
      paragraphs.push(p);
    });
    if (!paragraphs.length) {
      var empty = document.createElement("p");
      empty.className = "muted";
      empty.textContent = TEXT.msgNoDrafts;
      paragraphs.push(empty);
    }
    drafts.replaceChildren.apply(drafts, paragraphs);
  }

  function pending() {
    return Object.keys(local.marks).filter(function (checkId) {
      var mark = local.marks[checkId];
      return !mark.synced && !mark.refused;
    });
  }

  function showStatus() {
    if (progress) {
      var done = forms.filter(function (form) {
        var mark = local.marks[form.getAttribute("data-check")];
        return mark && mark.mark;
      }).length;
      progress.textContent = TEXT.msgProgress.replace("{done}", done).replace("{total}", forms.length);
    }
    if (!syncStatus) {
      return;
    }
    var waiting = pending().length;
    var text = "";
    var kind = "";
    if (waiting) {
      text = TEXT.msgPending.replace("{n}", waiting);
      kind = "pending";
      if (syncing) {
        text = TEXT.msgSending;
      } else if (problem === "offline" || !navigator.onLine) {
        text += " · " + TEXT.msgOfflineSync;
        kind = "offline";
      } else if (problem === "login") {
        text += " · " + TEXT.msgLogin;
        kind = "error";
      } else if (problem === "failed") {
        text += " · " + TEXT.msgFailed;
        kind = "error";
      }
    } else if (Object.keys(local.marks).length) {
      text = TEXT.msgSynced;
      kind = "synced";
    }
    var refused = Object.keys(local.marks).filter(function (checkId) {
      return local.marks[checkId].refused;
    }).length;
    if (refused) {
      text = (text && kind !== "synced" ? text + " · " : "") + TEXT.msgRefusedCount.replace("{n}", refused);
      kind = "error";
    }
    syncStatus.textContent = text;
    syncStatus.className = "guide-sync" + (kind ? " guide-sync-" + kind : "");
    syncStatus.setAttribute("data-state", kind);
  }

  function showAll(fromServer) {
    forms.forEach(function (form) {
      showItem(form, fromServer);
    });
    showDrafts();
    showStatus();
  }

  // --- saving ---------------------------------------------------------------------------

  function save(form) {
    var checkId = form.getAttribute("data-check");
    var chosen = form.querySelector('input[name="mark"]:checked');
    var note = form.querySelector('textarea[name="note"]');
    var mark = chosen ? chosen.value : "";
    var text = note ? note.value : "";
    var mine = local.marks[checkId];
    if (mine && mine.mark === mark && mine.note === text) {
      return;
    }
    local.marks[checkId] = { mark: mark, note: text, marked_at: now(), synced: false };
    store();
    showItem(form, false);
    showDrafts();
    showStatus();
  }

  forms.forEach(function (form) {
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (token && !csrf) {
      csrf = token.value;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(form);
      sync();
    });
    form.addEventListener("change", function (event) {
      if (event.target && (event.target.name === "mark" || event.target.name === "note")) {
        save(form);
        sync();
      }
    });
  });

  // --- sending ----------------------------------------------------------------------------

  function post(batch) {
    return fetch(state.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ marks: batch }),
    });
  }

  function freshToken() {
    return fetch(state.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : {};
      })
      .then(function (data) {
        if (data && data.csrf) {
          csrf = data.csrf;
        }
      });
  }

  function sent(batch, data) {
    var refused = {};
    (data.refused || []).forEach(function (item) {
      refused[item.check_id] = item.reason;
    });
    batch.forEach(function (item) {
      var mine = local.marks[item.check_id];
      if (
        !mine ||
        mine.marked_at !== item.marked_at ||
        mine.mark !== item.mark ||
        mine.note !== item.note
      ) {
        return; // changed while it was being sent: it goes next time
      }
      if (Object.prototype.hasOwnProperty.call(refused, item.check_id)) {
        mine.refused = refused[item.check_id];
        return;
      }
      mine.synced = true;
      // The server keeps the time it trusts (never later than its own clock): take its copy.
      (data.marks || []).forEach(function (mark) {
        if (mark.check_id === item.check_id && mark.mark === mine.mark && mark.note === mine.note) {
          mine.marked_at = mark.marked_at;
        }
      });
    });
  }

  function sync() {
    if (syncing) {
      again = true;
      return;
    }
    var ids = pending();
    if (!ids.length) {
      showStatus();
      return;
    }
    if (!navigator.onLine) {
      problem = "offline";
      showStatus();
      return;
    }
    var batch = ids.map(function (checkId) {
      var mark = local.marks[checkId];
      return { check_id: checkId, mark: mark.mark, note: mark.note, marked_at: mark.marked_at };
    });
    syncing = true;
    showStatus();
    post(batch)
      .then(function (response) {
        if (response.status !== 403) {
          return response;
        }
        // The token of a page kept on the phone may be stale: ask for a fresh one, once.
        return freshToken().then(function () {
          return post(batch);
        });
      })
      .then(function (response) {
        if (response.status === 401) {
          problem = "login";
          return null;
        }
        if (!response.ok) {
          problem = "failed";
          return null;
        }
        return response.json().then(function (data) {
          problem = "";
          if (data.csrf) {
            csrf = data.csrf;
          }
          sent(batch, data);
          var changed = merge(data.marks);
          store();
          forms.forEach(function (form) {
            showItem(form, changed.indexOf(form.getAttribute("data-check")) >= 0);
          });
          showDrafts();
        });
      })
      .catch(function () {
        problem = "offline";
      })
      .then(function () {
        syncing = false;
        showStatus();
        if (again) {
          again = false;
          sync();
        }
      });
  }

  // The page as served (perhaps a copy kept on the phone) and the phone's marks: the latest
  // of each wins. The phone's unsent marks then go to the server.
  merge(state.marks);
  store();
  showAll(true);
  window.addEventListener("online", function () {
    problem = "";
    sync();
  });
  window.addEventListener("offline", showStatus);
  sync();
})();
