// Two phones over the sandbox's JSON endpoints: each plays one simulated person, and
// redraws when the server's event stream says that person's chat changed.

import { messageItem } from "./render.js";

const PHONES = 2;
const TOAST_MS = 3000;
const CLOCK_REDRAW_MS = 15000;

async function api(path, body) {
  const posting = { method: "POST", headers: { "Content-Type": "application/json" } };
  const options = body === undefined ? {} : { ...posting, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `${response.status} ${response.statusText}`);
  return data;
}

// Outside the demo there is no school to list and no clock to move.
async function demoOnly(path) {
  try {
    return await api(path);
  } catch {
    return null;
  }
}

// "https://t.me/<bot>?start=<code>" or the bare code, as printed in the letter.
function invitationCode(link) {
  try {
    return new URL(link).searchParams.get("start") ?? "";
  } catch {
    return link.trim();
  }
}

function describe(person) {
  const about = person.kind === "guardian" ? person.children : [person.role, ...person.groups];
  return `${person.name} (${about.filter(Boolean).join(", ")}) · ${person.language}`;
}

// What the bot says about itself heads the chat, as in Telegram's apps ("What can this
// bot do?"): the description for the person's app language.
function aboutTheBot(description) {
  if (!description) return [];
  const item = document.createElement("li");
  item.className = "about-bot";
  const heading = document.createElement("strong");
  heading.textContent = "What can this bot do?";
  const text = document.createElement("p");
  text.dir = "auto";
  text.textContent = description;
  item.append(heading, text);
  return [item];
}

class Phone {
  constructor(root, people) {
    this.root = root;
    this.userId = null;
    this.items = new Map(); // message_id -> {key, item}: unchanged messages keep their node
    this.newest = null;
    this.answersSeen = null; // unknown until the first draw: old answers are no news
    this.loading = null;
    this.stale = false;
    this.find = (selector) => root.querySelector(selector);
    this.list = this.find(".messages");
    for (const group of root.querySelectorAll("optgroup")) {
      const members = people.filter((person) => person.kind === group.dataset.kind);
      for (const person of members) group.append(new Option(describe(person), person.ref));
      if (members.length === 0) group.remove();
    }
    this.wire();
  }

