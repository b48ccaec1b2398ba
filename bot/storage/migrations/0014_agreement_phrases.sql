-- Agreements and talking points from the phrasebook: stored by key and parameters and
-- written in each reader's language when shown. NULL phrase: the teacher's own words, in
-- `text`, written in `language` (what a machine translation starts from).

ALTER TABLE agreements ADD COLUMN phrase TEXT;
ALTER TABLE agreements ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE agreements ADD COLUMN language TEXT NOT NULL DEFAULT 'nl';

ALTER TABLE talk_records ADD COLUMN talking_phrase TEXT;
ALTER TABLE talk_records ADD COLUMN talking_params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE talk_records ADD COLUMN language TEXT NOT NULL DEFAULT 'nl';
