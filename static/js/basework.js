// Basework's only script besides htmx. No inline scripts anywhere (the CSP forbids them).
// Pages opt in to behaviour with data attributes; each feature says which below.
"use strict";

// The service worker (/sw.js, core.pwa): keeps the app shell, the offline page, tonight's
// serve and today's run. It is told the page's language (for its offline page). At sign-out
// every cache, the outbox (IndexedDB) and this site's localStorage are dropped here before
// the form is sent; the server's Clear-Site-Data header does the same where supported.
(function () {
  if ("serviceWorker" in navigator) {
    const language = document.documentElement.lang;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then(function (registration) {
        if (!registration.active) return;
        registration.active.postMessage({ type: "language", language: language });
        // Not through the worker yet (its first start): a page to keep is fetched once more.
        if (!navigator.serviceWorker.controller && document.querySelector("[data-kept-at]")) {
          registration.active.postMessage({ type: "keep", url: window.location.href });
        }
      })
      .catch(function () {
        /* no worker (private window, old browser): the pages still work online */
      });
  }

  // Ask the worker something and wait for its "done" (at most 1.5 s). Also run.js's.
  function askWorker(message) {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) return Promise.resolve();
    return new Promise(function (resolve) {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      worker.postMessage(message, [channel.port2]);
      window.setTimeout(resolve, 1500);
    });
  }

  function forgetEverything() {
    const done = [askWorker({ type: "forget-all" })];
    if (window.caches) {
      done.push(caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name)))));
    }
    if (window.indexedDB) {
      done.push(
        new Promise(function (resolve) {
          const r = window.indexedDB.deleteDatabase("basework");
          r.onsuccess = r.onerror = r.onblocked = resolve;
        })
      );
    }
    try {
      Object.keys(window.localStorage)
        .filter((key) => key.indexOf("basework.") === 0)
        .forEach((key) => window.localStorage.removeItem(key));
    } catch (e) {
      /* storage unavailable: nothing kept there */
    }
    return Promise.all(done.map((p) => p.catch(() => null)));
  }

  window.BaseworkWorker = { ask: askWorker };

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("form[action$='/accounts/logout/']") || form.dataset.cleared) return;
    event.preventDefault();
    forgetEverything().finally(function () {
      form.dataset.cleared = "true";
      form.submit();
    });
  });
})();
