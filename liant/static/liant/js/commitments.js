// Service promises: the print button and "copy the link" (no inline script: CSP).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.copied || button.textContent;
  } catch {
    // Clipboard refused (permissions): the text stays selected for Ctrl+C.
  }
});
