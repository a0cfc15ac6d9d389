// Form A on the PTPS's phone: the draft (fields and photos) is kept on the phone in IndexedDB
// as it is typed, so it survives a closed browser and no signal; photos are shrunk here
// (at most 1600 px, JPEG 0.8) before they are kept or sent. "Kirim" queues the report and it
// goes to the server when there is signal (api/v1/hari-h/form-a), named by a client_uuid made
// once per report on the phone: a report sent twice is still one report on the server.
// A service worker (templates/form_a/sw.js) keeps this page so it opens without signal.
// Without IndexedDB the page stays a plain form that posts to the server.
(function () {
  "use strict";

  var form = document.querySelector("form[data-form-a]");
  var stateNode = document.getElementById("form-a-state");
  var textNode = document.getElementById("form-a-text");
  if (!form || !stateNode || !textNode || !window.indexedDB || !window.fetch) {
    return;
  }
  var STATE = JSON.parse(stateNode.textContent);
  var TEXT = textNode.dataset;
  var statusNode = document.querySelector("[data-form-a-status]");
  var echoNode = document.querySelector("[data-form-a-status-echo]");
  var offlineNode = document.querySelector("[data-form-a-offline]");
  var photosInput = form.querySelector("[data-photos-input]");
  var photosList = form.querySelector("[data-photos-list]");
  var photosCount = form.querySelector("[data-photos-count]");
  var uuidInput = form.querySelector("[data-client-uuid]");
  var CURRENT_KEY = "pengawas.form-a." + STATE.tps + ".current";
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var SKIP = { csrfmiddlewaretoken: 1, client_uuid: 1, revision: 1, laporan: 1, action: 1, photos: 1 };
  var record = null;
  var sending = false;

  // --- IndexedDB ---------------------------------------------------------------------------

  var dbPromise = new Promise(function (resolve, reject) {
    var request = window.indexedDB.open("pengawas-form-a", 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore("reports", { keyPath: "uuid" });
    };
    request.onsuccess = function () {
      resolve(request.result);
    };
    request.onerror = function () {
      reject(request.error);
    };
  });

  function store(mode) {
    return dbPromise.then(function (db) {
      return db.transaction("reports", mode).objectStore("reports");
    });
  }

  function done(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function load(uuid) {
    return store("readonly").then(function (s) {
      return done(s.get(uuid));
    });
  }

  function save(value) {
    value.savedAt = new Date().toISOString();
    return store("readwrite").then(function (s) {
      return done(s.put(value));
    });
  }

  function all() {
    return store("readonly").then(function (s) {
      return done(s.getAll());
    });
  }

  // --- the page ----------------------------------------------------------------------------

  function show(text, kind) {
    [statusNode, echoNode].forEach(function (node) {
      if (node) {
        node.textContent = text;
        node.setAttribute("data-state", kind || "");
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-send], [data-draft-server]"), function (button) {
      button.disabled = kind === "sent" || kind === "sending";
    });
  }

  function newUuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function remember(uuid) {
    try {
      window.localStorage.setItem(CURRENT_KEY, uuid);
    } catch (error) {
      // Private mode: the draft is still in IndexedDB, found again by its TPS.
    }
  }

  function remembered() {
    try {
      return window.localStorage.getItem(CURRENT_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  function fields() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || SKIP[element.name] || element.type === "submit") {
        return;
      }
      values[element.name] = element.type === "checkbox" ? element.checked : element.value;
    });
    return values;
  }

  function blockCount() {
    return form.querySelectorAll("[data-kegiatan]").length;
  }

  function addBlock() {
    var blocks = form.querySelectorAll("[data-kegiatan]");
    var last = blocks[blocks.length - 1];
    var index = blocks.length;
    var copy = last.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("[name]"), function (element) {
      element.name = element.name.replace(/^kegiatan-\d+-/, "kegiatan-" + index + "-");
      element.id = "f-" + element.name;
      element.value = "";
    });
    Array.prototype.forEach.call(copy.querySelectorAll("label"), function (label) {
      var target = label.getAttribute("for") || "";
      label.setAttribute("for", target.replace(/kegiatan-\d+-/, "kegiatan-" + index + "-"));
    });
    Array.prototype.forEach.call(copy.querySelectorAll(".form-a-error, .muted"), function (node) {
      node.remove();
    });
    var title = copy.querySelector(".form-a-block-title");
    if (title) {
      title.textContent = title.textContent.replace(/\d+/, String(index + 1));
    }
    last.parentNode.appendChild(copy);
  }

  function fill(values) {
    Object.keys(values).forEach(function (name) {
      var match = /^kegiatan-(\d+)-/.exec(name);
      while (match && Number(match[1]) >= blockCount()) {
        addBlock();
      }
      var element = form.elements.namedItem(name);
      if (!element || element.length) {
        return;
      }
      if (element.type === "checkbox") {
        element.checked = Boolean(values[name]);
      } else {
        element.value = values[name];
      }
      var section = element.closest("details");
      if (section && values[name]) {
        section.open = true; // a filled optional section is shown
      }
    });
  }

  function report(values) {
    var data = { pengawas: {}, kegiatan: [], pelanggaran: {}, sengketa: {}, uraian: "", keberatan: false };
    Object.keys(values).forEach(function (name) {
      var parts = name.split("-");
      if (parts[0] === "kegiatan" && parts.length === 3) {
        var index = Number(parts[1]);
        data.kegiatan[index] = data.kegiatan[index] || {};
        data.kegiatan[index][parts[2]] = values[name];
      } else if (parts.length === 2 && data[parts[0]] && typeof data[parts[0]] === "object") {
        data[parts[0]][parts[1]] = values[name];
      } else if (name === "uraian") {
        data.uraian = values[name];
      } else if (name === "keberatan") {
        data.keberatan = Boolean(values[name]);
      }
    });
    data.kegiatan = data.kegiatan.filter(Boolean);
    return data;
  }

  function thumb(bitmap) {
    var side = 96;
    var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  function showPhotos() {
    if (!photosList) {
      return;
    }
    photosList.textContent = "";
    var photos = (record && record.photos) || [];
    photos.forEach(function (photo, index) {
      var item = document.createElement("li");
      window.createImageBitmap(photo.blob).then(function (bitmap) {
        item.insertBefore(thumb(bitmap), item.firstChild);
      }, function () {});
      if (record.state !== "sent") {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link";
        remove.textContent = TEXT.remove;
        remove.addEventListener("click", function () {
          record.photos.splice(index, 1);
          save(record).then(showPhotos);
        });
        item.appendChild(remove);
      }
      photosList.appendChild(item);
    });
    if (photosCount) {
      photosCount.textContent = photos.length ? photos.length + " " + TEXT.photos : "";
      photosCount.setAttribute("data-count", String(photos.length));
    }
  }

  function shrink(file) {
    return window.createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) {
            resolve({ blob: blob, width: canvas.width, height: canvas.height });
          } else {
            reject(new Error("toBlob"));
          }
        }, "image/jpeg", QUALITY);
      });
    });
  }

  var timer = null;
  function keepSoon() {
    if (!record || record.state === "sent") {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      record.fields = fields();
      save(record).then(function () {
        show(record.state === "queued" ? TEXT.queued : TEXT.saved, record.state);
      });
    }, 250);
  }

  function markErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".form-a-error[data-js]"), function (node) {
      node.remove();
    });
    Object.keys(errors || {}).forEach(function (path) {
      var element = form.elements.namedItem(path.replace(/\./g, "-"));
      if (element && !element.length) {
        var note = document.createElement("p");
        note.className = "form-a-error";
        note.setAttribute("data-js", "");
        note.textContent = errors[path];
        element.parentNode.appendChild(note);
        element.parentNode.classList.add("form-a-invalid");
      }
    });
  }

  // --- sending -----------------------------------------------------------------------------

  function sendOne(item) {
    return fetch(STATE.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          throw { login: true };
        }
        return response.json();
      })
      .then(function (answer) {
        var body = new FormData();
        body.append(
          "report",
          JSON.stringify({ client_uuid: item.uuid, revision: item.revision, final: true, data: report(item.fields) })
        );
        (item.photos || []).forEach(function (photo, index) {
          body.append("photos", photo.blob, "foto-" + (index + 1) + ".jpg");
        });
        return fetch(STATE.api, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": answer.csrf, Accept: "application/json" },
          body: body,
        });
      })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          throw { login: true };
        }
        return response.json().then(function (answer) {
          if (response.status === 400) {
            item.state = "draft";
            item.errors = answer.errors || { __all__: answer.error };
          } else if (response.ok) {
            item.state = "sent";
            item.errors = null;
            item.report = answer.report;
          } else {
            throw { retry: true };
          }
          return save(item);
        });
      });
  }

  function sync() {
    if (sending || !navigator.onLine) {
      return Promise.resolve();
    }
    sending = true;
    return all()
      .then(function (items) {
        var queued = items.filter(function (item) {
          return item.tps === STATE.tps && item.state === "queued";
        });
        if (record && record.state === "queued") {
          show(TEXT.sending, "sending");
        }
        return queued.reduce(function (chain, item) {
          return chain.then(function () {
            return sendOne(item).then(function () {
              if (record && item.uuid === record.uuid) {
                record = item;
              }
            });
          });
        }, Promise.resolve());
      })
      .then(
        function () {
          sending = false;
          refresh();
        },
        function (problem) {
          sending = false;
          if (problem && problem.login) {
            show(TEXT.login, "login");
          } else {
            refresh();
          }
        }
      );
  }

  function refresh() {
    if (!record) {
      return;
    }
    if (record.state === "sent") {
      show(TEXT.sent, "sent");
      startNewLink();
    } else if (record.state === "queued") {
      show(TEXT.queued, "queued");
    } else if (record.errors) {
      show(TEXT.invalid, "invalid");
      markErrors(record.errors);
    } else if (record.savedAt) {
      show(TEXT.saved, "draft");
    }
    showPhotos();
  }

  function startNewLink() {
    if (!statusNode || statusNode.querySelector("a")) {
      return;
    }
    var link = document.createElement("a");
    link.href = STATE.scope;
    link.className = "button";
    link.textContent = TEXT["new"];
    link.setAttribute("data-new-report", "");
    statusNode.appendChild(document.createTextNode(" "));
    statusNode.appendChild(link);
  }

  // --- start -------------------------------------------------------------------------------

  function begin(found) {
    record = found;
    if (!record) {
      record = {
        uuid: STATE.editing || newUuid(),
        tps: STATE.tps,
        revision: STATE.revision,
        fields: fields(),
        photos: [],
        state: "draft",
      };
    } else {
      fill(record.fields || {});
    }
    uuidInput.value = record.uuid;
    remember(record.uuid);
    refresh();
    sync();
  }

  var wanted = STATE.editing || remembered();
  (wanted ? load(wanted) : Promise.resolve(undefined))
    .then(function (found) {
      if (found && found.state === "sent" && !STATE.editing) {
        return undefined; // that one is on the server: a new Form A starts here
      }
      if (found && STATE.editing && found.revision < STATE.revision) {
        return undefined; // sent back since: start from the server's copy
      }
      return found;
    })
    .then(begin, function () {
      begin(undefined);
    });

  form.addEventListener("input", function (event) {
    if (event.target !== photosInput) {
      keepSoon();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target !== photosInput) {
      keepSoon();
    }
  });

  if (photosInput) {
    photosInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(photosInput.files || []);
      photosInput.value = "";
      files
        .reduce(function (chain, file) {
          return chain.then(function () {
            return shrink(file).then(function (photo) {
              record.photos.push(photo);
            });
          });
        }, Promise.resolve())
        .then(function () {
          record.fields = fields();
          return save(record);
        })
        .then(refresh, refresh);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!record || record.state === "sent") {
      return;
    }
    var submitter = event.submitter;
    record.fields = fields();
    record.errors = null;
    markErrors({});
    if (!submitter || submitter.value !== "draft") {
      record.state = "queued";
    }
    save(record).then(function () {
      refresh();
      return sync();
    });
  });

  function onlineState() {
    if (!offlineNode) {
      return;
    }
    offlineNode.hidden = navigator.onLine && !offlineNode.getAttribute("data-ready");
    offlineNode.textContent = navigator.onLine ? TEXT.ready : TEXT.offline;
  }
  window.addEventListener("online", function () {
    onlineState();
    sync();
  });
  window.addEventListener("offline", onlineState);
  window.setInterval(sync, 30000);

  if ("serviceWorker" in navigator && STATE.sw) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept" && offlineNode) {
        offlineNode.setAttribute("data-ready", event.data.ok === event.data.total ? "yes" : "partial");
        onlineState();
      }
    });
    navigator.serviceWorker
      .register(STATE.sw, { scope: STATE.scope })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        if (registration.active && navigator.onLine) {
          registration.active.postMessage({ type: "keep", urls: STATE.keep });
        }
      })
      .catch(function () {});
  }
  onlineState();
})();
