// Basework's service worker (hand-written, no library: it is small, and a vendored library
// would be more code on the phone than this whole file). Served from /sw.js by core.pwa, which
// puts `const BASEWORK = {version, shell, header, aliases}` above this source.
//
// What it keeps, and nothing else:
// - the app shell (CSS, JS, icons) and the "you're offline" page in every language;
// - pages whose answer carries the X-Basework-Offline header ("serve <day>" or "run <day>"):
//   tonight's serve and today's driver run. Each is kept for its day only, replaced at every
//   online visit, and dropped the next day. A delivered stop is cut out of the kept run at
//   once (the page asks, see run.js), and logout clears everything (Clear-Site-Data, and
//   the page asks the worker to drop its caches). A page opened before the worker controlled
//   it asks to be kept ("keep"): one online visit is enough.
// Every other page that fails to load answers with the offline page, never the browser's.
"use strict";

const SHELL_CACHE = "basework-shell-" + BASEWORK.version;
const PAGES_CACHE = "basework-pages";
const LANGUAGE_KEY = "/__basework/language";

function localDay() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(BASEWORK.shell)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("basework-shell-") && name !== SHELL_CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(dropOldPages)
      .then(() => self.clients.claim())
  );
});

// Pages kept for another day than today go (a run's addresses last its day only).
async function dropOldPages() {
  const cache = await caches.open(PAGES_CACHE);
  const today = localDay();
  for (const request of await cache.keys()) {
    if (request.url.endsWith(LANGUAGE_KEY)) continue;
    const response = await cache.match(request);
    const kept = response ? (response.headers.get(BASEWORK.header) || "").split(" ") : [];
    if (kept[1] !== today) await cache.delete(request);
  }
}

async function keptPage(request) {
  const cache = await caches.open(PAGES_CACHE);
  const path = new URL(request.url).pathname;
  const alias = BASEWORK.aliases[path];
  let found = null;
  if (alias) {
    // "Tonight's serve" and "my run" redirect online: offline, the kept page of that kind.
    for (const key of await cache.keys()) {
      const response = await cache.match(key);
      if (response && (response.headers.get(BASEWORK.header) || "").split(" ")[0] === alias) {
        found = response;
      }
    }
  } else {
    found = await cache.match(request, { ignoreSearch: true });
  }
  if (!found) return null;
  if ((found.headers.get(BASEWORK.header) || "").split(" ")[1] !== localDay()) {
    await dropOldPages();
    return null;
  }
  return found;
}

async function offlinePage() {
  const pages = await caches.open(PAGES_CACHE);
  const stored = await pages.match(LANGUAGE_KEY);
  const language = stored ? await stored.text() : "";
  const shell = await caches.open(SHELL_CACHE);
  const offlineUrls = BASEWORK.shell.filter((url) => url.indexOf("/offline/") !== -1);
  const url = offlineUrls.find((u) => u.indexOf("/offline/" + language + "/") !== -1) || offlineUrls[0];
  const response = await shell.match(url);
  return response || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}

// Keep a page the server marked for offline use (X-Basework-Offline), in place of the last
// one of its kind: the new one replaces yesterday's (or another serve's).
async function keep(url, response) {
  const kind = response.headers.get(BASEWORK.header);
  if (!kind || !response.ok) return;
  const cache = await caches.open(PAGES_CACHE);
  for (const key of await cache.keys()) {
    const old = await cache.match(key);
    if (old && (old.headers.get(BASEWORK.header) || "").split(" ")[0] === kind.split(" ")[0]) {
      await cache.delete(key);
    }
  }
  await cache.put(response.url || url, response.clone());
}

async function navigate(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    await keep(request.url, response);
    return response;
  } catch (error) {
    return (await keptPage(request)) || offlinePage();
  }
}

// The first visit, before the worker controlled the page: the page asks to be kept.
async function keepUrl(url) {
  if (new URL(url).origin !== self.location.origin) return;
  try {
    await keep(url, await fetch(url, { credentials: "same-origin" }));
  } catch (error) {
    /* no connection: kept at the next visit */
  }
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.waitUntil(dropOldPages()); // a run kept yesterday goes at the first page opened today
    event.respondWith(navigate(event));
    return;
  }
  if (BASEWORK.shell.indexOf(new URL(request.url).pathname) !== -1) {
    event.respondWith(
      caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request))
    );
  }
});

// Cut a stop (<li data-stop="pk">…</li>) out of the kept run page: its address and phone
// leave the phone as soon as it is marked delivered.
async function forgetStop(pk) {
  const cache = await caches.open(PAGES_CACHE);
  const pattern = new RegExp(
    "<li[^>]*data-stop=\"" + String(parseInt(pk, 10)) + "\"[\\s\\S]*?<!-- /stop -->\\s*</li>",
    "g"
  );
  for (const key of await cache.keys()) {
    const response = await cache.match(key);
    if (!response || (response.headers.get(BASEWORK.header) || "").split(" ")[0] !== "run") continue;
    const html = await response.text();
    const cut = html.replace(pattern, "");
    if (cut !== html) {
      const headers = new Headers(response.headers);
      headers.delete("Content-Length");
      await cache.put(key, new Response(cut, { status: 200, headers: headers }));
    }
  }
}

self.addEventListener("message", function (event) {
  const data = event.data || {};
  let done = Promise.resolve();
  if (data.type === "language" && /^[a-z-]{2,8}$/.test(data.language || "")) {
    done = caches.open(PAGES_CACHE).then((cache) => cache.put(LANGUAGE_KEY, new Response(data.language)));
  } else if (data.type === "keep" && typeof data.url === "string") {
    done = keepUrl(data.url);
  } else if (data.type === "forget-stop") {
    done = forgetStop(data.stop);
  } else if (data.type === "forget-all") {
    done = caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name))));
  }
  event.waitUntil(
    done.then(() => {
      if (event.ports && event.ports[0]) event.ports[0].postMessage("done");
    })
  );
});
