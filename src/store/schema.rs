//! The public database schema and its migrations.

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// The statement that makes (indicator, agency, period) unique.
pub const OBSERVATION_KEY_INDEX: &str =
    "CREATE UNIQUE INDEX observation_key ON observation(indicator_id, agency_id, period)";

/// Migrations: entry `n` brings a database from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    unit TEXT,
    kind TEXT NOT NULL DEFAULT 'count' CHECK (kind IN ('rate', 'count', 'amount')),
    group_code TEXT,
    parent_id INTEGER REFERENCES indicator(id) ON DELETE SET NULL,
    higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
    name_key TEXT NOT NULL
);
CREATE INDEX indicator_name_key ON indicator(name_key);
CREATE INDEX indicator_parent ON indicator(parent_id);

CREATE TABLE agency (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    level TEXT CHECK (level IN ('province', 'department', 'district', 'commune')),
    parent_id INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    name_key TEXT NOT NULL
);
CREATE INDEX agency_name_key ON agency(name_key);
CREATE INDEX agency_parent ON agency(parent_id);

CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT,
    imported_at TEXT NOT NULL,
    encoding TEXT,
    delimiter TEXT,
    number_format TEXT,
    header_line INTEGER,
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_inserted INTEGER NOT NULL DEFAULT 0,
    rows_updated INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    rows_skipped INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_rejection (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    line INTEGER,
    "column" INTEGER,
    raw TEXT,
    message TEXT NOT NULL
);
CREATE INDEX import_rejection_batch ON import_rejection(batch_id);

CREATE TABLE observation (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id),
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    period TEXT NOT NULL,
    value REAL,
    numerator REAL,
    denominator REAL,
    target REAL,
    qualifier TEXT,
    note TEXT,
    batch_id INTEGER REFERENCES import_batch(id) ON DELETE SET NULL,
    source_line INTEGER
);
-- UNIQUE (indicator_id, agency_id, period), as a named index so that a bulk
-- load can build it once at the end.
CREATE UNIQUE INDEX observation_key ON observation(indicator_id, agency_id, period);
CREATE INDEX observation_agency ON observation(agency_id);

CREATE TABLE edit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    observation_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value,
    new_value,
    origin TEXT NOT NULL CHECK (origin IN ('edit', 'undo', 'redo', 'import', 'delete')),
    batch_id INTEGER
);
CREATE INDEX edit_log_observation ON edit_log(observation_id);

CREATE VIEW observation_v AS
SELECT i.code AS indicator_code, i.name AS indicator_name, i.unit AS unit, i.kind AS kind,
       a.code AS agency_code, a.name AS agency_name, a.level AS level,
       o.period AS period, o.value AS value, o.numerator AS numerator,
       o.denominator AS denominator, o.target AS target, o.qualifier AS qualifier,
       o.note AS note
FROM observation o
JOIN indicator i ON i.id = o.indicator_id
JOIN agency a ON a.id = o.agency_id;
"#,
    // Version 2: no index of its own for the agency. Building it was a sixth
    // of a first import's time; an agency's observations are found through
    // the key index, one seek per indicator (`indicator_id IN (SELECT id FROM
    // indicator)` in the queries that need it).
    "DROP INDEX observation_agency;",
];
