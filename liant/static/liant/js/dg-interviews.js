// Long checkbox lists of the campaign and interview forms (units, people): a filter field
// above each list hides the choices whose label does not contain what is typed. Checked
// boxes always stay visible; nothing is unchecked by filtering.

const form = document.querySelector("form[data-filter-label]");
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

for (const list of form ? form.querySelectorAll("div.dg-choices") : []) {
  const choices = [...list.querySelectorAll("label")];
  if (choices.length < 10) continue;
  const input = document.createElement("input");
  input.type = "search";
  input.className = "dg-choices-filter";
  input.setAttribute("aria-label", form.dataset.filterLabel);
  input.placeholder = form.dataset.filterLabel;
  input.setAttribute("aria-controls", list.id);
  list.before(input);
  input.addEventListener("input", () => {
    const wanted = fold(input.value.trim());
    for (const label of choices) {
      const checked = label.querySelector("input")?.checked;
      label.parentElement.hidden = Boolean(wanted) && !checked && !fold(label.textContent).includes(wanted);
    }
  });
}
