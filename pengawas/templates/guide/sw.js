{% load static i18n %}{% get_current_language as LANGUAGE_CODE %}{% autoescape off %}// The Panduan's service worker (rendered by guide/views_offline.service_worker).
// After one visit the handbook, the voting-day guide, the decision guides, search and the
// PTPS's checklist open without signal. The page (static/pengawas/guide-offline.js) tells the
// worker what to keep: the offline list of the edition it shows.
//
// - pages under the scope: network first (4 s), the kept copy when the network fails;
//   /panduan/cari?q=… offline: the kept search page, which answers from the kept index;
// - static files and the search index: the kept copy first, then the network;
// - /api/…: network only; nothing else is kept but fresh 200 answers that were not redirected,
//   never the login page.
"use strict";

const VERSION = "{{ version|escapejs }}";
const PREFIX = "pengawas-panduan-";
const CACHE = PREFIX + VERSION;
const SCOPE = "{{ scope|escapejs }}";
const LOGIN = "{{ login_url|escapejs }}";
const SEARCH_PAGE = "{% url 'guide-search' as search_url %}{{ search_url|escapejs }}";
const STYLESHEET = "{% static 'pengawas/pengawas.css' as css_url %}{{ css_url|escapejs }}";
const STATIC = "{% get_static_prefix as static_prefix %}{{ static_prefix|escapejs }}";
const INDEX = new RegExp("^" + SCOPE + "[a-z0-9-]+/indeks\\.json$");
const HOME = SCOPE;
const NETWORK_TIMEOUT = 4000;
const PARALLEL = 1; // one request at a time: gentle on a weak signal and on the server
// Written into the cache once every URL of the offline list was kept: this version's copy is
// whole, and the copies of earlier versions may go.
const COMPLETE = SCOPE + "__lengkap__";

self.addEventListener("install", function () {
  // Nothing heavy here: the page sends the list to keep once the worker runs.
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    (async function () {
      // The copy of an earlier version stays until this version's copy is whole (a phone
      // may lose signal in the middle of refreshing it); every other copy goes now.
      const names = (await caches.keys()).filter(function (name) {
        return name.startsWith(PREFIX) && name !== CACHE;
      });
      let keep = null;
      if (!(await isComplete(CACHE))) {
        for (const name of names) {
          if (await isComplete(name)) {
            keep = name;
          }
        }
      }
      await Promise.all(
        names
          .filter(function (name) {
            return name !== keep;
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
      await self.clients.claim();
    })()
  );
});

async function isComplete(name) {
  const cache = await caches.open(name);
  return Boolean(await cache.match(COMPLETE));
}

async function dropOtherVersions() {
  const names = await caches.keys();
  await Promise.all(
    names
      .filter(function (name) {
        return name.startsWith(PREFIX) && name !== CACHE;
      })
      .map(function (name) {
        return caches.delete(name);
      })
  );
}

// --- what may be kept ---------------------------------------------------------------------

function keepable(response) {
  if (!response || response.status !== 200 || response.type !== "basic" || response.redirected) {
    return false;
  }
  const url = new URL(response.url);
  return url.origin === self.location.origin && !url.pathname.startsWith(LOGIN);
}

async function keep(key, response) {
  if (!keepable(response)) {
    return false;
  }
  const cache = await caches.open(CACHE);
  await cache.put(key, response);
  return true;
}

// A page of the list that redirects within the scope (/panduan/ → the PTPS's series, the
// manifest's start_url) is kept as that redirect, and the page it leads to as itself.
// A redirect anywhere else (the login page) is not kept.
async function keepFollowed(key, response) {
  if (!response || !response.redirected || response.status !== 200 || response.type !== "basic") {
    return keep(key, response);
  }
  const target = new URL(response.url);
  const requested = new URL(key, self.location.href);
  if (
    target.origin !== self.location.origin ||
    !target.pathname.startsWith(SCOPE) ||
    target.pathname.startsWith(LOGIN) ||
    target.search ||
    requested.search
  ) {
    return false;
  }
  const cache = await caches.open(CACHE);
  const body = await response.blob();
  await cache.put(
    target.href,
    new Response(body, { status: 200, statusText: "OK", headers: response.headers })
  );
  await cache.put(requested.href, Response.redirect(target.href, 302));
  return true;
}

// The kept copy: this version's first, then an earlier whole copy that is still there.
async function kept(key) {
  const options = { ignoreVary: true };
  const cache = await caches.open(CACHE);
  const found = await cache.match(key, options);
  if (found) {
    return found;
  }
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) {
      const older = await (await caches.open(name)).match(key, options);
      if (older) {
        return older;
      }
    }
  }
  return undefined;
}

// --- keeping the offline list -------------------------------------------------------------

let running = null;

async function broadcast(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  windows.forEach(function (client) {
    client.postMessage(message);
  });
}

