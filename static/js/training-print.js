// The print button of the attendance list (no inline script: the CSP forbids it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
