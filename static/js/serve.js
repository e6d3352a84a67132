// The serve page's tap counters (opt in with [data-serve]); the handouts page uses them too.
//
// Every tap gets its own key and goes into the phone's outbox (static/js/outbox.js, kept in
// IndexedDB) before it is sent, so a tap is never lost: with no signal, signed out or the
// server down, the page says so and the outbox sends again later, oldest first. The server
// counts a key once, so a tap sent twice (its answer was lost) is still one tap. "Undo" takes
// back this phone's last tap: from the outbox if it was not sent yet, otherwise on the server
// (with a key of its own). The words shown come from the page's data-msg-* attributes.
"use strict";

(function () {
  const root = document.querySelector("[data-serve]");
  const outbox = window.BaseworkOutbox;
  if (!root || !outbox) return;

  const GROUP = "serve:" + root.dataset.serve;
  const OLD_QUEUE_KEY = "basework.serve." + root.dataset.serve + ".queue";
  const POLL_MS = 5000;
  const statusLine = root.querySelector("[data-sync-status]");
  const undoStatus = root.querySelector("[data-undo-status]");
  const householdsOut = root.querySelector("[data-households]");

  let totals = {};
  let lost = 0;
  let late = 0; // sent after closing: kept for the lead (not lost)
  let isOpen = root.dataset.open === "true";
  let queue = []; // this page's entries in the outbox, oldest first
  let adding = []; // tapped, being written to the outbox (shown at once all the same)

  function message(name, count) {
    return (root.dataset["msg" + name] || "").replace("{count}", String(count));
  }

  // --- what the page shows: the server's totals plus this phone's taps not yet sent ---
  function render() {
    const pending = {};
    queue.concat(adding).forEach(function (op) {
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
    const waiting = queue.length + adding.length;
    let text = "";
    let bad = false;
    if (!isOpen) {
      text = message("Closed", 0);
      bad = true;
    }
    if (waiting) {
      text = message(outbox.held() ? "SignedOut" : "Pending", waiting);
      bad = true;
    } else if (late) {
      text = message("Late", late);
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

  function applyServer(data) {
    if (!data) return;
    if (data.totals) totals = data.totals;
    if (data.open === false) isOpen = false;
  }

  outbox.onChange(function (entries) {
    queue = entries.filter((entry) => entry.group === GROUP);
    render();
  });

  outbox.on(GROUP, function (event, entry, data, status) {
    applyServer(data);
    if (event === "sent") {
      root.dataset.sentOnce = "true";
      if (entry.op === "undo" && undoStatus) undoStatus.textContent = data.message || "";
    } else if (event === "refused") {
      if (entry.op === "tap" && data && data.late) late += 1;
      else if (entry.op === "tap") lost += 1;
      if (status === 400 && undoStatus) undoStatus.textContent = message("Rejected", 0);
    }
  });

  function tap(form) {
    const fields = {};
    ["kind", "bag_type", "language"].forEach(function (name) {
      const input = form.querySelector("input[name=" + name + "]");
      if (input) fields[name] = input.value;
    });
    const op = { group: GROUP, op: "tap", url: root.dataset.tapUrl, counter: form.dataset.counter, fields: fields };
    adding.push(op);
    outbox.add(op).finally(function () {
      adding = adding.filter((o) => o !== op);
      render();
    });
    render();
    const button = form.querySelector("button");
    if (button) {
      button.classList.add("tapped");
      window.setTimeout(() => button.classList.remove("tapped"), 150);
    }
    if (undoStatus) undoStatus.textContent = "";
  }

  async function undo() {
    const last = queue[queue.length - 1];
    if (last && last.op === "tap" && (await outbox.take(last.seq))) {
      if (undoStatus) undoStatus.textContent = message("UndoneLocal", 0); // never sent
      return;
    }
    outbox.add({ group: GROUP, op: "undo", url: root.dataset.undoUrl, fields: {} });
  }

  async function poll() {
    if (queue.length || outbox.waiting() || document.visibilityState === "hidden") return;
    try {
      const response = await window.fetch(root.dataset.totalsUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || response.redirected || type.indexOf("application/json") === -1) return;
      const data = await response.json();
      if (!queue.length) {
        applyServer(data);
        render();
      }
    } catch (e) {
      /* offline: the next poll or tap tries again */
    }
  }

  // Taps queued in localStorage by the page before the outbox: moved into it, in order.
  try {
    const old = JSON.parse(window.localStorage.getItem(OLD_QUEUE_KEY) || "[]");
    window.localStorage.removeItem(OLD_QUEUE_KEY);
    (Array.isArray(old) ? old : []).forEach(function (op) {
      const url = op.op === "undo" ? root.dataset.undoUrl : root.dataset.tapUrl;
      outbox.add({ group: GROUP, op: op.op, key: op.key, url: url, counter: op.counter, fields: op.fields || {} });
    });
  } catch (e) {
    /* storage unavailable: nothing was queued there */
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
  window.setInterval(poll, POLL_MS);
  render();
})();
