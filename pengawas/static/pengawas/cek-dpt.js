/* Cek DPT: small additions to htmx for the public lookup page (no inline script: CSP). */
(function () {
  "use strict";
  var RESULT_ID = "cek-dpt-hasil";

  function isResult(target) {
    return Boolean(target) && target.id === RESULT_ID;
  }

  function offlineNotice(show) {
    var notice = document.getElementById("cekdpt-offline");
    if (notice) {
      notice.hidden = !show;
    }
  }

  // htmx leaves 4xx answers unswapped; the "please wait" answer (429) is meant to be read.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (isResult(event.detail.target) && event.detail.xhr.status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isResult(event.detail.target)) {
      offlineNotice(false);
    }
  });

  // Server errors and lost connections: say so instead of doing nothing.
  ["htmx:sendError", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (isResult(event.detail.target) && (!event.detail.xhr || event.detail.xhr.status !== 429)) {
        offlineNotice(true);
      }
    });
  });

  // On a phone the answer sits below the form: bring it into view and give it focus, so
  // screen readers start reading there.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (isResult(target)) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  });
})();
