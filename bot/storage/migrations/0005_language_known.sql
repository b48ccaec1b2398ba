-- Whether the roster or staff file named the person's language. When it did not, the
-- language Telegram reports for them is pre-selected when they first open their link.
ALTER TABLE guardians ADD COLUMN language_known INTEGER NOT NULL DEFAULT 1
    CHECK (language_known IN (0, 1));
ALTER TABLE staff ADD COLUMN language_known INTEGER NOT NULL DEFAULT 1
    CHECK (language_known IN (0, 1));
