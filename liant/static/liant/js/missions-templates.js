// Template editor: add, move and remove phases without a round trip.
// Without JavaScript the page still works: "Position" fields order the phases and the
// "Add a phase" button asks the server for one more blank phase.

const editor = document.querySelector("[data-template-editor]");

if (editor) {
  const list = editor.querySelector("[data-phase-list]");
  const total = editor.querySelector("input[name='phases-TOTAL_FORMS']");
  const emptyPhase = editor.querySelector("template[data-empty-phase]");
  const addButton = editor.querySelector("[data-add-phase]");

  const phaseForms = () => [...list.querySelectorAll("[data-phase-form]")];

  function renumber() {
    const forms = phaseForms();
    forms.forEach((form, index) => {
      const order = form.querySelector("input[name$='-ORDER']");
      if (order) order.value = index + 1;
      form.querySelector("[data-phase-number]").textContent = index + 1;
      form.querySelector("[data-move='up']").disabled = index === 0;
      form.querySelector("[data-move='down']").disabled = index === forms.length - 1;
    });
  }

  function enhance(form) {
    form.querySelector("[data-move-buttons]").hidden = false;
  }

  editor.classList.add("js-reorder");
  phaseForms().forEach(enhance);
  renumber();

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const form = button.closest("[data-phase-form]");
    if (button.dataset.move === "up" && form.previousElementSibling) {
      list.insertBefore(form, form.previousElementSibling);
    } else if (button.dataset.move === "down" && form.nextElementSibling) {
      list.insertBefore(form.nextElementSibling, form);
    }
    renumber();
    if (button.disabled) {
      form.querySelector(`[data-move='${button.dataset.move === "up" ? "down" : "up"}']`).focus();
    } else {
      button.focus();
    }
  });

  list.addEventListener("change", (event) => {
    if (event.target.matches("input[name$='-DELETE']")) {
      event.target.closest("[data-phase-form]").classList.toggle("is-removed", event.target.checked);
    }
  });

  list.addEventListener("input", (event) => {
    if (!event.target.matches("input[name$='-name_fr'], input[name$='-name_en']")) return;
    const form = event.target.closest("[data-phase-form]");
    const fr = form.querySelector("input[name$='-name_fr']").value.trim();
    const en = form.querySelector("input[name$='-name_en']").value.trim();
    const title = form.querySelector("[data-phase-title]");
    if (fr || en) title.textContent = fr || en;
  });

  addButton.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    list.insertAdjacentHTML("beforeend", emptyPhase.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    const form = list.lastElementChild;
    enhance(form);
    renumber();
    form.querySelector("input[name$='-name_fr']").focus();
  });
}
