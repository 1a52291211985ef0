// The live board: one websocket, a local copy of the board, and a renderer.
// Commands carry a UUID and stay in the outbox until acknowledged, so a dropped connection
// resends them (the server ignores a UUID it has already applied). Events are numbered;
// a reconnection asks for those after the last one seen. Text is always set with
// textContent: participants' words are never read as HTML.

const config = JSON.parse(document.getElementById("board-config").textContent);
const S = config.strings;
const role = config.role;
const $ = (id) => document.getElementById(id);

let board = null; // the last snapshot, kept up to date by events
let seq = 0;
let socket = null;
let attempts = 0;
let clockOffset = 0; // server time minus local time, in ms
const outbox = new Map();
let suggestions = null; // groups proposed to this facilitator, until accepted or rejected

function uuid() {
  if (window.crypto.randomUUID) return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// --- Connection

function connect() {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const separator = config.socket.includes("?") ? "&" : "?";
  const since = board ? `${separator}since=${seq}` : "";
  socket = new WebSocket(`${scheme}://${window.location.host}${config.socket}${since}`);
  socket.addEventListener("open", () => {
    attempts = 0;
    status(true);
    for (const frame of outbox.values()) socket.send(JSON.stringify(frame));
  });
  socket.addEventListener("message", (message) => receive(JSON.parse(message.data)));
  socket.addEventListener("close", () => {
    status(false);
    attempts += 1;
    setTimeout(connect, Math.min(500 * 2 ** attempts, 8000));
  });
}

function status(online) {
  const node = $("lb-connection");
  node.textContent = online ? S.online : S.offline;
  node.classList.toggle("lb-offline", !online);
}

function send(type, fields = {}) {
  const frame = { id: uuid(), type, board: config.board, ...fields };
  outbox.set(frame.id, frame);
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

// --- Frames (the protocol; rendering stays below)

let presence = null; // participants connected now: {board, workshop}, for facilitators

function receive(frame) {
  switch (frame.type) {
    case "snapshot":
      board = frame.board;
      seq = frame.seq;
      syncClock(board.timer);
      break;
    case "batch": // consecutive events, in order; those already applied are skipped
      if (!board) return;
      for (const event of frame.events) {
        if (event.seq <= seq) continue;
        apply(event.kind, event.data);
        seq = event.seq;
      }
      break;
    case "presence":
      presence = { board: frame.board, workshop: frame.workshop };
      renderPresence();
      return;
    case "ack":
      outbox.delete(frame.id);
      return;
    case "suggestions":
      suggestions = frame.groups;
      break;
    case "error":
      outbox.delete(frame.id);
      showError(frame.message);
      return;
    default:
      return;
  }
  render();
}

function showError(message) {
  const node = $("lb-error");
  node.textContent = message;
  node.hidden = false;
  clearTimeout(showError.timeout);
  showError.timeout = setTimeout(() => (node.hidden = true), 6000);
}

// --- State

function upsert(list, item) {
  const index = list.findIndex((x) => x.id === item.id);
  if (index >= 0) list[index] = { ...list[index], ...item };
  else list.push(item);
}

function replace(list, item) {
  const index = list.findIndex((x) => x.id === item.id);
  if (index >= 0) list[index] = item;
  else list.push(item);
}

function reorderClusters(order) {
  board.clusters.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  board.clusters.forEach((cluster, position) => (cluster.position = position));
}

function apply(kind, data) {
  switch (kind) {
    case "card.added":
    case "card.edited":
    case "card.moderated": // the whole card as this viewer may see it (a hidden text is gone)
      replace(board.cards, data.card);
      break;
    case "card.deleted":
      board.cards = board.cards.filter((card) => card.id !== data.card.id);
      break;
    case "card.moved":
      upsert(board.cards, data.card);
      break;
    case "cluster.created":
      upsert(board.clusters, data.cluster);
      for (const card of board.cards) if ((data.cards || []).includes(card.id)) card.cluster = data.cluster.id;
      break;
    case "cluster.renamed":
      upsert(board.clusters, data.cluster);
      break;
    case "cluster.deleted":
      board.clusters = board.clusters.filter((cluster) => cluster.id !== data.cluster.id);
      for (const card of board.cards) if (card.cluster === data.cluster.id) card.cluster = null;
      break;
    case "cluster.merged":
      board.clusters = board.clusters.filter((cluster) => cluster.id !== data.cluster.id);
      for (const card of board.cards) if (data.cards.includes(card.id)) card.cluster = data.into;
      reorderClusters(data.order);
      break;
    case "cluster.moved":
      reorderClusters(data.order);
      break;
    case "board.stage":
      board.stage = data.stage;
      board.revealed = data.revealed;
      break;
    case "board.revealed":
      board.revealed = true;
      break;
    case "board.locked":
      board.locked = data.locked;
      break;
    case "board.results":
      board.results_shown = data.shown;
      break;
    case "vote.changed": // totals: the new totals of the items that changed
      if (data.mine) board.votes.mine = data.mine;
      if (data.totals) {
        const totals = { ...(board.votes.totals || {}), ...data.totals };
        for (const [key, n] of Object.entries(totals)) if (!n) delete totals[key];
        board.votes.totals = totals;
      }
      break;
    case "timer":
      board.timer = data;
      syncClock(data);
      break;
  }
}

function syncClock(timer) {
  if (timer && timer.server_now) clockOffset = Date.parse(timer.server_now) - Date.now();
}

// --- Rendering

const canGroup = () =>
  board.stage === "group" && (role === "facilitator" || (role === "participant" && board.everyone_can_group));
const voting = () => board.stage === "vote" && role === "participant";
const dotsOf = (key, which) => (board.votes[which] || {})[key] || 0;
const dotsUsed = () => Object.values(board.votes.mine || {}).reduce((a, b) => a + b, 0);

function render() {
  if (!board) return;
  const stage = S.stages[board.stage] || board.stage;
  $("lb-stage").textContent = board.locked ? `${stage} · ${S.locked}` : stage;
  document.body.dataset.stage = board.stage;
  renderControls();
  renderComposer();
  renderDotBudget();
  renderColumns();
  renderGroups();
  renderRanking();
  renderSuggestions();
  tick();
}

function renderPresence() {
  const node = $("lb-presence");
  if (!node || !presence) return;
  node.hidden = false;
  const parts = [S.presence.replace("{n}", presence.board)];
  if (role === "facilitator") parts.push(S.presenceWorkshop.replace("{n}", presence.workshop));
  node.textContent = parts.join(" · ");
}

function renderSuggestions() {
  const section = $("lb-suggestions");
  if (!section) return;
  section.hidden = suggestions === null || board.stage !== "group";
  if (section.hidden) return;
  const list = $("lb-suggestion-list");
  if (!suggestions.length) {
    list.replaceChildren(el("p", { class: "muted", text: S.noSuggestion }));
    return;
  }
  list.replaceChildren(
    ...suggestions.map((group, index) => {
      const title = el("input", { class: "lb-group-title", value: group.label, "aria-label": S.groupName });
      const texts = group.cards
        .map((id) => board.cards.find((card) => card.id === id))
        .filter(Boolean)
        .map((card) => el("li", { text: card.text ?? S.hiddenCard }));
      const drop = () => {
        suggestions = suggestions.filter((_, i) => i !== index);
        render();
      };
      const accept = el("button", {
        class: "button button-small", type: "button", text: S.accept,
        onclick: () => { send("cluster.create", { title: title.value, cards: group.cards }); drop(); },
      });
      const reject = el("button", { class: "button button-small button-secondary", type: "button", text: S.reject, onclick: drop });
      return el("div", { class: "lb-suggestion card" }, title, el("ul", {}, ...texts), el("p", { class: "actions" }, accept, reject));
    }),
  );
}

function renderControls() {
  if (role !== "facilitator") return;
  for (const button of document.querySelectorAll("[data-command='board.stage']")) {
    button.setAttribute("aria-pressed", String(button.dataset.stage === board.stage));
  }
  $("lb-reveal").disabled = board.revealed || !board.hidden_until_reveal;
  // On a canvas a group belongs to a zone: each zone has its own "new group" button.
  for (const button of document.querySelectorAll("[data-command='cluster.create']")) button.hidden = onCanvas();
  $("lb-lock").setAttribute("aria-pressed", String(board.locked));
  $("lb-results-toggle").setAttribute("aria-pressed", String(board.results_shown));
}

function renderComposer() {
  const form = $("lb-composer");
  if (!form) return;
  const select = $("lb-column");
  if (select.options.length !== board.columns.length) {
    select.replaceChildren(...board.columns.map((c) => el("option", { value: c.id, text: c.title })));
  }
  if (onCanvas()) form.querySelector("label[for='lb-column']").textContent = S.zone;
  form.hidden = board.stage !== "write";
  for (const field of form.querySelectorAll("select, textarea, button")) field.disabled = board.locked;
}

function cardNode(card) {
  const key = `card:${card.id}`;
  const classes = ["lb-card"];
  if (card.mine) classes.push("lb-mine");
  if (card.masked) classes.push("lb-masked");
  if (card.hidden) classes.push("lb-moderated");
  const node = el("li", { class: classes.join(" "), "data-card": card.id, draggable: canGroup() });
  const text = card.text !== undefined ? card.text : card.hidden ? S.moderated : S.hiddenCard;
  node.append(el("p", { class: "lb-card-text", text }));
  const footer = el("div", { class: "lb-card-footer" });
  if (card.by) footer.append(el("span", { class: "lb-by", text: card.by }));
  if (card.mine) footer.append(el("span", { class: "lb-yours", text: S.yours }));
  if (card.mine && role === "participant" && board.stage === "write" && !board.revealed) {
    footer.append(
      el("button", { class: "lb-link", type: "button", text: S.edit, onclick: () => editCard(node, card) }),
      el("button", { class: "lb-link", type: "button", text: S.delete, onclick: () => send("card.delete", { card: card.id }) }),
    );
  }
  if (role === "facilitator") {
    footer.append(
      el("button", {
        class: "lb-link", type: "button", text: card.hidden ? S.show : S.hide,
        onclick: () => send("card.hide", { card: card.id, hidden: !card.hidden }),
      }),
    );
  }
  if (role === "facilitator" && board.stage !== "write" && card.text !== undefined && !card.hidden) footer.append(turnIntoLink("card", card.id));
  if (canGroup()) footer.append(moveSelect(card));
  footer.append(...dotControls(key));
  node.append(footer);
  return node;
}

function moveSelect(card) {
  const select = el("select", { class: "lb-move", "aria-label": S.moveTo });
  select.append(el("option", { value: "", text: card.cluster ? S.noGroup : S.moveTo }));
  for (const cluster of board.clusters.filter((c) => sameZone(c, card.column))) {
    select.append(el("option", { value: cluster.id, text: cluster.title || S.newGroup, selected: cluster.id === card.cluster }));
  }
  select.append(el("option", { value: "new", text: S.toNewGroup }));
  select.addEventListener("change", () => {
    // "New group" splits the card off into a group of its own.
    if (select.value === "new") send("cluster.create", { cards: [card.id] });
    else send("card.move", { card: card.id, cluster: select.value ? Number(select.value) : null });
  });
  return select;
}

// --- Dots: the participant's +/− per item, their remaining budget, the ranked results.

const dotsLeft = () => Math.max(0, board.dots - dotsUsed());

function dotsLeftText(n) {
  if (n === 0) return S.noDotLeft;
  return (n === 1 ? S.dotLeft : S.dotsLeft).replace("{n}", n);
}

function renderDotBudget() {
  const node = $("lb-dots");
  if (!node) return;
  node.hidden = board.stage !== "vote";
  if (node.hidden) return;
  const rule = board.several_dots ? S.severalDots : S.oneDot;
  node.replaceChildren(el("strong", { text: dotsLeftText(dotsLeft()) }), el("span", { class: "lb-dots-rule", text: ` · ${rule}` }));
  node.classList.toggle("lb-dots-spent", dotsLeft() === 0);
}

function dotControls(key) {
  const nodes = [];
  const total = dotsOf(key, "totals");
  if (board.votes.totals && (board.stage === "vote" || board.stage === "discuss") && total) {
    nodes.push(el("span", { class: "lb-total", text: S.votes.replace("{n}", total) }));
  }
  if (voting()) nodes.push(dotStepper(key));
  return nodes;
}

// − ×n + : remove one of my dots, how many I put here, add one (within the budget and the
// board's rule: one dot per item unless the workshop allows several).
function dotStepper(key) {
  const [kind, id] = key.split(":");
  const target = { [kind]: Number(id) };
  const mine = dotsOf(key, "mine");
  const canAdd = !board.locked && dotsLeft() > 0 && (board.several_dots || mine === 0);
  return el(
    "span",
    { class: "lb-stepper", role: "group", "aria-label": S.myDots.replace("{n}", mine) },
    el("button", {
      class: "lb-undot", type: "button", "aria-label": S.undot, title: S.undot, text: "−",
      disabled: board.locked || mine === 0, onclick: () => send("vote.remove", target),
    }),
    el("span", { class: "lb-my-dots", text: mine ? `×${mine}` : "" }),
    el("button", {
      class: "lb-dot", type: "button", "aria-label": S.dot, title: S.dot, text: "+",
      disabled: !canAdd, onclick: () => send("vote.add", target),
    }),
  );
}

function editCard(node, card) {
  const area = el("textarea", { rows: 3, maxlength: config.maxLength });
  area.value = card.text;
  const save = el("button", {
    class: "button button-small", type: "button", text: S.save,
    onclick: () => send("card.edit", { card: card.id, text: area.value }),
  });
  node.replaceChildren(area, save);
  area.focus();
}

// A canvas board places its zones (columns) on a grid; groups stay inside their zone.
const onCanvas = () => board.grid_columns != null;
const sameZone = (cluster, column) => !onCanvas() || cluster.column === column;

function renderColumns() {
  const grouped = board.stage !== "write";
  const container = $("lb-columns");
  container.classList.toggle("lb-canvas", onCanvas());
  // Set through the CSSOM, which the CSP allows (no inline style attribute).
  container.style.gridTemplateColumns = onCanvas() ? `repeat(${board.grid_columns}, minmax(0, 1fr))` : "";
  const columns = board.columns.map((column) => {
    const cards = board.cards.filter((c) => c.column === column.id && !(grouped && c.cluster));
    const section = el("section", { class: "lb-column" }, el("h2", { text: column.title }));
    if (column.prompt) section.append(el("p", { class: "lb-prompt", text: column.prompt }));
    if (column.grid) {
      section.style.gridColumn = `${column.grid.col} / span ${column.grid.width}`;
      section.style.gridRow = `${column.grid.row} / span ${column.grid.height}`;
    }
    if (onCanvas() && grouped) {
      section.append(...board.clusters.filter((c) => c.column === column.id).map(groupBox));
      if (canGroup()) {
        section.append(el("button", {
          class: "lb-link lb-zone-group", type: "button", text: S.newGroupHere,
          onclick: () => send("cluster.create", { column: column.id }),
        }));
      }
    }
    section.append(el("ul", { class: "lb-cards" }, ...cards.map(cardNode)));
    const zoneCards = board.cards.some((c) => c.column === column.id);
    if (!cards.length && !(onCanvas() && grouped && zoneCards)) {
      const ungrouped = grouped && (onCanvas() ? zoneCards : board.cards.length);
      section.append(el("p", { class: "lb-empty", text: ungrouped ? S.ungroup : S.empty }));
    }
    dropZone(section, null);
    return section;
  });
  container.replaceChildren(...columns);
}

function renderGroups() {
  const container = $("lb-groups");
  container.hidden = onCanvas() || board.stage === "write" || !board.clusters.length;
  container.replaceChildren(...(container.hidden ? [] : board.clusters.map(groupBox)));
}

function groupBox(cluster) {
  const key = `cluster:${cluster.id}`;
  const title = canGroup()
    ? el("input", { class: "lb-group-title", value: cluster.title, placeholder: S.groupName, "aria-label": S.groupName })
    : el("h3", { class: "lb-group-title", text: cluster.title || S.newGroup });
  if (canGroup()) {
    title.addEventListener("change", () => send("cluster.rename", { cluster: cluster.id, title: title.value }));
  }
  const header = el("div", { class: "lb-group-header" }, title, ...dotControls(key));
  if (canGroup()) header.append(...groupControls(cluster));
  if (role === "facilitator") header.append(turnIntoLink("group", cluster.id));
  const cards = board.cards.filter((c) => c.cluster === cluster.id);
  const box = el("section", { class: "lb-group card" }, header, el("ul", { class: "lb-cards" }, ...cards.map(cardNode)));
  dropZone(box, cluster.id);
  return box;
}

// Reorder (↑ ↓), merge into another group, delete: buttons and a select, so the keyboard
// does everything the mouse does.
function groupControls(cluster) {
  // Up and down among the groups it is shown with (on a canvas: those of its zone).
  const siblings = board.clusters.filter((c) => sameZone(c, cluster.column));
  const index = siblings.indexOf(cluster);
  const last = siblings.length - 1;
  const move = (sibling) => send("cluster.move", { cluster: cluster.id, position: board.clusters.indexOf(sibling) });
  const controls = [
    el("button", { class: "lb-link", type: "button", text: "↑", title: S.moveUp, "aria-label": S.moveUp, disabled: index === 0, onclick: () => move(siblings[index - 1]) }),
    el("button", { class: "lb-link", type: "button", text: "↓", title: S.moveDown, "aria-label": S.moveDown, disabled: index === last, onclick: () => move(siblings[index + 1]) }),
  ];
  if (last > 0) {
    const merge = el("select", { class: "lb-move", "aria-label": S.mergeInto });
    merge.append(el("option", { value: "", text: S.mergeInto }));
    for (const other of siblings) {
      if (other.id !== cluster.id) merge.append(el("option", { value: other.id, text: other.title || S.newGroup }));
    }
    merge.addEventListener("change", () => {
      if (merge.value) send("cluster.merge", { cluster: cluster.id, into: Number(merge.value) });
    });
    controls.push(merge);
  }
  controls.push(el("button", { class: "lb-link", type: "button", text: S.deleteGroup, onclick: () => send("cluster.delete", { cluster: cluster.id }) }));
  return controls;
}

// "Turn into…" (facilitators): a checklist item, a prompt of a follow-up board… in a new tab,
// so the console stays open.
function turnIntoLink(kind, id) {
  return el("a", { class: "lb-link", href: `${config.turnInto[kind]}${id}/`, target: "_blank", rel: "noopener", text: config.turnInto.label });
}

function dropZone(node, clusterId) {
  if (!canGroup()) return;
  node.addEventListener("dragover", (event) => {
    event.preventDefault();
    node.classList.add("lb-over");
  });
  node.addEventListener("dragleave", () => node.classList.remove("lb-over"));
  node.addEventListener("drop", (event) => {
    event.preventDefault();
    node.classList.remove("lb-over");
    const cardId = Number(event.dataTransfer.getData("text/plain"));
    if (cardId) send("card.move", { card: cardId, cluster: clusterId });
  });
}

document.addEventListener("dragstart", (event) => {
  const card = event.target.closest?.("[data-card]");
  if (card) event.dataTransfer.setData("text/plain", card.dataset.card);
});

function renderRanking() {
  const section = $("lb-ranking");
  const totals = board.votes.totals;
  const show = totals && (board.stage === "vote" || board.stage === "discuss") && Object.keys(totals).length;
  section.hidden = !show;
  if (!show) return;
  $("lb-ranking-list").replaceChildren(
    ...ranked(totals).map(({ rank, label, dots, tied }) =>
      el(
        "li",
        { value: rank },
        el("span", { text: label }),
        el("strong", { text: ` ${S.votes.replace("{n}", dots)}` }),
        tied ? el("span", { class: "lb-tie", text: ` ${S.tie}` }) : null,
      ),
    ),
  );
}

// Most dots first; equal dots share a rank (1, 2, 2, 4), in label order.
function ranked(totals) {
  const label = (key) => {
    const [kind, id] = key.split(":");
    const item = (kind === "card" ? board.cards : board.clusters).find((x) => x.id === Number(id));
    return item ? item.title || item.text || S.newGroup : "";
  };
  const rows = Object.entries(totals)
    .filter(([, dots]) => dots > 0)
    .map(([key, dots]) => ({ label: label(key), dots }))
    .sort((a, b) => b.dots - a.dots || a.label.localeCompare(b.label));
  const counts = {};
  for (const row of rows) counts[row.dots] = (counts[row.dots] || 0) + 1;
  let rank = 0;
  rows.forEach((row, index) => {
    if (index === 0 || row.dots !== rows[index - 1].dots) rank = index + 1;
    row.rank = rank;
    row.tied = counts[row.dots] > 1;
  });
  return rows;
}

function tick() {
  const node = $("lb-timer");
  const timer = board && board.timer;
  if (!timer || (!timer.ends_at && timer.remaining == null)) {
    node.hidden = true;
    return;
  }
  const seconds = timer.ends_at
    ? Math.max(0, Math.round((Date.parse(timer.ends_at) - (Date.now() + clockOffset)) / 1000))
    : timer.remaining;
  node.hidden = false;
  node.classList.toggle("lb-timer-done", seconds === 0);
  node.classList.toggle("lb-timer-paused", !timer.ends_at);
  node.textContent = seconds === 0 ? S.timeUp : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

// --- Inputs

$("lb-composer")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("lb-text");
  if (!text.value.trim()) return;
  send("card.add", { column: Number($("lb-column").value), text: text.value });
  text.value = "";
  $("lb-count").textContent = "";
});

$("lb-text")?.addEventListener("input", (event) => {
  $("lb-count").textContent = `${event.target.value.length} / ${config.maxLength}`;
});

for (const button of document.querySelectorAll("[data-command]")) {
  button.addEventListener("click", () => {
    const command = button.dataset.command;
    if (command === "board.stage") send(command, { stage: button.dataset.stage });
    else if (command === "board.lock") send(command, { locked: !board.locked });
    else if (command === "board.results") send(command, { shown: !board.results_shown });
    else if (command === "suggest") socket?.send(JSON.stringify({ id: uuid(), type: "suggest" }));
    else if (command === "timer") {
      const minutes = Number($("lb-timer-minutes").value) || 5;
      send(command, { action: button.dataset.action, seconds: Math.round(minutes * 60) });
    } else send(command);
  });
}

setInterval(tick, 250);
connect();
