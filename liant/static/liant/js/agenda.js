// Agenda builder: reorder the activities by drag-and-drop (by the ⠿ handle or the whole row)
// or with the keyboard (focus a handle, then ↑/↓). Each new order is sent to the server, which
// checks it; the planned start times are recomputed here. Without JavaScript, the ↑/↓ buttons
// of each activity post the same moves one place at a time.
const csrfToken = () => JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];

document.querySelector("[data-print]")?.addEventListener("click", () => window.print());

// Choosing a method in the "Add an activity" form fills the fields not written by hand yet
// with the method's name, duration, group format and timing.
const addForm = document.querySelector("#add-activity");
const defaultsScript = document.querySelector("#ag-method-defaults");
if (addForm && defaultsScript) {
  const defaults = JSON.parse(defaultsScript.textContent);
  const fields = ["title", "duration_minutes", "group_format", "instructions"];
  const touched = new Set();
  fields.forEach((name) => addForm.elements[name]?.addEventListener("input", () => touched.add(name)));
  addForm.elements.method?.addEventListener("change", (event) => {
    const chosen = defaults[event.target.value];
    if (!chosen) return;
    fields.forEach((name) => {
      const field = addForm.elements[name];
      if (field && !touched.has(name)) field.value = chosen[name];
    });
  });
}

const list = document.querySelector(".ag-agenda");
const status = document.querySelector(".ag-status");

function say(message, isError = false) {
  if (!status) return;
  status.textContent = message;
  status.classList.toggle("ag-error", isError);
}

function items() {
  return [...list.querySelectorAll(":scope > .ag-activity")];
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_match, name) => String(values[name] ?? ""));
}

const pad = (n) => String(n).padStart(2, "0");

// Planned start of each activity (back to back from the workshop's start), arrows' state.
function refresh() {
  const start = list.dataset.start;
  let minutes = null;
  if (start) {
    const [h, m] = start.split(":").map(Number);
    minutes = h * 60 + m;
  }
  const slot = list.dataset.slot ? Number(list.dataset.slot) : null;
  let elapsed = 0;
  const rows = items();
  rows.forEach((row, index) => {
    const time = row.querySelector(".ag-time");
    if (minutes === null) {
      time.textContent = `${index + 1}.`;
    } else {
      const day = (((minutes + elapsed) % 1440) + 1440) % 1440;
      time.textContent = `${pad(Math.floor(day / 60))}:${pad(day % 60)}`;
    }
    elapsed += Number(row.dataset.duration) || 0;
    row.classList.toggle("ag-late", slot !== null && elapsed > slot);
    const up = row.querySelector(".ag-arrow[value=up]");
    const down = row.querySelector(".ag-arrow[value=down]");
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === rows.length - 1;
  });
}

let saved = null; // the last order the server accepted

async function save(row) {
  const order = items().map((item) => item.dataset.activity);
  const body = new URLSearchParams({ order: order.join(",") });
  let response;
  try {
    response = await fetch(list.dataset.orderUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body,
      credentials: "same-origin",
    });
  } catch (_error) {
    response = null;
  }
  if (response?.ok) {
    saved = order;
    refresh();
    const title = row.querySelector(".ag-title").textContent;
    say(format(list.dataset.msgMoved, { title, position: order.indexOf(row.dataset.activity) + 1, count: order.length }));
    row.classList.remove("ag-moved");
    void row.offsetWidth; // restart the flash animation
    row.classList.add("ag-moved");
    return;
  }
  let message = list.dataset.msgFailed;
  try {
    message = (await response.json()).error || message;
  } catch (_error) {
    /* no JSON: keep the generic message */
  }
  // Put the rows back in the last accepted order.
  const byId = Object.fromEntries(items().map((item) => [item.dataset.activity, item]));
  saved.forEach((id) => byId[id] && list.append(byId[id]));
  refresh();
  say(message, true);
}

if (list) {
  saved = items().map((item) => item.dataset.activity);
  let dragged = null;

  items().forEach((row) => {
    row.draggable = true;
    row.querySelector(".ag-handle").hidden = false;
  });

  list.addEventListener("dragstart", (event) => {
    const row = event.target.closest?.(".ag-activity");
    if (!row) return;
    dragged = row;
    row.classList.add("ag-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.activity);
  });

  const clearMarks = () =>
    list.querySelectorAll(".ag-drop-before, .ag-drop-after").forEach((el) => el.classList.remove("ag-drop-before", "ag-drop-after"));

  const placement = (row, event) => {
    const box = row.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2 ? "before" : "after";
  };

  list.addEventListener("dragover", (event) => {
    const row = event.target.closest?.(".ag-activity");
    if (!row || !dragged) return;
    event.preventDefault();
    clearMarks();
    if (row !== dragged) row.classList.add(`ag-drop-${placement(row, event)}`);
  });

  list.addEventListener("drop", (event) => {
    const row = event.target.closest?.(".ag-activity");
    if (!row || !dragged) return;
    event.preventDefault();
    clearMarks();
    if (row === dragged) return;
    const before = items().map((item) => item.dataset.activity).join();
    if (placement(row, event) === "before") row.before(dragged);
    else row.after(dragged);
    if (items().map((item) => item.dataset.activity).join() !== before) save(dragged);
  });

  list.addEventListener("dragend", () => {
    dragged?.classList.remove("ag-dragging");
    dragged = null;
    clearMarks();
  });

  list.addEventListener("keydown", (event) => {
    const handle = event.target.closest?.(".ag-handle");
    if (!handle || !["ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const row = handle.closest(".ag-activity");
    const rows = items();
    const index = rows.indexOf(row);
    if (event.key === "ArrowUp" && index > 0) rows[index - 1].before(row);
    else if (event.key === "ArrowDown" && index < rows.length - 1) rows[index + 1].after(row);
    else if (event.key === "Home" && index > 0) rows[0].before(row);
    else if (event.key === "End" && index < rows.length - 1) rows[rows.length - 1].after(row);
    else return;
    handle.focus();
    save(row);
  });
}
