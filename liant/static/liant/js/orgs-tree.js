// Drag-and-drop of the unit tree: drop a unit onto another to place it inside, or onto the
// root zone to bring it to the top level. The server checks every move (no unit under its own
// sub-unit); without a mouse, the "Move" form and the arrow buttons do the same.
const csrfToken = () => JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
let dragged = null;

function showError(message) {
  const status = document.querySelector(".og-status");
  status.textContent = message;
  status.hidden = false;
}

async function move(node, parentId) {
  const body = new URLSearchParams({ parent: parentId });
  const response = await fetch(node.dataset.moveUrl, {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    body,
    credentials: "same-origin",
  });
  if (response.ok) {
    window.location.hash = `unit-${node.dataset.unit}`;
    window.location.reload();
    return;
  }
  let message = response.statusText;
  try {
    message = (await response.json()).error || message;
  } catch (_error) {
    /* not JSON: keep the status text */
  }
  showError(message);
}

document.addEventListener("dragstart", (event) => {
  const node = event.target.closest?.(".og-node[draggable=true]");
  if (!node) return;
  dragged = node;
  node.classList.add("og-dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", node.dataset.unit);
});

document.addEventListener("dragend", () => {
  dragged?.classList.remove("og-dragging");
  dragged = null;
  document.querySelectorAll(".og-over").forEach((el) => el.classList.remove("og-over"));
});

document.addEventListener("dragover", (event) => {
  const zone = event.target.closest?.(".og-drop");
  if (!zone || !dragged) return;
  event.preventDefault();
  document.querySelectorAll(".og-over").forEach((el) => el !== zone && el.classList.remove("og-over"));
  zone.classList.add("og-over");
});

document.addEventListener("drop", (event) => {
  const zone = event.target.closest?.(".og-drop");
  if (!zone || !dragged) return;
  event.preventDefault();
  zone.classList.remove("og-over");
  if (zone.dataset.parent === dragged.dataset.unit) return;
  move(dragged, zone.dataset.parent);
});
