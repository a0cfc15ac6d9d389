// Incidents at a TPS on a phone with poor signal (same approach as guide-checklist.js):
// - on "Simpan kejadian", the incident is first kept on the phone (localStorage) with its
//   client_uuid (made by the server when the form was shown), then sent to the JSON endpoint;
// - when there is no signal it stays queued, and is sent when the page opens or the `online`
//   event fires; the server records one incident per client_uuid, so a resend is harmless;
// - without JavaScript the form posts normally (the same client_uuid field guards it).
(function () {
  "use strict";
  var form = document.querySelector("form[data-incidents-api]");
  if (!form || !window.fetch || !window.localStorage) {
    return;
  }
  var api = form.getAttribute("data-incidents-api");
  var tps = form.getAttribute("data-tps");
  var KEY = "pengawas-kejadian-" + tps;
  var status = document.querySelector("[data-incidents-status]");
  var csrf = (form.querySelector('input[name="csrfmiddlewaretoken"]') || {}).value || "";
  var sending = false;

  function queue() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
  }
  function keep(items) {
    window.localStorage.setItem(KEY, JSON.stringify(items));
    say(items.length ? items.length + " kejadian tersimpan di ponsel, dikirim saat ada sinyal." : "");
  }
  function say(text) {
    if (status) {
      status.textContent = text;
      status.hidden = !text;
    }
  }
  function fromForm() {
    var data = new FormData(form);
    var time = data.get("time");
    var when = new Date();
    if (time) {
      var parts = String(time).split(":");
      when.setHours(Number(parts[0]), Number(parts[1]), 0, 0);
    }
    var count = String(data.get("count") || "").trim();
    return {
      tps: Number(tps),
      client_uuid: String(data.get("client_uuid")),
      code: String(data.get("code") || ""),
      count: count ? Number(count) : null,
      note: String(data.get("note") || ""),
      occurred_at: when.toISOString()
    };
  }
  function send() {
    var items = queue();
    if (sending || !items.length) {
      return Promise.resolve(false);
    }
    sending = true;
    var item = items[0];
    return fetch(api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(item)
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, status: response.status, data: data };
        });
      })
      .then(function (result) {
        sending = false;
        if (result.data && result.data.csrf) {
          csrf = result.data.csrf;
        }
        if (result.ok || result.status === 400) {
          // Recorded (or refused for good, with the reason shown): off the queue.
          keep(queue().filter(function (kept) { return kept.client_uuid !== item.client_uuid; }));
          if (!result.ok) {
            say((result.data && result.data.error) || "Kejadian ditolak.");
            return false;
          }
          if (queue().length) {
            return send();
          }
          window.location.assign(window.location.pathname + "#jawaban");
          window.location.reload();
          return true;
        }
        return false;
      })
      .catch(function () {
        sending = false;
        keep(queue());
        return false;
      });
  }

  function newUuid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  form.addEventListener("submit", function (event) {
    var item = fromForm();
    if (!item.code) {
      return; // the server's form explains what is missing
    }
    event.preventDefault();
    var items = queue().filter(function (kept) { return kept.client_uuid !== item.client_uuid; });
    items.push(item);
    keep(items);
    // The next incident written on this page is another one: a fresh key, an empty form.
    form.reset();
    form.querySelector('input[name="client_uuid"]').value = newUuid();
    send();
  });
  window.addEventListener("online", send);
  keep(queue());
  send();
})();
