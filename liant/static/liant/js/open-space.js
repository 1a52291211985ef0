// Open Space pages: a quiet refresh of the live part of the page, and drag-and-drop of
// sessions onto the cells of the grid (facilitator console). Without JavaScript every
// action still works through the forms (the "Place in" lists are the keyboard way).

const live = () => document.querySelector("[data-os-live]");
const errorBox = document.getElementById("os-error");
const statusBox = document.getElementById("os-status");
let dragging = null;

function say(box, text) {
  if (!box) return;
  box.textContent = text || "";
  box.hidden = !text;
}

// --- Refresh: swap in the server's fresh rendering, unless the person is busy in it.

function busy(region) {
  if (dragging) return true;
  if (region.querySelector("details[open]")) return true;
  const active = document.activeElement;
  return Boolean(active && region.contains(active) && active.matches("input, select, textarea"));
}

async function refresh(force = false) {
  const region = live();
  if (!region || (!force && (busy(region) || document.hidden))) return;
  try {
    const response = await fetch(window.location.pathname, {
      headers: { "X-Requested-With": "refresh" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.querySelector("[data-os-live]");
    if (fresh && (force || !busy(region))) region.replaceWith(document.importNode(fresh, true));
  } catch {
    // Offline for a moment: the next round will catch up.
  }
}

const period = Number(live()?.dataset.osPoll || 0);
if (period > 0) window.setInterval(refresh, period);

// --- Drag and drop (only the console marks sessions as draggable).

function csrfToken() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
}

async function send(url, data) {
  const body = new FormData();
  for (const [key, value] of Object.entries(data)) body.append(key, value);
  body.append("csrfmiddlewaretoken", csrfToken());
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch {
    answer = { error: response.statusText };
  }
  await refresh(true); // the grid first, then the message that describes it
  say(errorBox, response.ok ? "" : answer.error || response.statusText);
  say(statusBox, response.ok ? answer.message || "" : "");
}

function dropTarget(event) {
  const cell = event.target.closest("[data-os-cell]");
  if (!cell || !dragging) return null;
  const key = cell.dataset.osCell;
  if (key && cell.classList.contains("os-cell-taken")) return null; // one session per cell
  if (!key && !dragging.placed) return null; // already in the marketplace
  return cell;
}

document.addEventListener("dragstart", (event) => {
  const card = event.target.closest?.("[data-os-session]");
  if (!card) return;
  dragging = { url: card.dataset.osUrl, placed: card.classList.contains("os-session-placed") };
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", card.dataset.osSession);
  card.classList.add("os-dragged");
  document.body.classList.add("os-dragging");
});

document.addEventListener("dragend", (event) => {
  event.target.closest?.("[data-os-session]")?.classList.remove("os-dragged");
  document.body.classList.remove("os-dragging");
  document.querySelectorAll(".os-over").forEach((el) => el.classList.remove("os-over"));
  window.setTimeout(() => {
    dragging = null;
  }, 0);
});

document.addEventListener("dragover", (event) => {
  const cell = dropTarget(event);
  if (!cell) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  cell.classList.add("os-over");
});

document.addEventListener("dragleave", (event) => {
  const cell = event.target.closest?.("[data-os-cell]");
  if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove("os-over");
});

document.addEventListener("drop", (event) => {
  const cell = dropTarget(event);
  if (!cell) return;
  event.preventDefault();
  cell.classList.remove("os-over");
  const { url } = dragging;
  dragging = null;
  const key = cell.dataset.osCell;
  send(url, key ? { action: "place", cell: key } : { action: "unschedule" });
});
