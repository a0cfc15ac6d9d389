// The C.Hasil photo is shrunk on the phone before it is sent (templates/tally/_sheet_form.html):
// a camera photo of several MB becomes a JPEG of at most 1600 px (quality 0.8), a few hundred
// KB, which poor signal can carry. The server checks and re-encodes it again (tally/services.py).
// Without this file, or in a browser that cannot, the original photo is sent.
(function () {
  "use strict";

  var MAX_SIDE = 1600;
  var QUALITY = 0.8;

  function shrink(input) {
    var file = input.files && input.files[0];
    var note = input.form && input.form.querySelector("[data-photo-note]");
    if (!file || !/^image\//.test(file.type) || typeof window.DataTransfer !== "function") {
      return;
    }
    if (typeof window.createImageBitmap !== "function") {
      return;
    }
    // createImageBitmap reads the file without a blob: URL, which the CSP (img-src) refuses.
    window.createImageBitmap(file, { imageOrientation: "from-image" }).then(
      function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(
          function (blob) {
            if (!blob || blob.size >= file.size) {
              return;
            }
            var transfer = new DataTransfer();
            transfer.items.add(new File([blob], "c-hasil.jpg", { type: "image/jpeg" }));
            input.files = transfer.files;
            if (note) {
              note.textContent =
                Math.round(file.size / 1024) + " KB → " + Math.round(blob.size / 1024) + " KB";
              note.hidden = false;
            }
          },
          "image/jpeg",
          QUALITY
        );
      },
      function () {
        // Not an image the browser can read: the server says so when the form is sent.
      }
    );
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-shrink")) {
      shrink(target);
    }
  });
})();
