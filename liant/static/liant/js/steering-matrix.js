// The impact/effort matrix of the action plan: drag an action to a cell (or back to "not
// placed"); the place is saved at once. The keyboard table under the matrix does the same
// without a mouse. No dependency.

const csrfToken = () => JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
const status = document.getElementById("matrix-status");

function say(text) {
  if (status) status.textContent = text;
}

function syncKeyboardRow(chip, impact, effort) {
  const id = chip.id.replace("action-", "");
  const form = document.querySelector(`.sp-place-form[data-action="${id}"]`);
  if (!form) return;
  form.elements.impact.value = impact;
  form.elements.effort.value = effort;
}

async function place(chip, cell) {
  const origin = chip.parentElement;
  const impact = cell.dataset.impact || "";
  const effort = cell.dataset.effort || "";
  cell.appendChild(chip);
  const body = new URLSearchParams({ impact, effort });
  try {
    const response = await fetch(chip.dataset.url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      body,
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(await response.text());
    syncKeyboardRow(chip, impact, effort);
    const title = chip.textContent.trim();
    say(impact ? `${title} : ${cell.getAttribute("aria-label")}` : title);
  } catch (error) {
    origin.appendChild(chip);
    say(error.message || "Error");
    chip.classList.add("is-error");
  }
}

let dragged = null;
document.querySelectorAll(".sp-chip[draggable]").forEach((chip) => {
  chip.addEventListener("dragstart", (event) => {
    dragged = chip;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.id);
    chip.classList.add("is-dragging");
  });
  chip.addEventListener("dragend", () => {
    chip.classList.remove("is-dragging");
    dragged = null;
  });
});
document.querySelectorAll(".sp-cell").forEach((cell) => {
  cell.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    cell.classList.add("is-over");
  });
  cell.addEventListener("dragleave", () => cell.classList.remove("is-over"));
  cell.addEventListener("drop", (event) => {
    event.preventDefault();
    cell.classList.remove("is-over");
    if (dragged && dragged.parentElement !== cell) place(dragged, cell);
  });
});
