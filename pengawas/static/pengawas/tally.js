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
    var url = URL.createObjectURL(file);
    var image = new Image();
    image.onload = function () {
      var scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(image.naturalWidth * scale);
      canvas.height = Math.round(image.naturalHeight * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(
        function (blob) {
          if (!blob || blob.size >= file.size) {
            return;
          }
          var transfer = new DataTransfer();
          transfer.items.add(new File([blob], "c-hasil.jpg", { type: "image/jpeg" }));
          input.files = transfer.files;
          if (note) {
            note.textContent = Math.round(file.size / 1024) + " KB → " + Math.round(blob.size / 1024) + " KB";
            note.hidden = false;
          }
        },
        "image/jpeg",
        QUALITY
      );
    };
    image.onerror = function () {
      URL.revokeObjectURL(url);
    };
    image.src = url;
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-shrink")) {
      shrink(target);
    }
  });
})();
