// Before "Keluar": say what the phone still holds unsent. Logging out deletes nothing: Form A
// reports waiting for signal (IndexedDB, static/pengawas/form-a.js) and checklist marks not
// yet synced (localStorage, static/pengawas/guide-checklist.js) stay on the phone and go when
// the PTPS signs in again. A PTPS who logs out with reports still queued should know that,
// and may stay signed in to let them go. With nothing unsent the logout goes straight on.
(function () {
  "use strict";

  var form = document.querySelector("form[data-logout]");
  if (!form) {
    return;
  }
  var TEXT = form.dataset;
  var FORM_A_DB = "pengawas-form-a";
  var CHECKLIST_PREFIX = "pengawas.checklist.";
  var confirmed = false;

  function checklistMarks() {
    var count = 0;
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(CHECKLIST_PREFIX) === 0) {
          var kept = JSON.parse(window.localStorage.getItem(key) || "{}");
          var marks = (kept && kept.marks) || {};
          Object.keys(marks).forEach(function (id) {
            if (!marks[id].synced && !marks[id].refused) {
              count += 1;
            }
          });
        }
      }
    } catch (error) {
      return 0;
    }
    return count;
  }

  // Opening a database that does not exist would create it empty, without the store
  // form-a.js makes on its first run; so only a database the phone already has is opened.
  function queuedReports() {
    if (!window.indexedDB || !window.indexedDB.databases) {
      return Promise.resolve(0);
    }
    return window.indexedDB.databases().then(function (databases) {
      var present = databases.some(function (database) {
        return database.name === FORM_A_DB;
      });
      if (!present) {
        return 0;
      }
      return new Promise(function (resolve) {
        var request = window.indexedDB.open(FORM_A_DB);
        request.onerror = function () {
          resolve(0);
        };
        request.onsuccess = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains("reports")) {
            db.close();
            resolve(0);
            return;
          }
          var all = db.transaction("reports", "readonly").objectStore("reports").getAll();
          all.onsuccess = function () {
            db.close();
            resolve(
              all.result.filter(function (report) {
                return report.state === "queued";
              }).length
            );
          };
          all.onerror = function () {
            db.close();
            resolve(0);
          };
        };
      });
    });
  }

  function question(reports, marks) {
    var parts = [];
    if (reports) {
      parts.push(TEXT.msgReports.replace("{n}", reports));
    }
    if (marks) {
      parts.push(TEXT.msgMarks.replace("{n}", marks));
    }
    return TEXT.msgUnsent.replace("{what}", parts.join(" " + TEXT.msgAnd + " "));
  }

  function leave() {
    confirmed = true;
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (confirmed) {
      return;
    }
    event.preventDefault();
    var marks = checklistMarks();
    queuedReports()
      .catch(function () {
        return 0;
      })
      .then(function (reports) {
        if ((!reports && !marks) || window.confirm(question(reports, marks))) {
          leave();
        }
      });
  });
})();
