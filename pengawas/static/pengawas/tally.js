// The C.Hasil photo is shrunk on the phone before it is sent (templates/tally/_sheet_form.html):
// a camera photo of several MB becomes a JPEG of at most 1600 px (quality 0.8), a few hundred
// KB, which poor signal can carry. The server checks and re-encodes it again (tally/services.py).
// Without this file, or in a browser that cannot, the original photo is sent.
//
// Poor signal: the sheet is sent with fetch. When there is no signal it is kept on the phone
// (localStorage, figures and the shrunk photo) and sent when the signal returns: on the
// `online` event and whenever the page opens again, even after the browser was closed. The
// form's client_uuid goes with it, so a sheet sent twice is stored once (tally/services.py).
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

  var form = document.querySelector("form.tally-form");
  var status = document.querySelector("[data-tally-sync]");
  var KEY = "pengawas.tally.pending." + window.location.pathname;
  var TEXT = status ? status.dataset : {};
  var sending = false;

  function say(text) {
    if (status) {
      status.textContent = text || "";
      status.hidden = !text;
    }
  }

  function pending() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function keep(entry) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(entry));
      return true;
    } catch (error) {
      // Full storage (a large photo): keep the figures at least.
      entry.photo = null;
      try {
        window.localStorage.setItem(KEY, JSON.stringify(entry));
        return true;
      } catch (again) {
        return false;
      }
    }
  }

  function dataUrlToBlob(url) {
    var parts = url.split(",");
    var bytes = window.atob(parts[1]);
    var array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i += 1) {
      array[i] = bytes.charCodeAt(i);
    }
    return new Blob([array], { type: "image/jpeg" });
  }

  function toFormData(entry) {
    var data = new FormData();
    entry.fields.forEach(function (pair) {
      data.append(pair[0], pair[1]);
    });
    if (entry.photo) {
      data.append("photo", dataUrlToBlob(entry.photo), "c-hasil.jpg");
    }
    return data;
  }

  // Sends a kept sheet; true when the server has it (stored now or before).
  function send(entry) {
    sending = true;
    say(TEXT.sending);
    return window
      .fetch(window.location.pathname, {
        method: "POST",
        body: toFormData(entry),
        credentials: "same-origin",
        headers: { "X-Tally-Sync": "1" },
      })
      .then(function (response) {
        sending = false;
        if (response.redirected && response.url.indexOf(TEXT.login) !== -1) {
          say(TEXT.loginAgain);
          return false;
        }
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("application/json") === 0) {
          return response.json().then(function (answer) {
            window.localStorage.removeItem(KEY);
            window.location.assign(answer.url);
            return true;
          });
        }
        if (response.status === 400) {
          // Refused (a photo that is not one, an old form): the server's page says why.
          window.localStorage.removeItem(KEY);
          return response.text().then(function (html) {
            document.open();
            document.write(html);
            document.close();
            return true;
          });
        }
        say(TEXT.kept);
        return false;
      })
      .catch(function () {
        sending = false;
        say(TEXT.kept);
        return false;
      });
  }

  function sendPending() {
    var entry = pending();
    if (entry && !sending) {
      send(entry);
    }
  }

  function readPhoto(input) {
    var file = input && input.files && input.files[0];
    if (!file) {
      return Promise.resolve(null);
    }
    return new Promise(function (resolve) {
      var reader = new FileReader();
      reader.onload = function () {
        resolve(reader.result);
      };
      reader.onerror = function () {
        resolve(null);
      };
      reader.readAsDataURL(file);
    });
  }

  if (form && status && window.fetch && window.localStorage) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = [];
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name && element.type !== "file" && element.type !== "submit") {
          fields.push([element.name, element.value]);
        }
      });
      readPhoto(form.querySelector('input[name="photo"]')).then(function (photo) {
        var entry = { fields: fields, photo: photo, kept_at: new Date().toISOString() };
        if (!keep(entry)) {
          form.submit();
          return;
        }
        send(entry);
      });
    });
    window.addEventListener("online", sendPending);
    // Signal that returns without an `online` event (the phone never noticed it was gone).
    window.setInterval(sendPending, 30000);
    if (pending()) {
      say(TEXT.kept);
      sendPending();
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-shrink")) {
      shrink(target);
    }
  });
})();
