{% autoescape off %}// The Form A page's service worker (rendered by form_a/views.service_worker).
// The page (static/pengawas/form-a.js) asks it to keep the page and its files; without
// signal the kept page opens, and form-a.js fills it from the draft kept on the phone.
// - the page: network first, the kept copy when the network fails;
// - static files: the kept copy first;
// - anything else (the API, other pages): the network only.
"use strict";

const VERSION = "{{ version|escapejs }}";
const PREFIX = "pengawas-form-a-";
const CACHE = PREFIX + VERSION;
const SCOPE = "{{ scope|escapejs }}";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    (async function () {
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
      await self.clients.claim();
    })()
  );
});

function keepable(response) {
  return (
    response &&
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected
  );
}

async function keep(key, response) {
  if (!keepable(response)) {
    return false;
  }
  const cache = await caches.open(CACHE);
  await cache.put(key, response);
  return true;
}

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) {
    return;
  }
  const work = (async function () {
    let ok = 0;
    for (const raw of data.urls) {
      const url = new URL(raw, self.location.href);
      if (url.origin !== self.location.origin) {
        continue;
      }
      try {
        const response = await fetch(url.href, { credentials: "same-origin", cache: "reload" });
        if (await keep(url.origin + url.pathname, response)) {
          ok += 1;
        }
      } catch (error) {
        // No signal: kept next time.
      }
    }
    if (event.source) {
      event.source.postMessage({ type: "kept", ok: ok, total: data.urls.length });
    }
  })();
  event.waitUntil(work);
});

async function kept(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key, { ignoreVary: true, ignoreSearch: true });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    if (url.pathname !== SCOPE) {
      return;
    }
    event.respondWith(
      fetch(request).then(
        function (response) {
          if (!url.search) {
            const copy = response.clone();
            event.waitUntil(keep(url.origin + url.pathname, copy));
          }
          return response;
        },
        async function (error) {
          const copy = await kept(url.origin + url.pathname);
          if (copy) {
            return copy;
          }
          throw error;
        }
      )
    );
    return;
  }
  event.respondWith(
    kept(url.origin + url.pathname).then(function (copy) {
      return copy || fetch(request);
    })
  );
});
{% endautoescape %}
