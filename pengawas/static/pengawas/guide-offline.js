// The Panduan without signal: registers the service worker (templates/guide/sw.js), asks it
// to keep the edition's pages on the phone (the offline list), and says in
// [data-offline-status] how far that went and when the phone is offline.
// Without service workers the pages simply stay online-only.
(function () {
  "use strict";

  var script = document.currentScript;
  var status = document.querySelector("[data-offline-status]");
  var KEY = "pengawas.guide.offline";
  // The words come translated from the page (templates/guide/base_guide.html, #guide-text).
  var TEXT = (document.getElementById("guide-text") || { dataset: {} }).dataset;
  var state = "";

  function show(text, kind) {
    if (!status) {
      return;
    }
    status.textContent = text;
    status.hidden = !text;
    status.className = "guide-offline-status" + (kind ? " guide-offline-" + kind : "");
    status.setAttribute("data-state", kind || "");
  }

  function showState() {
    if (!navigator.onLine) {
      show(TEXT.msgOffline, "offline");
    } else if (state === "ready") {
      show(TEXT.msgReady, "ready");
    } else if (state === "partial") {
      show(TEXT.msgPartial, "partial");
    } else if (state === "") {
      show("", "");
    }
  }

  window.addEventListener("offline", showState);
  window.addEventListener("online", showState);
  showState();

  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  var workerUrl = script.getAttribute("data-sw");
  var scope = script.getAttribute("data-scope");
  var listUrl = script.getAttribute("data-offline-list");
  if (!workerUrl || !scope || !listUrl) {
    return;
  }

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function remember(value) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(value));
    } catch (error) {
      // Private mode or a full disk: the guide is kept all the same, only asked again.
    }
  }

  function today() {
    var now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].join("-");
  }

  var asked = "";

  function ask(worker, version) {
    var kept = remembered();
    if (kept.version === version && kept.day === today() && kept.list === listUrl && kept.failed === 0) {
      state = "ready";
      showState();
      return;
    }
    if (asked === version || !navigator.onLine) {
      showState();
      return;
    }
    asked = version;
    worker.postMessage({ type: "precache", url: listUrl });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "version" && event.source) {
      ask(event.source, data.version);
    } else if (data.type === "precache-progress") {
      state = "saving";
      if (navigator.onLine) {
        show(TEXT.msgSaving + data.done + "/" + data.total, "saving");
      }
    } else if (data.type === "precache-done") {
      if (data.failed === 0) {
        remember({ version: data.version, day: today(), list: listUrl, failed: 0 });
        state = "ready";
      } else {
        if (window.console && data.missing) {
          window.console.warn("Panduan: belum tersimpan di ponsel:", data.missing.join(", "));
        }
        remember({});
        asked = "";
        state = "partial";
      }
      showState();
    }
  });
  navigator.serviceWorker.startMessages();

  function hello() {
    navigator.serviceWorker.ready.then(function (registration) {
      var worker = navigator.serviceWorker.controller || registration.active;
      if (worker) {
        worker.postMessage({ type: "version" });
      }
    });
  }

  navigator.serviceWorker.register(workerUrl, { scope: scope }).then(hello, function () {
    // No worker (a browser setting, an old browser): the guide stays online-only.
  });
  // A new version of the worker (a new edition was published) takes over: keep its copy.
  navigator.serviceWorker.addEventListener("controllerchange", hello);
})();
