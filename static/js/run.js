// The driver's run ([data-run]): delivered / could-not-deliver marks that are never lost.
//
// Online, the forms post as usual (the server answers with the run again). With no signal,
// or while marks are still waiting, a mark goes into the phone's outbox (static/js/outbox.js)
// and is sent when the connection comes back. Either way the stop leaves the page and the
// worker cuts it out of its kept copy of the run at once (static/js/sw.js "forget-stop"), so
// the address and phone of a stop marked delivered are on the phone no longer.
"use strict";

(function () {
  // The Undo after a mark posted from the page: shown for a few seconds.
  const bar = document.querySelector("[data-undo-bar]");
  if (bar) window.setTimeout(() => bar.remove(), 1000 * Number(bar.dataset.undoSeconds || 10));

  const list = document.querySelector("[data-run]");
  const outbox = window.BaseworkOutbox;
  if (!list || !outbox || !window.BaseworkWorker) return;
  const GROUP = "run";

  function forgetStop(pk) {
    return window.BaseworkWorker.ask({ type: "forget-stop", stop: String(pk) });
  }

  const UNDO_MS = 1000 * Number(list.dataset.undoSeconds || 10);

  function say(text, undo) {
    const note = list.parentNode.querySelector("[data-run-note]");
    if (!note) return;
    note.textContent = text;
    if (!undo) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = list.dataset.msgUndo || "Undo";
    button.addEventListener("click", function () {
      button.remove();
      undo();
    });
    note.appendChild(document.createTextNode(" "));
    note.appendChild(button);
    window.setTimeout(() => button.remove(), UNDO_MS);
  }

  // Undo of a mark made on this phone: not sent yet, it is simply taken out of the outbox;
  // sent (or being sent), an undo follows it through the outbox, in order. The stop comes
  // back where it was (the kept copy of the run gets it again at the next online visit).
  function undoer(stop, place, form, entry) {
    return async function () {
      const pending = (await outbox.list()).some((e) => e.seq === entry.seq);
      if (!(pending && (await outbox.take(entry.seq)))) {
        await outbox.add({
          group: GROUP,
          url: form.dataset.undoUrl,
          fields: { mark: entry.key },
          stop: entry.stop,
          undo: true,
        });
      }
      list.insertBefore(stop, place.parentNode === list ? place : null);
      say(list.dataset.msgUndone);
    };
  }

  function showReasonError(form) {
    const fieldset = form.querySelector("fieldset");
    if (!fieldset || fieldset.querySelector(".errorlist")) return;
    fieldset.classList.add("field-invalid");
    const errors = document.createElement("ul");
    errors.className = "errorlist";
    const item = document.createElement("li");
    item.textContent = list.dataset.msgReason || "";
    errors.appendChild(item);
    fieldset.insertBefore(errors, fieldset.querySelector("label"));
  }

  list.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-mark]");
    const stop = form && form.closest("[data-stop]");
    if (!stop) return;
    const pk = stop.dataset.stop;
    if (navigator.onLine && !outbox.waiting()) {
      forgetStop(pk); // the page posts as usual; the worker drops the stop meanwhile
      return;
    }
    event.preventDefault();
    const fields = {};
    if (form.dataset.mark === "failed") {
      const reason = form.querySelector("input[name=reason]:checked");
      if (!reason) {
        showReasonError(form);
        return;
      }
      fields.reason = reason.value;
    }
    const place = stop.nextElementSibling;
    outbox.add({ group: GROUP, url: form.action, fields: fields, stop: pk }).then(function (entry) {
      stop.remove();
      say(
        form.dataset.mark === "failed" ? list.dataset.msgFailed : list.dataset.msgDelivered,
        undoer(stop, place, form, entry)
      );
      return forgetStop(pk);
    });
  });

  // Marks waiting from before (the phone was closed offline): their stops stay off the page,
  // unless the last thing waiting for a stop is its undo.
  function hideWaiting(entries) {
    const last = {};
    entries.filter((entry) => entry.group === GROUP).forEach((entry) => (last[entry.stop] = entry));
    Object.values(last)
      .filter((entry) => !entry.undo)
      .forEach(function (entry) {
        const stop = list.querySelector('[data-stop="' + entry.stop + '"]');
        if (stop) {
          stop.remove();
          forgetStop(entry.stop);
        }
      });
  }
  outbox.onChange(hideWaiting);
  // Sent: the run may have been kept again meanwhile (opened online before it was sent).
  outbox.on(GROUP, function (event, entry, data) {
    if (event === "held") return;
    if (!entry.undo) {
      forgetStop(entry.stop);
    } else if (event === "refused") {
      // Too late for the undo: the stop stays marked, and leaves the page again.
      const stop = list.querySelector('[data-stop="' + entry.stop + '"]');
      if (stop) stop.remove();
      forgetStop(entry.stop);
      if (data && data.message) say(data.message);
    }
  });
})();
