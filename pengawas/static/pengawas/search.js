// Supervisors' voter search and TPS list. The pages work without this file; it adds:
// - the search filters open by default on a wide screen;
// - a "Cetak" (print) button on the TPS list;
// - the NIK search follows the election and list chosen in the name search;
// - after the pager, the new page of results is shown from its top.
(function () {
  "use strict";

  // The filters fold away on a phone, to keep the results near the top; a wide screen
  // has room for them.
  if (window.matchMedia("(min-width: 40rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "nik-form") {
      return;
    }
    ["election", "snapshot"].forEach(function (name) {
      var select = document.getElementById("id_" + name);
      if (select) {
        event.detail.parameters[name] = select.value;
      }
    });
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
