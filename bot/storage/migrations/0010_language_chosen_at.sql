-- When the person last chose their language. Messages that waited for someone who just
-- opened their link go out once they have chosen (or two minutes after linking).
ALTER TABLE guardians ADD COLUMN language_chosen_at TEXT;
ALTER TABLE staff ADD COLUMN language_chosen_at TEXT;
