// The user's own account pages. They work without this file; it adds the "Cetak" (print)
// button of the recovery codes.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
