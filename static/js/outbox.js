// The phone's one outbox (window.BaseworkOutbox) for every action that must not be lost: the
// serve's taps, handouts given out, the driver's delivered / could-not-deliver marks.
//
// Each action is stored in IndexedDB (it survives the browser being closed) with its own
// idempotency key before it is sent; the outbox sends them oldest first, one at a time (one
// tab at a time, through a Web Lock), retries with a growing delay, and drops an action only
// once the server answered it. The server counts a key once, so an action whose answer was
// lost and is sent again still counts once. Nothing personal is stored: a URL, a key and the
// form's few fields (a counter, a reason). The status line ([data-outbox-status]) says
// "offline · 4 waiting" or "all sent", in the words the page gives it (data-msg-*).
"use strict";

(function () {
  const DB_NAME = "basework";
  const STORE = "outbox";
  const RETRY_MIN_MS = 2000;
  const RETRY_MAX_MS = 30000;
  const listeners = {};
  const changeListeners = [];
  let dbPromise = null;
  let memory = null; // when IndexedDB is refused (private window): kept while the page is open
  let memorySeq = 0;
  let sending = false;
  let inFlight = null;
  let retryTimer = null;
  let retryDelay = RETRY_MIN_MS;
  let waiting = 0;
  let held = false; // signed out or refused by the server for now: kept, tried again

  function uuid4() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // A random id this phone keeps ("undo" takes back this phone's last tap). Not personal.
  function deviceId() {
    try {
      let id = window.localStorage.getItem("basework.device");
      if (!id) {
        id = uuid4();
        window.localStorage.setItem("basework.device", id);
      }
      return id;
    } catch (e) {
      return "";
    }
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        const r = window.indexedDB.open(DB_NAME, 1);
        r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        r.onsuccess = function () {
          r.result.onversionchange = () => r.result.close(); // sign-out deletes the database
          resolve(r.result);
        };
        r.onerror = () => reject(r.error);
      }).catch(function () {
        memory = memory || [];
        return null;
      });
    }
    return dbPromise;
  }

  async function store(mode) {
    const db = await open();
    return db ? db.transaction(STORE, mode).objectStore(STORE) : null;
  }

  async function list() {
    const s = await store("readonly");
    return s ? request(s.getAll()) : memory.slice();
  }

  async function remove(seq) {
    const s = await store("readwrite");
    if (s) await request(s.delete(seq));
    else memory = memory.filter((e) => e.seq !== seq);
  }

  async function add(entry) {
    entry.key = entry.key || uuid4();
    entry.at = new Date().toISOString();
    const s = await store("readwrite");
    if (s) entry.seq = await request(s.add(entry));
    else memory.push(Object.assign(entry, { seq: ++memorySeq }));
    await changed();
    flush();
    return entry;
  }

  // Take back an action not sent yet (the serve's "undo"); false if it is being sent now.
  async function take(seq) {
    if (inFlight === seq) return false;
    await remove(seq);
    await changed();
    return true;
  }

  async function changed() {
    const entries = await list();
    waiting = entries.length;
    showStatus();
    changeListeners.forEach((fn) => fn(entries));
  }

  function showStatus() {
    document.querySelectorAll("[data-outbox-status]").forEach(function (line) {
      const offline = !navigator.onLine;
      let name = "AllSent";
      if (offline) name = waiting ? "Offline" : "OfflineEmpty";
      else if (waiting) name = "Waiting";
      line.textContent = (line.dataset["msg" + name] || "").replace("{count}", String(waiting));
      line.dataset.waiting = String(waiting);
      line.classList.toggle("sync-bad", offline || waiting > 0);
    });
  }

  function notify(entry, event, data, status) {
    (listeners[entry.group] || []).forEach((fn) => fn(event, entry, data, status));
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  // The server's JSON answer, or null for anything else (the login page, an error page).
  async function readJson(response) {
    const type = response.headers.get("Content-Type") || "";
    if (response.redirected || type.indexOf("application/json") === -1) return null;
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  }

  async function sendOne(entry) {
    const body = new URLSearchParams(entry.fields || {});
    body.set("key", entry.key);
    body.set("device", deviceId());
    let response;
    try {
      response = await window.fetch(entry.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
    } catch (e) {
      return "retry"; // no connection
    }
    const data = await readJson(response);
    if (data && response.ok) {
      await remove(entry.seq);
      notify(entry, "sent", data, response.status);
      return "done";
    }
    if ((data && (response.status === 409 || response.status === 400)) || response.status === 404) {
      // Answered, and never to be counted as sent (closed serve, not understood, a delivery
      // no longer on this driver's run, as when its mark got there before): drop it.
      await remove(entry.seq);
      notify(entry, "refused", data, response.status);
      return "done";
    }
    // Signed out (the login page), CSRF refused, server down: keep it, try again later.
    held = response.redirected || response.status === 403;
    notify(entry, "held", data, response.redirected ? 401 : response.status);
    return "retry";
  }

  async function drain() {
    for (;;) {
      const entries = await list();
      if (!entries.length) break;
      inFlight = entries[0].seq;
      const outcome = await sendOne(entries[0]);
      inFlight = null;
      await changed();
      if (outcome === "retry") {
        scheduleRetry();
        break;
      }
      held = false;
      retryDelay = RETRY_MIN_MS;
    }
  }

  async function flush() {
    if (sending) return;
    sending = true;
    try {
      if (navigator.locks) await navigator.locks.request("basework-outbox", drain);
      else await drain();
    } finally {
      sending = false;
      showStatus();
    }
  }

  window.BaseworkOutbox = {
    add: add,
    list: list,
    take: take,
    flush: flush,
    uuid4: uuid4,
    device: deviceId,
    waiting: () => waiting,
    held: () => held,
    on: function (group, fn) {
      (listeners[group] = listeners[group] || []).push(fn);
    },
    onChange: function (fn) {
      changeListeners.push(fn);
    },
  };

  window.addEventListener("online", function () {
    retryDelay = RETRY_MIN_MS;
    showStatus();
    flush();
  });
  window.addEventListener("offline", showStatus);
  document.addEventListener("DOMContentLoaded", function () {
    changed().then(flush);
  });
})();
