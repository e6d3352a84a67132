// The driver's run ([data-run]): delivered / could-not-deliver marks that are never lost.
//
// Online, the forms post as usual (the server answers with the run again). With no signal,
// or while marks are still waiting, a mark goes into the phone's outbox (static/js/outbox.js)
// and is sent when the connection comes back. Either way the stop leaves the page and the
// worker cuts it out of its kept copy of the run at once (static/js/sw.js "forget-stop"), so
// the address and phone of a stop marked delivered are on the phone no longer.
"use strict";

(function () {
  const list = document.querySelector("[data-run]");
  const outbox = window.BaseworkOutbox;
  if (!list || !outbox || !window.BaseworkWorker) return;
  const GROUP = "run";

  function forgetStop(pk) {
    return window.BaseworkWorker.ask({ type: "forget-stop", stop: String(pk) });
  }

  function say(text) {
    const note = list.parentNode.querySelector("[data-run-note]");
    if (note) note.textContent = text;
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
    outbox.add({ group: GROUP, url: form.action, fields: fields, stop: pk }).then(function () {
      stop.remove();
      say(form.dataset.mark === "failed" ? list.dataset.msgFailed : list.dataset.msgDelivered);
      return forgetStop(pk);
    });
  });

  // Marks waiting from before (the phone was closed offline): their stops stay off the page.
  function hideWaiting(entries) {
    entries
      .filter((entry) => entry.group === GROUP)
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
  outbox.on(GROUP, function (event, entry) {
    if (event !== "held") forgetStop(entry.stop);
  });
})();
