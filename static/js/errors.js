// After a failed submit the page comes back at its top while the message may be below the
// fold: bring the first error into view and put the cursor in its field. The server renders
// the errors; this only scrolls, so without JavaScript nothing is lost but the scroll.
(function () {
  "use strict";
  function showFirstError() {
    const first = document.querySelector(
      "main .form-errors, main .field-invalid, main .errorlist, main [data-first-error]"
    );
    if (!first) return;
    const box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      first.scrollIntoView({ block: "center" });
    }
    const inputs = "input:not([type=hidden]), select, textarea";
    const around = first.closest(".field, fieldset");
    const field = first.querySelector(inputs) || (around && around.querySelector(inputs));
    if (field && document.activeElement === document.body) field.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showFirstError);
  } else {
    showFirstError();
  }
})();
