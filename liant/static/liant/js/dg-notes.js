// Interview notes: autosave that never loses a word (issue 5, part a).
//
// Each note field is a <form class="dg-note-form" data-note-key="interview:question"> with
// hidden "question" and "version" inputs. The field is the truth of this tab; what it holds
// and the server does not have yet is also kept in localStorage, under a key of its own per
// tab ("liant-note:<note>:<tab>" → {text, base, at}), until the server has it. It is sent
// after a pause in typing; offline or on an error it is sent again when the connection comes
// back, and a later visit finds it there and sends it. Every save carries the version its
// text started from: the server refuses it (409) when another save came in between, and both
// texts are then shown. Texts are only put in the page with .value / .textContent.

document.querySelector("[data-print]")?.addEventListener("click", () => window.print());

const DELAY = 800;
const RETRY = 10_000;
const PREFIX = "liant-note:";
const TAB = Math.random().toString(36).slice(2, 10);
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

function backups(noteKey) {
  // Every backup of a note, from this tab or others (closed or still open), latest first.
  const found = [];
  const store = storage();
  if (!store) return found;
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (!key || !key.startsWith(`${PREFIX}${noteKey}:`)) continue;
    try {
      const value = JSON.parse(store.getItem(key));
      if (value && typeof value.text === "string") found.push({ key, ...value });
    } catch {
      // not ours
    }
  }
  return found.sort((a, b) => (b.at || 0) - (a.at || 0));
}

function message(state) {
  return messages[`msg${state[0].toUpperCase()}${state.slice(1)}`] || "";
}

function summarise() {
  if (!global) return;
  const states = notes.map((note) => note.state);
  if (states.every((s) => s === "empty")) {
    global.textContent = "";
    global.dataset.state = "";
    return;
  }
  const order = ["conflict", "error", "offline", "unsent", "saving"];
  const state = order.find((candidate) => states.includes(candidate)) || "saved";
  global.dataset.state = state;
  global.textContent = message(state);
}

class Note {
  constructor(form) {
    this.form = form;
    this.key = form.dataset.noteKey;
    this.backupKey = `${PREFIX}${this.key}:${TAB}`;
    this.field = form.querySelector("textarea[name=text]");
    this.version = form.querySelector("input[name=version]");
    this.status = form.querySelector(".dg-note-status");
    this.conflictBox = form.querySelector(".dg-conflict");
    this.state = this.status.dataset.state || "empty";
    this.base = Number(this.version.value); // the version the text of the field started from
    this.dirty = false; // the field holds text the server does not have
    this.timer = null;
    this.sending = false;
    this.theirs = null;
    this.field.addEventListener("input", () => this.changed());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.conflictBox?.addEventListener("click", (event) => {
      const button = event.target.closest("[data-resolve]");
      if (button) this.resolve(button.dataset.resolve);
    });
    if (this.state === "conflict") {
      // A save refused without the script: the page came back with both texts.
      const theirs = this.conflictBox.querySelector(".dg-conflict-theirs").value;
      this.theirs = { text: theirs, version: this.base };
      this.dirty = true;
      this.backup();
    } else {
      this.restore();
    }
  }

  setState(state, extra = "") {
    this.state = state;
    this.status.dataset.state = state;
    this.status.textContent = extra ? `${message(state)} — ${extra}` : message(state);
    summarise();
  }

  backup() {
    try {
      const value = { text: this.field.value, base: this.base, at: Date.now() };
      storage()?.setItem(this.backupKey, JSON.stringify(value));
    } catch {
      // quota exceeded: the text is still in the field and will be sent
    }
  }

  forget(key = this.backupKey) {
    try {
      storage()?.removeItem(key);
    } catch {
      // nothing to do
    }
  }

  restore() {
    const server = this.field.value;
    const found = backups(this.key);
    for (const old of found) {
      if (old.text === server) this.forget(old.key); // the server has it
    }
    const latest = found.find((old) => old.text !== server);
    if (!latest) return;
    // Unsent text from an earlier visit (or another tab): back in the field, sent from the
    // version it started from; the server says if something else was saved meanwhile.
    this.field.value = latest.text;
    this.base = latest.base;
    this.dirty = true;
    this.backup();
    this.forget(latest.key);
    this.setState("unsent", messages.msgRestored || "");
    this.send();
  }

  changed() {
    this.dirty = true;
    this.backup();
    if (this.state === "conflict") return; // sent once the conflict is resolved
    this.setState(navigator.onLine ? "saving" : "offline");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), DELAY);
  }

  async send() {
    clearTimeout(this.timer);
    if (!this.dirty || this.sending || this.state === "conflict") return;
    const text = this.field.value;
    this.sending = true;
    this.setState("saving");
    const body = new FormData(this.form);
    body.set("text", text);
    body.set("version", String(this.base));
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
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    this.sending = false;
    if (response.ok) {
      this.saved(data.version, text);
    } else if (response.status === 409 && data.conflict) {
      if (data.text === this.field.value) {
        this.saved(data.version, data.text); // the same text came from elsewhere: nothing to do
      } else {
        this.showConflict(data);
      }
    } else {
      this.setState("error", data.error || `HTTP ${response.status}`);
      if (response.status >= 500 || response.status === 403) this.retryLater();
    }
  }

  saved(version, text) {
    this.base = version;
    this.version.value = String(version);
    if (this.field.value !== text) {
      this.backup(); // typed more while the request was on its way: send that too
      this.send();
      return;
    }
    this.dirty = false;
    this.forget();
    this.setState("saved");
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
    const mine = this.field.value;
    this.field.value = choice === "both" ? `${theirs.text}\n\n${mine}`.trim() : mine;
    this.base = theirs.version;
    this.version.value = String(theirs.version);
    this.conflictBox.hidden = true;
    this.theirs = null;
    this.dirty = true;
    this.backup();
    this.setState("unsent");
    this.send();
    this.field.focus();
  }
}

for (const form of document.querySelectorAll(".dg-note-form")) {
  notes.push(new Note(form));
}
summarise();

window.addEventListener("online", () => {
  for (const note of notes) if (note.dirty) note.send();
});
window.addEventListener("offline", () => {
  for (const note of notes) if (note.dirty && note.state !== "conflict") note.setState("offline");
});
window.addEventListener("beforeunload", (event) => {
  if (notes.some((note) => note.dirty)) {
    event.preventDefault();
    event.returnValue = messages.msgLeave || "";
  }
});
