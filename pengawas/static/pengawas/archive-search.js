// Archive search (/arsip/cari/). The page works without this file; it adds:
// - the filters open by default on a wide screen;
// - `cari=1` only on a search the user submits (the Cari button, Enter, a page button), so
//   the server writes the audit entry for those and not for the searches made while typing.
(function () {
  "use strict";

  if (window.matchMedia("(min-width: 40rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "archive-search-form") {
      return;
    }
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === "submit") {
      event.detail.parameters["cari"] = "1";
    } else {
      delete event.detail.parameters["cari"];
      delete event.detail.parameters["page"];
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var config = event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (trigger && trigger.submitter && trigger.submitter.name === "page") {
      var results = document.getElementById("results");
      if (results) {
        results.scrollIntoView();
      }
    }
  });
})();