async function precache(listUrl) {
  const listResponse = await fetch(listUrl, { credentials: "same-origin", cache: "no-store" });
  if (!listResponse.ok || listResponse.redirected) {
    throw new Error("offline list: " + listResponse.status);
  }
  const list = await listResponse.json();
  const urls = Array.from(new Set(list.urls || []));
  const total = urls.length;
  let done = 0;
  let ok = 0;
  let failed = 0;
  const missing = [];
  await broadcast({ type: "precache-progress", done: 0, total: total });
  let next = 0;
  async function worker() {
    while (next < urls.length) {
      const url = urls[next];
      next += 1;
      try {
        const response = await fetch(url, { credentials: "same-origin", cache: "reload" });
        if (await keepFollowed(url, response)) {
          ok += 1;
        } else {
          failed += 1;
          missing.push(url + " (" + response.status + ")");
        }
      } catch (error) {
        failed += 1;
        missing.push(url + " (" + error + ")");
      }
      done += 1;
      await broadcast({ type: "precache-progress", done: done, total: total });
    }
  }
  const workers = [];
  for (let i = 0; i < PARALLEL; i += 1) {
    workers.push(worker());
  }
  await Promise.all(workers);
  if (failed === 0) {
    const cache = await caches.open(CACHE);
    await cache.put(COMPLETE, new Response(new Date().toISOString()));
    await dropOtherVersions();
  }
  return { ok: ok, failed: failed, missing: missing };
}

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type === "version") {
    if (event.source) {
      event.source.postMessage({ type: "version", version: VERSION });
    }
    return;
  }
  if (data.type !== "precache" || typeof data.url !== "string") {
    return;
  }
  const listUrl = new URL(data.url, self.location.href);
  if (listUrl.origin !== self.location.origin) {
    return;
  }
  if (!running) {
    running = precache(listUrl.href)
      .then(
        function (result) {
          return broadcast({
            type: "precache-done",
            ok: result.ok,
            failed: result.failed,
            missing: result.missing,
            version: VERSION,
          });
        },
        function () {
          return broadcast({ type: "precache-done", ok: 0, failed: -1, version: VERSION });
        }
      )
      .finally(function () {
        running = null;
      });
  }
  event.waitUntil(running);
});

// --- answering requests -------------------------------------------------------------------

function offlinePage() {
  const html =
    '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>{% filter escapejs %}{% translate "Tanpa sinyal" %}{% endfilter %} · Pengawas</title>" +
    '<link rel="stylesheet" href="' + STYLESHEET + '"></head>' +
    '<body><main class="site-main"><h1>{% filter escapejs %}{% translate "Tanpa sinyal" %}{% endfilter %}</h1>' +
    "<p>{% filter escapejs %}{% translate "Halaman ini belum tersimpan di ponsel, dan saat ini tidak ada sambungan ke server." %}{% endfilter %}</p>" +
    '<p><a href="' + HOME + '">{% filter escapejs %}{% translate "Buka panduan yang tersimpan" %}{% endfilter %}</a></p>' +
    "</main></body></html>";
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "default-src 'self'; script-src 'self'; style-src 'self'; base-uri 'none'",
    },
  });
}

async function pageFromCopy(url) {
  const found = await kept(url.search ? url.href : url.origin + url.pathname);
  if (found) {
    return found;
  }
  if (url.pathname === SEARCH_PAGE) {
    // The search page without a query: guide-search.js answers from the kept index.
    return kept(url.origin + SEARCH_PAGE);
  }
  return undefined;
}

function navigation(event, url) {
  // Network first. After NETWORK_TIMEOUT the kept copy is shown if there is one; the answer
  // that arrives later still refreshes the copy. Pages with a query (search results) are
  // not kept.
  let saving = Promise.resolve(false);
  const fromNetwork = fetch(event.request).then(function (response) {
    if (!url.search) {
      saving = keep(url.origin + url.pathname, response.clone());
    }
    return response;
  });
  event.waitUntil(
    fromNetwork.then(
      function () {
        return saving;
      },
      function () {
        return false;
      }
    )
  );
  return new Promise(function (resolve) {
    let settled = false;
    function settle(response) {
      if (!settled) {
        settled = true;
        resolve(response);
      }
    }
    const timer = setTimeout(function () {
      pageFromCopy(url).then(function (copy) {
        if (copy) {
          settle(copy);
        }
      });
    }, NETWORK_TIMEOUT);
    fromNetwork.then(
      function (response) {
        clearTimeout(timer);
        settle(response);
      },
      function () {
        clearTimeout(timer);
        pageFromCopy(url).then(function (copy) {
          settle(copy || offlinePage());
        });
      }
    );
  });
}

async function copyFirst(url, request) {
  const found = await kept(url.href);
  if (found) {
    return found;
  }
  const response = await fetch(request);
  await keep(url.href, response.clone());
  return response;
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return; // the network only
  }
  if (request.mode === "navigate") {
    if (url.pathname.startsWith(SCOPE)) {
      event.respondWith(navigation(event, url));
    }
    return;
  }
  if (url.pathname.startsWith(STATIC) || INDEX.test(url.pathname)) {
    event.respondWith(copyFirst(url, request));
  }
});
{% endautoescape %}