  wire() {
    const who = this.find(".who");
    who.addEventListener("change", () => this.choose(who.value));
    this.find(".link-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.openLink(new FormData(event.target));
    });
    const composer = this.find(".composer");
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.type(composer.elements.text);
    });
    for (const button of this.root.querySelectorAll("[data-media]")) {
      button.addEventListener("click", () => this.act(button.dataset.media, {}));
    }
    this.find(".menu-button").addEventListener("click", () => {
      const menu = this.find(".menu");
      menu.hidden = !menu.hidden || menu.childElementCount === 0;
    });
    this.root.addEventListener("click", (event) => this.tapped(event.target));
  }

  async type(field) {
    if (field.value.trim() && (await this.act("messages", { text: field.value }))) field.value = "";
  }

  tapped(target) {
    const button = target.closest("button.inline");
    if (button) {
      this.act("press", {
        message_id: Number(button.dataset.messageId),
        index: Number(button.dataset.index),
      });
      return;
    }
    const command = target.closest(".command, .menu button");
    if (command) {
      this.find(".menu").hidden = true;
      this.act("messages", { text: command.dataset.command });
      return;
    }
    target.closest(".spoiler")?.classList.add("revealed");
  }

  async choose(value) {
    this.find(".link-form").hidden = value !== "link";
    if (!value || value === "link") return;
    const path = `/sandbox/demo/people/${encodeURIComponent(value)}/chat`;
    await this.attempt(async () => this.show(await api(path, {})));
  }

  async openLink(form) {
    await this.attempt(async () => {
      const user = await api("/sandbox/users", {
        first_name: form.get("first_name").trim(),
        language_code: form.get("language_code").trim(),
      });
      this.show(user);
      this.find(".link-form").hidden = true;
      await this.act("messages", { text: `/start ${invitationCode(form.get("link"))}`.trim() });
    });
  }

  show(user) {
    this.userId = user.id;
    this.items = new Map();
    this.newest = null;
    this.answersSeen = null;
    this.find(".name").textContent = [user.first_name, user.last_name].filter(Boolean).join(" ");
    this.find(".language").textContent = user.language_code ?? "";
    this.find(".composer fieldset").disabled = false;
    this.list.replaceChildren();
    this.refresh();
  }

  // One request at a time; changes that arrive meanwhile cause one more.
  refresh() {
    if (this.userId === null) return;
    if (this.loading) {
      this.stale = true;
      return;
    }
    const userId = this.userId;
    this.loading = api(`/sandbox/users/${userId}/chat`)
      .then((chat) => userId === this.userId && this.draw(chat))
      .catch((error) => this.complain(error))
      .finally(() => {
        this.loading = null;
        if (this.stale) {
          this.stale = false;
          this.refresh();
        }
      });
  }

  draw(chat) {
    const newest = chat.messages.at(-1)?.message_id ?? null;
    const items = new Map();
    for (const message of chat.messages.filter((m) => !m.deleted)) {
      const key = JSON.stringify(message);
      const kept = this.items.get(message.message_id);
      const href = `/sandbox/users/${this.userId}/messages/${message.message_id}/document`;
      const fresh = kept?.key === key ? kept : { key, item: messageItem(message, href) };
      items.set(message.message_id, fresh);
    }
    this.items = items;
    const shown = [...items.values()].map((entry) => entry.item);
    this.list.replaceChildren(...aboutTheBot(chat.description), ...shown);
    if (newest !== this.newest) this.list.scrollTop = this.list.scrollHeight;
    this.newest = newest;
    this.drawMenu(chat.commands);
    const answers = chat.callback_answers;
    if (this.answersSeen !== null && answers.length > this.answersSeen && answers.at(-1)) {
      this.flash(".toast", answers.at(-1));
    }
    this.answersSeen = answers.length;
  }

  drawMenu(commands) {
    const entries = commands.map(({ command, description }) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.command = `/${command}`;
      const about = document.createElement("span");
      about.textContent = description;
      button.append(`/${command} `, about);
      const entry = document.createElement("li");
      entry.append(button);
      return entry;
    });
    this.find(".menu").replaceChildren(...entries);
  }

  // Send, press or post media as this person; false (and a visible reason) when refused.
  async act(what, body) {
    return this.attempt(() => api(`/sandbox/users/${this.userId}/${what}`, body));
  }

  async attempt(action) {
    try {
      await action();
      return true;
    } catch (error) {
      this.complain(error);
      return false;
    }
  }

  complain(error) {
    this.flash(".error", error.message);
  }

  flash(selector, text) {
    const note = this.find(selector);
    note.textContent = text;
    note.hidden = false;
    clearTimeout(note.timer);
    note.timer = setTimeout(() => (note.hidden = true), TOAST_MS);
  }
}

async function startClock() {
  let state = await demoOnly("/sandbox/demo/clock");
  if (state === null) return;
  const section = document.getElementById("clock");
  const status = document.getElementById("clock-status");
  const shown = document.getElementById("clock-now");
  const redraw = () => {
    const offset = Date.parse(state.now) - state.fetchedAt;
    const now = new Date(Date.now() + offset);
    shown.dateTime = now.toISOString();
    shown.textContent = new Intl.DateTimeFormat("en-GB", {
      timeZone: state.timezone,
      dateStyle: "full",
      timeStyle: "short",
    }).format(now);
  };
  const take = (fresh) => {
    state = { ...fresh, fetchedAt: Date.now() };
    redraw();
  };
  take(state);
  section.hidden = false;
  setInterval(redraw, CLOCK_REDRAW_MS);
  for (const button of section.querySelectorAll("button[data-step]")) {
    button.addEventListener("click", async () => {
      section.classList.add("busy");
      status.textContent = "Moving the clock; sending what fell due…";
      try {
        take(await api("/sandbox/demo/clock", { step: button.dataset.step }));
        status.textContent = "";
      } catch (error) {
        status.textContent = error.message;
      } finally {
        section.classList.remove("busy");
      }
    });
  }
}

async function main() {
  const people = (await demoOnly("/sandbox/demo/people")) ?? [];
  const template = document.getElementById("phone-template");
  const phones = [];
  for (let i = 0; i < PHONES; i += 1) {
    const section = template.content.firstElementChild.cloneNode(true);
    document.getElementById("phones").append(section);
    phones.push(new Phone(section, people));
  }
  const events = new EventSource("/sandbox/events");
  events.addEventListener("chat", (event) => {
    for (const phone of phones) if (phone.userId === Number(event.data)) phone.refresh();
  });
  // After a lost connection, what changed meanwhile was never announced.
  events.addEventListener("open", () => phones.forEach((phone) => phone.refresh()));
  await startClock();
}

main();
