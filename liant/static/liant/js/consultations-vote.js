// Keyboard shortcuts on a participant's vote card: A agree, D disagree, P pass.
// Ignored while typing in a field or with a modifier key held.
const form = document.querySelector("[data-shortcuts]");
if (form) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const button = form.querySelector(`[data-key="${event.key.toLowerCase()}"]`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}
