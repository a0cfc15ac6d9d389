// Archive uploads (records pages). The forms work without this file; it adds:
// - the files chosen (from the picker and the camera) listed with their sizes before sending;
// - the send button turns into "Mengunggah…" and cannot be pressed twice during a long upload.
(function () {
  "use strict";

  function size(bytes) {
    var units = ["B", "KB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
  }

  function render(listId) {
    var list = document.getElementById(listId);
    if (!list) {
      return;
    }
    list.textContent = "";
    document.querySelectorAll('input[data-file-list="' + listId + '"]').forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.className = "archive-file-list-name";
        name.textContent = file.name;
        var bytes = document.createElement("span");
        bytes.className = "muted";
        bytes.textContent = size(file.size);
        item.appendChild(name);
        item.appendChild(bytes);
        list.appendChild(item);
      });
    });
  }

  document.querySelectorAll("input[data-file-list]").forEach(function (input) {
    input.addEventListener("change", function () {
      render(input.getAttribute("data-file-list"));
    });
  });

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("button[type=submit][data-busy-label]");
      if (!button) {
        return;
      }
      if (button.disabled) {
        event.preventDefault();
        return;
      }
      // Disabled after the submission has started, so the button's own value still goes.
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = button.getAttribute("data-busy-label");
      }, 0);
    });
  });
})();
