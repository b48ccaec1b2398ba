-- Round titles per language, as the year plan gives them (`title.ar = "…"`): a JSON object
-- of language code to title. The plain `title` stays the school's own title; a reader with
-- neither gets a title built in their language from the kind of talk, month and group.
-- Places need no new column: a keyword ("classroom") or a name is stored as the plan says.
ALTER TABLE rounds ADD COLUMN titles TEXT NOT NULL DEFAULT '{}';
