// Hechtwerk: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the first invalid field after a form comes back with errors.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); }
  });
})();
