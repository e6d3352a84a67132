// Basework's only script besides htmx. No inline scripts anywhere (the CSP forbids them).
// Pages opt in to behaviour with data attributes; each feature says which below.
"use strict";
