-- The school's people: groups, pupils, guardians, staff, and how they relate.
-- Times are UTC ISO-8601 text. Rows are deactivated, never deleted, so history stays.

CREATE TABLE class_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,           -- canonical: "4", "1/2A", "7/8"
    grade_low   INTEGER NOT NULL CHECK (grade_low BETWEEN 1 AND 8),
    grade_high  INTEGER NOT NULL CHECK (grade_high BETWEEN grade_low AND 8),
    created_at  TEXT NOT NULL
);

CREATE TABLE pupils (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT NOT NULL UNIQUE,       -- leerlingnummer from the administration
    first_name      TEXT NOT NULL,              -- roepnaam
    name_prefix     TEXT NOT NULL DEFAULT '',   -- tussenvoegsel
    last_name       TEXT NOT NULL,
    group_id        INTEGER NOT NULL REFERENCES class_groups (id),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deactivated_at  TEXT
);
CREATE INDEX pupils_group ON pupils (group_id) WHERE active = 1;

CREATE TABLE guardians (
    id                INTEGER PRIMARY KEY,
    import_key        TEXT NOT NULL UNIQUE,     -- guardian number, else e-mail, else phone
    name              TEXT NOT NULL,
    email             TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL,
    language_chosen   INTEGER NOT NULL DEFAULT 0 CHECK (language_chosen IN (0, 1)),
    telegram_user_id  INTEGER UNIQUE,
    telegram_chat_id  INTEGER,
    linked_at         TEXT,
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deactivated_at    TEXT
);

-- A guardian may have several children; a child usually has two guardians, who may live
-- in two households (household is a free label from the roster, '' when unknown).
CREATE TABLE pupil_guardians (
    pupil_id     INTEGER NOT NULL REFERENCES pupils (id),
    guardian_id  INTEGER NOT NULL REFERENCES guardians (id),
    relation     TEXT NOT NULL DEFAULT '',
    household    TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    PRIMARY KEY (pupil_id, guardian_id)
);
CREATE INDEX pupil_guardians_guardian ON pupil_guardians (guardian_id);

CREATE TABLE staff (
    id                INTEGER PRIMARY KEY,
    import_key        TEXT NOT NULL UNIQUE,     -- lower-cased e-mail
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('teacher', 'counsellor', 'director')),
    language          TEXT NOT NULL,
    language_chosen   INTEGER NOT NULL DEFAULT 0 CHECK (language_chosen IN (0, 1)),
    telegram_user_id  INTEGER UNIQUE,
    telegram_chat_id  INTEGER,
    linked_at         TEXT,
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deactivated_at    TEXT
);

-- Duo teachers: a group often has two part-time teachers; a teacher may have two groups.
CREATE TABLE staff_groups (
    staff_id  INTEGER NOT NULL REFERENCES staff (id),
    group_id  INTEGER NOT NULL REFERENCES class_groups (id),
    PRIMARY KEY (staff_id, group_id)
);
CREATE INDEX staff_groups_group ON staff_groups (group_id);

-- One row per issued invitation code. Only a hash is kept: the code itself is derived
-- from a secret outside the database, so a leaked dump reveals no usable code.
CREATE TABLE invite_codes (
    id                   INTEGER PRIMARY KEY,
    person_kind          TEXT NOT NULL CHECK (person_kind IN ('guardian', 'staff')),
    person_id            INTEGER NOT NULL,
    generation           INTEGER NOT NULL,
    code_hash            TEXT NOT NULL UNIQUE,
    created_at           TEXT NOT NULL,
    revoked_at           TEXT,
    redeemed_at          TEXT,
    redeemed_by_user_id  INTEGER,
    UNIQUE (person_kind, person_id, generation)
);
