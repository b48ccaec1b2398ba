// A chat message as Telegram shows it, built as DOM nodes from the plain text and its
// entities (offsets in UTF-16 units, as JavaScript strings count). Text only ever becomes
// text nodes, so whatever anyone typed or the bot quoted is shown, never run.

const TAGS = {
  bold: "b",
  italic: "i",
  underline: "u",
  strikethrough: "s",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  expandable_blockquote: "blockquote",
};
// Links a browser may follow; tg:// and anything else (javascript:) stay plain words.
const FOLLOWABLE = /^(https?|mailto):/i;
const MEDIA = {
  photo: "🖼️ Photo",
  voice: "🎤 Voice message",
  sticker: "👍 Sticker",
  location: "📍 Location",
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(url) {
  if (!FOLLOWABLE.test(url ?? "")) return element("span", "link");
  const anchor = element("a");
  anchor.href = url;
  anchor.target = "_blank";
  anchor.rel = "noopener noreferrer";
  return anchor;
}

function entityElement(entity, words) {
  switch (entity.type) {
    case "text_link":
      return link(entity.url);
    case "url":
      return link(words);
    case "email":
      return link(`mailto:${words}`);
    case "bot_command": {
      const command = element("span", "command");
      command.dataset.command = words;
      return command;
    }
    case "spoiler":
      return element("span", "spoiler");
    default:
      return element(TAGS[entity.type] ?? "span");
  }
}

// Entities nest as the HTML they came from; one that overlaps its parent is cut at its end.
export function formattedText(text, entities) {
  const root = document.createDocumentFragment();
  const ordered = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const open = [{ node: root, end: text.length }];
  let position = 0;
  const writeUpTo = (end) => {
    if (end > position) open.at(-1).node.append(text.slice(position, end));
    position = Math.max(position, end);
  };
  const close = () => {
    writeUpTo(open.at(-1).end);
    open.pop();
  };
  for (const entity of ordered) {
    while (open.length > 1 && open.at(-1).end <= entity.offset) close();
    writeUpTo(entity.offset);
    const end = Math.min(entity.offset + entity.length, open.at(-1).end);
    const node = entityElement(entity, text.slice(entity.offset, end));
    open.at(-1).node.append(node);
    open.push({ node, end });
  }
  while (open.length > 0) close();
  return root;
}

function fileSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function documentLink(document, href) {
  const anchor = element("a", "document");
  anchor.href = href;
  anchor.download = document.file_name;
  anchor.append(
    element("span", "document-icon", "📄"),
    element("span", "file-name", document.file_name),
    element("span", "file-size", fileSize(document.size)),
  );
  return anchor;
}

function keyboard(message) {
  const rows = element("div", "keyboard");
  let index = 0; // the sandbox counts buttons across rows, as SimUser.press(index=) does
  for (const row of message.buttons) {
    const line = element("div", "row");
    for (const button of row) {
      if (button.url) {
        const anchor = link(button.url);
        anchor.className = "inline url";
        anchor.textContent = button.text;
        line.append(anchor);
      } else {
        const press = element("button", "inline", button.text);
        press.type = "button";
        press.dir = "auto";
        press.dataset.messageId = message.message_id;
        press.dataset.index = index;
        line.append(press);
      }
      index += 1;
    }
    rows.append(line);
  }
  return rows;
}

// One list item: the bubble (attachment, words, "edited") and its inline buttons.
// Deleted messages are not passed in: Telegram simply removes them.
export function messageItem(message, documentHref) {
  const item = element("li", message.from_bot ? "message from-bot" : "message from-me");
  item.dataset.messageId = message.message_id;
  const bubble = element("div", "bubble");
  if (message.document) {
    bubble.append(documentLink(message.document, documentHref));
  } else if (message.kind !== "text") {
    bubble.append(element("div", "media", MEDIA[message.kind] ?? message.kind));
  }
  const words = message.text ?? message.caption;
  if (words) {
    const body = element("div", "text");
    body.dir = "auto";
    body.append(formattedText(words, message.entities));
    bubble.append(body);
  }
  if (message.edited) bubble.append(element("span", "edited", "edited"));
  item.append(bubble);
  if (message.buttons.length > 0) item.append(keyboard(message));
  return item;
}
