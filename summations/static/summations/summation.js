// The summation page: a jump link in the appendix's contents opens the folded section it
// points to (some browsers open a <details> on their own, others only scroll to it).
"use strict";
(function () {
  function open(id) {
    var target = id && document.getElementById(id);
    var section = target && target.closest("details");
    if (section) section.open = true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link) open(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  document.addEventListener("DOMContentLoaded", function () {
    open(decodeURIComponent(window.location.hash.slice(1)));
  });
})();
