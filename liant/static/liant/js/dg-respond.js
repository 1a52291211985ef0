// Survey questionnaire: one part at a time with Previous / Next and a progress bar. Without
// JavaScript every part is shown and the form works the same. After a refused submission the
// first part with an error is shown; the error summary's links open the part they point to.
const form = document.querySelector("[data-rs-form]");
const steps = form ? [...form.querySelectorAll("[data-rs-step]")] : [];

if (form && steps.length > 1) {
  const nav = form.querySelector(".rs-nav");
  const prev = form.querySelector("[data-rs-prev]");
  const next = form.querySelector("[data-rs-next]");
  const bar = form.querySelector(".rs-progress-bar");
  let current = 0;

  const show = (index, focus = true) => {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach((step, i) => step.classList.toggle("rs-current", i === current));
    prev.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    form.classList.toggle("rs-not-last", current < steps.length - 1);
    bar.style.width = `${Math.round(((current + 1) / steps.length) * 100)}%`;
    if (focus) {
      const heading = steps[current].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      steps[current].scrollIntoView({ block: "start" });
    }
  };

  form.classList.add("rs-stepping");
  nav.hidden = false;
  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));

  const stepOf = (element) => steps.findIndex((step) => step.contains(element));
  const firstError = form.querySelector(".rs-has-error");
  show(firstError ? stepOf(firstError) : 0, false);

  document.querySelectorAll("#rs-errors a[href^='#f-']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      const index = target ? stepOf(target) : -1;
      if (index < 0) return;
      event.preventDefault();
      show(index, false);
      target.scrollIntoView({ block: "center" });
      target.querySelector("input, textarea, select")?.focus();
    });
  });
}
document.getElementById("rs-errors")?.focus();

// Once a question flagged by the server is answered, its flag and its line in the summary go.
form?.addEventListener("change", (event) => {
  const question = event.target.closest(".rs-has-error");
  if (!question) return;
  question.classList.remove("rs-has-error");
  question.querySelector(".rs-error")?.remove();
  const summary = document.getElementById("rs-errors");
  summary?.querySelector(`a[href="#${question.id}"]`)?.closest("li")?.remove();
  if (summary && !summary.querySelector("li")) summary.hidden = true;
});
