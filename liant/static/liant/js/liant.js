// Small progressive enhancements shared by every page (no build step).

// Confirm destructive actions: <form data-confirm="Question?">.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
