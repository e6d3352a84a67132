// The serve page's tap counters (opt in with [data-serve]).
//
// Every tap gets its own key and goes into a queue kept in localStorage before it is sent, so
// a tap is never lost: if sending fails (no signal, signed out, server down) the page says so
// and sends the queue again later, oldest first. The server counts a key once, so a tap sent
// twice (its answer was lost) is still one tap. "Undo" takes back this phone's last tap: from
// the queue if it was not sent yet, otherwise on the server (with a key of its own).
// The words shown come from the page's data-msg-* attributes, already translated.
"use strict";

(function () {
  const root = document.querySelector("[data-serve]");
  if (!root) return;

  const QUEUE_KEY = "basework.serve." + root.dataset.serve + ".queue";
  const POLL_MS = 5000;
  const RETRY_MIN_MS = 2000;
  const RETRY_MAX_MS = 30000;
  const statusLine = root.querySelector("[data-sync-status]");
  const undoStatus = root.querySelector("[data-undo-status]");
  const householdsOut = root.querySelector("[data-households]");
  const csrfToken = (function () {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  })();

  let totals = {};
  let sending = false;
  let retryTimer = null;
  let retryDelay = RETRY_MIN_MS;
  let signedOut = false;
  let lost = 0;
  let isOpen = root.dataset.open === "true";
  let memoryQueue = [];

  // --- storage: localStorage when the browser allows it, else memory (still retried) ---
  function loadQueue() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (e) {
      return memoryQueue;
    }
  }
  function saveQueue(queue) {
    memoryQueue = queue;
    try {
      window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    } catch (e) {
      /* private browsing: the memory copy still retries while the page is open */
    }
  }

  function uuid4() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

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
  const device = deviceId();

  function message(name, count) {
    return (root.dataset["msg" + name] || "").replace("{count}", String(count));
  }

  // --- what the page shows: the server's totals plus this phone's taps not yet sent ---
  function render() {
    const queue = loadQueue();
    const pending = {};
    queue.forEach(function (op) {
      if (op.op === "tap") pending[op.counter] = (pending[op.counter] || 0) + 1;
    });
    root.querySelectorAll("form[data-counter]").forEach(function (form) {
      const key = form.dataset.counter;
      const out = form.querySelector("[data-total]");
      const value = (totals[key] || 0) + (pending[key] || 0);
      if (out) out.textContent = String(value);
      form.classList.toggle("has-pending", Boolean(pending[key]));
      const button = form.querySelector("button");
      if (button) button.disabled = !isOpen;
    });
    if (householdsOut) {
      const households =
        (totals.household_new || 0) + (pending.household_new || 0) +
        (totals.household_returning || 0) + (pending.household_returning || 0);
      householdsOut.textContent = String(households);
    }
    const waiting = queue.length;
    let text = "";
    let bad = false;
    if (!isOpen) {
      text = message("Closed", 0);
      bad = true;
    }
    if (waiting) {
      text = message(signedOut ? "SignedOut" : "Pending", waiting);
      bad = true;
    } else if (lost) {
      text = message("Lost", lost);
      bad = true;
    } else if (isOpen && root.dataset.sentOnce === "true") {
      text = message("AllSent", 0);
    }
    if (statusLine) {
      statusLine.textContent = text;
      statusLine.classList.toggle("sync-bad", bad);
      statusLine.dataset.pending = String(waiting);
    }
  }

  // The server's JSON answer, or null for anything else (the login page, an error page).
  async function readTotals(response) {
    const type = response.headers.get("Content-Type") || "";
    if (response.redirected || type.indexOf("application/json") === -1) return null;
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  }

  function applyServer(data) {
    if (!data) return;
    if (data.totals) totals = data.totals;
    if (data.open === false) isOpen = false;
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function post(url, fields) {
    const body = new URLSearchParams(fields);
    body.set("device", device);
    return window.fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    });
  }

  // --- sending the queue, oldest first, one at a time ---
  async function flush() {
    if (sending) return;
    sending = true;
    try {
      for (;;) {
        const queue = loadQueue();
        if (!queue.length) break;
        const op = queue[0];
        const url = op.op === "undo" ? root.dataset.undoUrl : root.dataset.tapUrl;
        let response;
        try {
          response = await post(url, Object.assign({ key: op.key }, op.fields || {}));
        } catch (e) {
          scheduleRetry(); // no connection: keep everything, try again
          break;
        }
        if (response.status === 409 || response.status === 400) {
          // Can never be counted (closed serve, or not understood): say so, don't retry.
          const data = await readTotals(response);
          applyServer(data);
          saveQueue(loadQueue().filter((o) => o.key !== op.key));
          if (op.op === "tap") lost += 1;
          if (response.status === 400 && undoStatus) undoStatus.textContent = message("Rejected", 0);
          continue;
        }
        const data = response.ok ? await readTotals(response) : null;
        if (!data) {
          // Signed out (sent to the login page), CSRF refused or server error: keep it.
          signedOut = response.redirected || response.status === 403;
          scheduleRetry();
          break;
        }
        signedOut = false;
        retryDelay = RETRY_MIN_MS;
        applyServer(data);
        saveQueue(loadQueue().filter((o) => o.key !== op.key));
        root.dataset.sentOnce = "true";
        if (op.op === "undo" && undoStatus) undoStatus.textContent = data.message || "";
      }
    } finally {
      sending = false;
      render();
    }
  }

  function tap(form) {
    const fields = {};
    ["kind", "bag_type", "language"].forEach(function (name) {
      const input = form.querySelector("input[name=" + name + "]");
      if (input) fields[name] = input.value;
    });
    const queue = loadQueue();
    queue.push({ op: "tap", key: uuid4(), counter: form.dataset.counter, fields: fields });
    saveQueue(queue);
    const button = form.querySelector("button");
    if (button) {
      button.classList.add("tapped");
      window.setTimeout(() => button.classList.remove("tapped"), 150);
    }
    if (undoStatus) undoStatus.textContent = "";
    render();
    flush();
  }

  function undo() {
    const queue = loadQueue();
    const last = queue[queue.length - 1];
    if (last && last.op === "tap") {
      queue.pop(); // never sent: take it back here
      saveQueue(queue);
      if (undoStatus) undoStatus.textContent = message("UndoneLocal", 0);
      render();
      return;
    }
    queue.push({ op: "undo", key: uuid4() });
    saveQueue(queue);
    render();
    flush();
  }

  async function poll() {
    if (sending || loadQueue().length || document.visibilityState === "hidden") return;
    try {
      const response = await window.fetch(root.dataset.totalsUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const data = response.ok ? await readTotals(response) : null;
      if (data && !sending && !loadQueue().length) {
        applyServer(data);
        render();
      }
    } catch (e) {
      /* offline: the next poll or tap tries again */
    }
  }

  // Start from the totals the page was rendered with.
  root.querySelectorAll("form[data-counter]").forEach(function (form) {
    const out = form.querySelector("[data-total]");
    totals[form.dataset.counter] = parseInt(out ? out.textContent : "0", 10) || 0;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (isOpen) tap(form);
    });
  });
  const undoForm = root.querySelector("form[data-undo]");
  if (undoForm) {
    undoForm.addEventListener("submit", function (event) {
      event.preventDefault();
      undo();
    });
  }
  window.addEventListener("online", function () {
    retryDelay = RETRY_MIN_MS;
    flush();
  });
  window.setInterval(poll, POLL_MS);
  render();
  flush();
})();
