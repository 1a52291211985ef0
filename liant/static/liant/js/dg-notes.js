// Interview notes: autosave that never loses a word (issue 5, part a).
//
// Each note field is a <form class="dg-note-form" data-note-key="interview:question">
// with hidden "question" and "version" inputs. While typing, the text is kept in
// localStorage ("liant-note:<key>" → {text, base}) and sent after a pause; it leaves
// localStorage only once the server has it. Offline or on an error, it stays there and is
// resent when the connection comes back (and when the page is opened again). The server
// refuses a save made from an outdated version (409): both texts are then shown.
// Texts are only ever put in the page with .value / .textContent.

document.querySelector("[data-print]")?.addEventListener("click", () => window.print());

const DELAY = 800;
const RETRY = 10_000;
const PREFIX = "liant-note:";
const global = document.querySelector(".dg-notes-global");
const messages = global ? global.dataset : {};
const notes = [];

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: autosave still works online
  }
}

function readLocal(key) {
  try {
    return JSON.parse(storage()?.getItem(PREFIX + key) || "null");
  } catch {
    return null;
  }
}

function writeLocal(key, value) {
  try {
    if (value === null) storage()?.removeItem(PREFIX + key);
    else storage()?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // quota exceeded: the text is still in the field and will be sent
  }
}

function summarise() {
  if (!global) return;
  const states = notes.map((note) => note.state);
  let state = "saved";
  for (const candidate of ["conflict", "error", "offline", "unsent", "saving"]) {
    if (states.includes(candidate)) {
      state = candidate;
      break;
    }
  }
  if (states.every((s) => s === "empty")) {
    global.textContent = "";
    global.dataset.state = "";
    return;
  }
  global.dataset.state = state;
  global.textContent = messages[`msg${state[0].toUpperCase()}${state.slice(1)}`] || "";
}

class Note {
  constructor(form) {
    this.form = form;
    this.key = form.dataset.noteKey;
    this.field = form.querySelector("textarea[name=text]");
    this.version = form.querySelector("input[name=version]");
    this.status = form.querySelector(".dg-note-status");
    this.conflictBox = form.querySelector(".dg-conflict");
    this.state = this.status.dataset.state || "empty";
    this.timer = null;
    this.sending = false;
    this.field.addEventListener("input", () => this.changed());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.conflictBox?.addEventListener("click", (event) => {
      const button = event.target.closest("[data-resolve]");
      if (button) this.resolve(button.dataset.resolve);
    });
    this.restore();
  }

  setState(state, extra = "") {
    this.state = state;
    this.status.dataset.state = state;
    const text = messages[`msg${state[0].toUpperCase()}${state.slice(1)}`] || "";
    this.status.textContent = extra ? `${text} — ${extra}` : text;
    summarise();
  }

  get pending() {
    return readLocal(this.key);
  }

  restore() {
    const local = this.pending;
    if (!local) return;
    if (local.text === this.field.value) {
      writeLocal(this.key, null); // the server already has it
      return;
    }
    // Unsent text from an earlier visit: back in the field, sent from its own base version.
    this.field.value = local.text;
    this.setState("unsent", messages.msgRestored || "");
    this.send();
  }

  changed() {
    const base = this.pending?.base ?? Number(this.version.value);
    writeLocal(this.key, { text: this.field.value, base });
    if (this.state === "conflict") return; // sent once the conflict is resolved
    this.setState(navigator.onLine ? "saving" : "offline");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), DELAY);
  }

  async send() {
    clearTimeout(this.timer);
    const local = this.pending;
    if (!local || this.sending || this.state === "conflict") return;
    this.sending = true;
    this.setState("saving");
    const body = new FormData(this.form);
    body.set("text", local.text);
    body.set("version", String(local.base));
    let response;
    try {
      response = await fetch(this.form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      this.sending = false;
      this.setState("offline");
      this.retryLater();
      return;
    }
    this.sending = false;
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    if (response.ok) {
      this.version.value = String(data.version);
      const now = this.pending;
      if (now && now.text !== local.text) {
        // Typed more while the request was on its way: send that too, from the new version.
        writeLocal(this.key, { text: now.text, base: data.version });
        this.send();
        return;
      }
      writeLocal(this.key, null);
      this.setState("saved");
    } else if (response.status === 409 && data.conflict) {
      this.showConflict(data);
    } else {
      this.setState("error", data.error || `HTTP ${response.status}`);
      if (response.status >= 500) this.retryLater();
    }
  }

  retryLater() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), RETRY);
  }

  showConflict(data) {
    this.theirs = data;
    const who = this.conflictBox.querySelector(".dg-conflict-who");
    if (who && data.updated_by) {
      who.textContent = (messages.msgBy || "")
        .replace("{name}", data.updated_by)
        .replace("{when}", data.updated_at || "");
    }
    this.conflictBox.querySelector(".dg-conflict-theirs").value = data.text;
    this.conflictBox.hidden = false;
    this.setState("conflict");
  }

  resolve(choice) {
    const theirs = this.theirs;
    if (!theirs) return;
    const mine = this.pending?.text ?? this.field.value;
    const text = choice === "both" ? `${theirs.text}\n\n${mine}`.trim() : mine;
    this.field.value = text;
    this.version.value = String(theirs.version);
    writeLocal(this.key, { text, base: theirs.version });
    this.conflictBox.hidden = true;
    this.theirs = null;
    this.state = "unsent";
    this.send();
    this.field.focus();
  }
}

for (const form of document.querySelectorAll(".dg-note-form")) {
  notes.push(new Note(form));
}
summarise();

window.addEventListener("online", () => {
  for (const note of notes) if (note.pending) note.send();
});
window.addEventListener("offline", () => {
  for (const note of notes) if (note.pending && note.state !== "conflict") note.setState("offline");
});
window.addEventListener("beforeunload", (event) => {
  if (notes.some((note) => note.pending && note.state !== "saved")) {
    event.preventDefault();
    event.returnValue = messages.msgLeave || "";
  }
});
