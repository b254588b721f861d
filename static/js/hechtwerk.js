// Hechtwerk: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the first invalid field after a form comes back with errors.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); }
  });
})();
// A choice that suggests another field's value (a referral's destination follows from the
// chosen intervention's provider): copy the chosen option's data-destination; still changeable.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.setsDestination) { return; }
  var option = select.options[select.selectedIndex];
  var target = document.getElementById(select.dataset.setsDestination);
  if (option && option.dataset.destination && target) { target.value = option.dataset.destination; }
});
