// Survey builder and distribution pages: show the options/rows fields only for the kinds that
// use them; copy a link or the invitation list; download the list as a CSV file.
const questionForm = document.querySelector("[data-sv-question]");
if (questionForm) {
  const kind = questionForm.elements.kind;
  const rowOf = (name) => questionForm.elements[name]?.closest("p");
  const update = () => {
    const options = rowOf("options");
    const rows = rowOf("rows");
    if (options) options.hidden = !["single", "multiple"].includes(kind.value);
    if (rows) rows.hidden = kind.value !== "matrix";
  };
  kind?.addEventListener("change", update);
  update();
}

document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.querySelector(button.dataset.copy);
    if (!field) return;
    const original = button.textContent;
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (_error) {
      field.closest("details")?.setAttribute("open", "");
      field.select();
      return;
    }
    button.textContent = button.dataset.copied;
    setTimeout(() => {
      button.textContent = original;
    }, 2000);
  });
});

document.querySelectorAll("[data-download]").forEach((button) => {
  button.addEventListener("click", () => {
    const field = document.querySelector(button.dataset.download);
    if (!field) return;
    const blob = new Blob(["\ufeff", field.value], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = button.dataset.filename || "invitations.csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
});
