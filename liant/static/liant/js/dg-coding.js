// Coding interview notes (diagnostic, part b): select a passage of a note, tag it with themes.
//
// The notes arrive as JSON (text + coded excerpts with character offsets). Each note is drawn
// with DOM text nodes only (never innerHTML): runs of text between the excerpts' boundaries,
// wrapped in <mark> where excerpts cover them (overlaps show one colour bar per theme).
// Offsets are counted in Unicode code points, as Python does; JavaScript strings count UTF-16
// units, so both are converted here.
// The text areas are contenteditable (input blocked) so that the keyboard can select too:
// click in the text, then Shift + arrows.

const root = document.querySelector(".cd-coding");
const csrfToken = () => JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];

if (root && document.querySelector("#cd-picker")) {
  const strings = document.querySelector("#cd-strings").dataset;
  const notes = new Map(JSON.parse(document.querySelector("#cd-notes-data").textContent).map((n) => [n.id, n]));
  const themes = new Map(JSON.parse(document.querySelector("#cd-themes-data").textContent).map((t) => [t.id, t]));
  const codeButton = document.querySelector("#cd-code");
  const editor = document.querySelector("#cd-editor");
  const editorTitle = document.querySelector("#cd-editor-title");
  const quoteBox = document.querySelector("#cd-quote");
  const filter = document.querySelector("#cd-filter");
  const picker = document.querySelector("#cd-picker");
  const quotable = document.querySelector("#cd-quotable");
  const errorBox = document.querySelector("#cd-error");
  const status = document.querySelector("#cd-status");
  const selectionInfo = document.querySelector(".cd-selection");
  const removeButton = document.querySelector("#cd-remove");

  let pending = null; // {note, start, end, quote}: the current selection, in code points
  let editing = null; // {mode: "new"|"edit", note, start, end, quote, segment}

  // --- Offsets: UTF-16 units ↔ code points

  const unitsToPoints = (text, units) => Array.from(text.slice(0, units)).length;
  function pointsToUnits(text, points) {
    let units = 0;
    let count = 0;
    for (const char of text) {
      if (count === points) break;
      units += char.length;
      count += 1;
    }
    return units;
  }

  // --- Drawing a note

  function tint(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }

  // ``selected``: the passage being coded ({start, end}), shown while the editor is open.
  function draw(note, selected = null) {
    const box = document.querySelector(`.cd-text[data-note="${note.id}"]`);
    if (!box) return;
    const text = note.text;
    const placed = note.segments
      .filter((s) => !s.detached)
      .map((s) => ({ ...s, a: pointsToUnits(text, s.start), b: pointsToUnits(text, s.end) }));
    if (selected) {
      const [a, b] = [pointsToUnits(text, selected.start), pointsToUnits(text, selected.end)];
      placed.push({ id: "new", themes: [], a, b });
    }
    const cuts = new Set([0, text.length]);
    placed.forEach((s) => {
      cuts.add(s.a);
      cuts.add(s.b);
    });
    const bounds = [...cuts].sort((x, y) => x - y);
    const parts = [];
    for (let i = 0; i < bounds.length - 1; i += 1) {
      const [x, y] = [bounds[i], bounds[i + 1]];
      const run = document.createTextNode(text.slice(x, y));
      let over = placed.filter((s) => s.a <= x && s.b >= y);
      if (!over.length) {
        parts.push(run);
        continue;
      }
      const mark = document.createElement("mark");
      if (over.length === 1 && over[0].id === "new") {
        mark.className = "cd-pending";
        mark.append(run);
        parts.push(mark);
        continue;
      }
      mark.className = "cd-hl";
      over = over.filter((s) => s.id !== "new");
      over.sort((s, t) => s.b - s.a - (t.b - t.a)); // shortest first
      mark.dataset.segments = over.map((s) => s.id).join(",");
      const colours = [...new Set(over.flatMap((s) => s.themes).map((id) => themes.get(id)?.colour).filter(Boolean))];
      mark.style.backgroundColor = tint(colours[0] || "#2f6f8f", over.length > 1 ? 0.36 : 0.22);
      mark.style.boxShadow = colours.map((c, k) => `inset 0 -${3 * (k + 1)}px 0 ${c}`).join(", ");
      mark.title = over.map((s) => s.themes.map((id) => themes.get(id)?.name).join(", ")).join(" | ");
      mark.append(run);
      parts.push(mark);
    }
    box.replaceChildren(...parts);
    drawList(note);
  }

  function drawList(note) {
    const list = document.querySelector(`.cd-seglist[data-note="${note.id}"]`);
    if (!list) return;
    const items = note.segments.map((segment) => {
      const item = document.createElement("li");
      item.id = `segment-${segment.id}`;
      item.className = segment.detached ? "cd-seg cd-detached" : "cd-seg";
      const names = document.createElement("span");
      names.className = "cd-seg-themes";
      segment.themes.forEach((id) => {
        const theme = themes.get(id);
        if (!theme) return;
        const chip = document.createElement("span");
        chip.className = "cd-chip";
        chip.style.borderColor = theme.colour;
        chip.style.backgroundColor = tint(theme.colour, 0.14);
        chip.textContent = theme.name;
        names.append(chip);
      });
      const quote = document.createElement("q");
      quote.textContent = segment.quote.length > 140 ? `${segment.quote.slice(0, 140)}…` : segment.quote;
      item.append(names, quote);
      if (segment.quotable) {
        const badge = document.createElement("span");
        badge.className = "badge badge-active";
        badge.textContent = strings.quotable;
        item.append(badge);
      }
      if (segment.detached) {
        const warning = document.createElement("span");
        warning.className = "cd-detached-note";
        warning.textContent = strings.detached;
        item.append(warning);
      }
      const edit = document.createElement("button");
      edit.type = "button";
      edit.className = "button button-secondary button-small";
      edit.textContent = strings.editButton;
      edit.addEventListener("click", () => openSegment(note.id, segment.id, edit));
      item.append(edit);
      return item;
    });
    list.replaceChildren(...items);
  }

  // --- Selection

  function textBox(node) {
    const element = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
    return element?.closest(".cd-text");
  }

  function readSelection() {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const box = textBox(range.startContainer);
    const end = textBox(range.endContainer);
    if (!box && !end) return null;
    if (box !== end) return { collapsed: true }; // across two answers: not a passage
    const note = notes.get(Number(box.dataset.note));
    const offset = (container, at) => {
      const before = document.createRange();
      before.selectNodeContents(box);
      before.setEnd(container, at);
      return before.toString().length;
    };
    const a = offset(range.startContainer, range.startOffset);
    const b = offset(range.endContainer, range.endOffset);
    if (b <= a) return { note, collapsed: true };
    return {
      note: note.id,
      start: unitsToPoints(note.text, a),
      end: unitsToPoints(note.text, b),
      quote: note.text.slice(a, b),
    };
  }

  document.addEventListener("selectionchange", () => {
    const current = readSelection();
    if (!current) return; // outside the notes: keep the last selection (the button takes focus)
    if (current.collapsed || !current.quote.trim()) {
      pending = null;
    } else {
      pending = current;
    }
    codeButton.disabled = !pending;
    selectionInfo.textContent = pending ? strings.selected.replace("{quote}", shorten(pending.quote.trim(), 90)) : "";
  });

  const shorten = (text, max) => (text.length > max ? `${text.slice(0, max)}…` : text);

  // Read-only text that the keyboard can still select in.
  document.querySelectorAll(".cd-text").forEach((box) => {
    box.contentEditable = "true";
    box.spellcheck = false;
    box.setAttribute("role", "textbox");
    box.setAttribute("aria-multiline", "true");
    box.setAttribute("aria-readonly", "true");
    box.setAttribute("aria-describedby", "cd-hint");
    ["beforeinput", "paste", "drop", "cut", "dragstart"].forEach((type) =>
      box.addEventListener(type, (event) => event.preventDefault()),
    );
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const current = readSelection(); // "selectionchange" may not have run yet
      if (current && !current.collapsed && current.quote.trim()) {
        pending = current;
        openNew();
      }
    });
    box.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.cd-hl");
      const selection = document.getSelection();
      if (!mark || (selection && !selection.isCollapsed)) return;
      const ids = mark.dataset.segments.split(",").map(Number);
      openSegment(Number(box.dataset.note), ids[0], null, ids.length > 1);
    });
  });

  // --- The editor (new excerpt or existing one)

  function tick(ids) {
    picker.querySelectorAll("input").forEach((box) => {
      box.checked = ids.includes(Number(box.value));
    });
  }

  function open(state, focusBack) {
    editing = { ...state, focusBack };
    editorTitle.textContent = state.mode === "new" ? strings.new : strings.edit;
    quoteBox.textContent = state.quote;
    tick(state.themes || []);
    quotable.checked = Boolean(state.quotable);
    removeButton.hidden = state.mode === "new";
    errorBox.textContent = "";
    status.textContent = "";
    filter.value = "";
    applyFilter();
    editor.hidden = false;
    filter.focus();
  }

  function openNew() {
    if (!pending) return;
    const box = document.querySelector(`.cd-text[data-note="${pending.note}"]`);
    draw(notes.get(pending.note), pending); // the selection stays visible while coding it
    open({ mode: "new", ...pending, themes: [] }, box);
  }

  function openSegment(noteId, segmentId, focusBack, several = false) {
    const segment = notes.get(noteId)?.segments.find((s) => s.id === segmentId);
    if (!segment) return;
    open(
      { mode: "edit", note: noteId, segment: segment.id, quote: segment.quote, themes: segment.themes, quotable: segment.quotable },
      focusBack || document.querySelector(`.cd-text[data-note="${noteId}"]`),
    );
    if (several) status.textContent = strings.several;
  }

  function close() {
    editor.hidden = true;
    if (editing?.mode === "new") draw(notes.get(editing.note));
    const back = editing?.focusBack;
    editing = null;
    if (back && document.contains(back)) back.focus();
  }

  codeButton.addEventListener("click", openNew);
  document.querySelector("#cd-cancel").addEventListener("click", close);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });

  // Type-ahead: the list shows the themes whose path contains what is typed (accents and
  // case ignored); Enter ticks the first one shown; ↓ goes into the list.
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  function applyFilter() {
    const wanted = fold(filter.value.trim());
    picker.querySelectorAll("li").forEach((item) => {
      item.hidden = Boolean(wanted) && !fold(item.dataset.search).includes(wanted);
    });
  }
  filter.addEventListener("input", applyFilter);
  filter.addEventListener("keydown", (event) => {
    const visible = [...picker.querySelectorAll("li:not([hidden]) input")];
    if (event.key === "Enter") {
      event.preventDefault();
      if (visible[0] && filter.value.trim()) {
        visible[0].checked = true;
        filter.value = "";
        applyFilter();
      }
    } else if (event.key === "ArrowDown" && visible[0]) {
      event.preventDefault();
      visible[0].focus();
    }
  });
  picker.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const visible = [...picker.querySelectorAll("li:not([hidden]) input")];
    const index = visible.indexOf(document.activeElement);
    const next = index + (event.key === "ArrowDown" ? 1 : -1);
    event.preventDefault();
    if (next < 0) filter.focus();
    else visible[Math.min(next, visible.length - 1)]?.focus();
  });

  // --- Saving

  async function send(url, fields) {
    const body = new URLSearchParams();
    Object.entries(fields).forEach(([key, value]) => {
      (Array.isArray(value) ? value : [value]).forEach((v) => body.append(key, String(v)));
    });
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body,
        credentials: "same-origin",
      });
    } catch {
      return { error: strings.network };
    }
    try {
      const data = await response.json();
      return response.ok ? data : { error: data.error || strings.network };
    } catch {
      return { error: strings.network };
    }
  }

  const urlFor = (template, id) => template.replace(/\/0\/(delete\/)?$/, `/${id}/$1`);

  function refresh(note, message) {
    notes.set(note.id, note);
    draw(note);
    status.textContent = message;
  }

  document.querySelector("#cd-save").addEventListener("click", async () => {
    if (!editing) return;
    const chosen = [...picker.querySelectorAll("input:checked")].map((box) => box.value);
    if (!chosen.length) {
      errorBox.textContent = strings.noTheme;
      return;
    }
    const fields = { themes: chosen };
    if (quotable.checked) fields.quotable = "on";
    let result;
    if (editing.mode === "new") {
      result = await send(root.dataset.createUrl, {
        ...fields,
        note: editing.note,
        start: editing.start,
        end: editing.end,
        quote: editing.quote,
      });
    } else {
      result = await send(urlFor(root.dataset.updateUrl, editing.segment), fields);
    }
    if (result.error) {
      errorBox.textContent = result.error;
      return;
    }
    const message = editing.mode === "new" ? strings.saved : strings.updated;
    document.getSelection()?.removeAllRanges();
    pending = null;
    codeButton.disabled = true;
    selectionInfo.textContent = "";
    close();
    refresh(result.note, message);
  });

  removeButton.addEventListener("click", async () => {
    if (!editing || editing.mode !== "edit" || !window.confirm(strings.confirmRemove)) return;
    const result = await send(urlFor(root.dataset.deleteUrl, editing.segment), {});
    if (result.error) {
      errorBox.textContent = result.error;
      return;
    }
    close();
    refresh(result.note, strings.removed);
  });

  notes.forEach(draw);

  // A link to an excerpt (#segment-12, from the theme view) shows its passage.
  const target = window.location.hash.match(/^#segment-(\d+)$/);
  if (target) {
    const mark = [...document.querySelectorAll("mark.cd-hl")].find((m) => m.dataset.segments.split(",").includes(target[1]));
    const item = document.getElementById(`segment-${target[1]}`);
    (mark || item)?.scrollIntoView({ block: "center" });
    document.querySelectorAll("mark.cd-hl").forEach((m) => {
      if (m.dataset.segments.split(",").includes(target[1])) m.classList.add("cd-target");
    });
  }
}
