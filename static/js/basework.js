// Basework's only script besides htmx. No inline scripts anywhere (the CSP forbids them).
// Pages opt in to behaviour with data attributes; each feature says which below.
"use strict";

// The service worker (/sw.js, core.pwa): keeps the app shell, the offline page, tonight's
// serve and today's run. It is told the page's language (for its offline page) and, at
// sign-out, to drop every cache; the outbox and this site's localStorage go too (the
// server's Clear-Site-Data header does the same where the browser supports it).
(function () {
  if (!("serviceWorker" in navigator)) return;
  const language = document.documentElement.lang;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "language", language: language });
    })
    .catch(function () {
      /* no worker (private window, old browser): the pages still work online */
    });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches || !form.matches("form[action$='/accounts/logout/']") || form.dataset.cleared) return;
    event.preventDefault();
    const clear = [];
    const worker = navigator.serviceWorker.controller;
    if (worker) {
      clear.push(
        new Promise(function (resolve) {
          const channel = new MessageChannel();
          channel.port1.onmessage = resolve;
          worker.postMessage({ type: "forget-all" }, [channel.port2]);
          window.setTimeout(resolve, 1500);
        })
      );
    }
    if (window.BaseworkOutbox) clear.push(window.BaseworkOutbox.destroy());
    try {
      Object.keys(window.localStorage)
        .filter((key) => key.indexOf("basework.") === 0)
        .forEach((key) => window.localStorage.removeItem(key));
    } catch (e) {
      /* storage unavailable: nothing kept there */
    }
    Promise.all(clear).finally(function () {
      form.dataset.cleared = "true";
      form.submit();
    });
  });
})();
