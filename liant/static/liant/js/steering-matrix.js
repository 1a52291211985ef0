// The impact/effort matrix of the action plan: drag an action to a cell (or back to "not
// placed"); the place is saved at once and the counts of both cells follow. Chips that a
// cell's "show more" brings later are draggable too (the listeners sit on the document).
// The keyboard table under the matrix does the same without a mouse. No dependency.

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

// The count shown for a cell: inside a matrix cell, or in the heading of "not placed yet".
function counter(cell) {
  return cell.querySelector(":scope > .sp-cell-count") || cell.closest(".sp-unplaced")?.querySelector(".sp-count");
}

function bump(cell, delta) {
  const count = counter(cell);
  if (!count) return;
  const value = Number(count.textContent) + delta;
  count.textContent = String(value);
  count.hidden = value <= 0 && count.classList.contains("sp-cell-count");
}

function put(chip, cell) {
  cell.insertBefore(chip, cell.querySelector(":scope > .sp-cell-more"));
}

async function place(chip, cell) {
  const origin = chip.parentElement;
  const impact = cell.dataset.impact || "";
  const effort = cell.dataset.effort || "";
  put(chip, cell);
  bump(origin, -1);
  bump(cell, 1);
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
    put(chip, origin);
    bump(cell, -1);
    bump(origin, 1);
    say(error.message || "Error");
    chip.classList.add("is-error");
  }
}

let dragged = null;
document.addEventListener("dragstart", (event) => {
  const chip = event.target.closest?.(".sp-chip[draggable]");
  if (!chip) return;
  dragged = chip;
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", chip.id);
  chip.classList.add("is-dragging");
});
document.addEventListener("dragend", () => {
  dragged?.classList.remove("is-dragging");
  dragged = null;
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
