//! The public database schema and its migrations.

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 4;

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
    // Version 3: aggregation, units over time (DESIGN.md "Aggregation and
    // units over time"). A code is unique among the units valid at one time,
    // not for ever, so `agency` is rebuilt without UNIQUE(code); the
    // migration runs with foreign keys off (see `Store::open`).
    MIGRATION_3,
    // Version 4: a rejection's cause as data (stable JSON of
    // `domain::RejectCause`), so the window says it in the user's language;
    // `message` stays the English text for other programs. Rows recorded
    // before have no cause and show their message.
    "ALTER TABLE import_rejection ADD COLUMN cause TEXT;",
];

/// The views as the last migration that changed them made them (the
/// PostgreSQL schema is made from them, `store/pg.rs`).
pub fn views() -> &'static str {
    let at = MIGRATION_3
        .find("CREATE VIEW observation_v AS")
        .expect("migration 3 makes the views");
    &MIGRATION_3[at..]
}

/// Version 3 (see [`MIGRATIONS`]).
const MIGRATION_3: &str = r"
ALTER TABLE indicator ADD COLUMN aggregation TEXT
    CHECK (aggregation IN ('sum', 'last', 'ratio', 'none'));
DROP VIEW observation_v;
CREATE TABLE agency_rebuilt (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    level TEXT CHECK (level IN ('province', 'department', 'district', 'commune')),
    parent_id INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    name_key TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);
INSERT INTO agency_rebuilt (id, code, name, level, parent_id, name_key)
    SELECT id, code, name, level, parent_id, name_key FROM agency;
DROP TABLE agency;
ALTER TABLE agency_rebuilt RENAME TO agency;
-- Two units of one code may not start on the same day (NULL: valid since ever).
CREATE UNIQUE INDEX agency_code ON agency(code, coalesce(valid_from, ''));
CREATE INDEX agency_name_key ON agency(name_key);
CREATE INDEX agency_parent ON agency(parent_id);

CREATE TABLE agency_succession (
    predecessor_id INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    successor_id INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    effective TEXT NOT NULL,
    whole INTEGER NOT NULL CHECK (whole IN (0, 1)),
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX agency_succession_successor ON agency_succession(successor_id);

ALTER TABLE edit_log ADD COLUMN user TEXT;

CREATE VIEW observation_v AS
SELECT i.code AS indicator_code, i.name AS indicator_name, i.unit AS unit, i.kind AS kind,
       a.code AS agency_code, a.name AS agency_name, a.level AS level,
       o.period AS period, o.value AS value, o.numerator AS numerator,
       o.denominator AS denominator, o.target AS target, o.qualifier AS qualifier,
       o.note AS note
FROM observation o
JOIN indicator i ON i.id = o.indicator_id
JOIN agency a ON a.id = o.agency_id;

-- Every series on today's units: a unit merged whole (along every path) into
-- one unit that is still valid is carried into it; figures of units split in
-- parts, or that ended without a successor, are not here.
CREATE VIEW observation_current_v AS
WITH RECURSIVE
carry(agency_id, current_id, whole) AS (
    SELECT id, id, 1 FROM agency
    UNION
    SELECT carry.agency_id, s.successor_id, carry.whole * s.whole
    FROM carry JOIN agency_succession s ON s.predecessor_id = carry.current_id
),
home(agency_id, current_id, valid_from, valid_to) AS (
    SELECT carry.agency_id, carry.current_id, a.valid_from, a.valid_to
    FROM carry JOIN agency now ON now.id = carry.current_id
    JOIN agency a ON a.id = carry.agency_id
    WHERE now.valid_to IS NULL
      AND NOT EXISTS (SELECT 1 FROM carry other WHERE other.agency_id = carry.agency_id
                      AND (other.whole = 0 OR (other.current_id <> carry.current_id
                           AND (SELECT valid_to FROM agency WHERE id = other.current_id) IS NULL)))
),
grouped AS (
    SELECT o.indicator_id, home.current_id AS agency_id, o.period,
           count(*) AS combined_from,
           sum(o.value) AS value_sum, count(o.value) AS values_given,
           sum(o.numerator) AS numerator_sum, count(o.numerator) AS numerators_given,
           sum(o.denominator) AS denominator_sum, count(o.denominator) AS denominators_given,
           max(o.value) AS one_value, max(o.target) AS one_target,
           max(o.qualifier) AS one_qualifier, max(o.note) AS one_note,
           CASE
               WHEN length(o.period) = 4 THEN o.period || '-12-31'
               WHEN substr(o.period, 6, 1) = 'H' THEN substr(o.period, 1, 4) ||
                   CASE substr(o.period, 7) WHEN '1' THEN '-06-30' ELSE '-12-31' END
               WHEN substr(o.period, 6, 1) = 'Q' THEN substr(o.period, 1, 4) ||
                   CASE substr(o.period, 7) WHEN '1' THEN '-03-31' WHEN '2' THEN '-06-30'
                        WHEN '3' THEN '-09-30' ELSE '-12-31' END
               WHEN length(o.period) = 7 THEN date(o.period || '-01', '+1 month', '-1 day')
               ELSE o.period
           END AS period_end
    FROM observation o JOIN home ON home.agency_id = o.agency_id
    GROUP BY o.indicator_id, home.current_id, o.period
)
SELECT i.code AS indicator_code, i.name AS indicator_name, i.unit AS unit, i.kind AS kind,
       a.code AS agency_code, a.name AS agency_name, a.level AS level,
       g.period AS period,
       CASE
           WHEN g.combined_from = 1 THEN g.one_value
           WHEN coalesce(i.aggregation, CASE i.kind WHEN 'rate' THEN 'ratio' ELSE 'sum' END) = 'ratio'
               THEN CASE WHEN g.numerators_given = g.combined_from AND g.denominators_given = g.combined_from
                          AND g.denominator_sum <> 0
                         THEN g.numerator_sum * 100.0 / g.denominator_sum END
           WHEN coalesce(i.aggregation, CASE i.kind WHEN 'rate' THEN 'ratio' ELSE 'sum' END) = 'none' THEN NULL
           ELSE CASE WHEN g.values_given = g.combined_from THEN g.value_sum END
       END AS value,
       CASE WHEN g.numerators_given = g.combined_from THEN g.numerator_sum END AS numerator,
       CASE WHEN g.denominators_given = g.combined_from THEN g.denominator_sum END AS denominator,
       CASE WHEN g.combined_from = 1 THEN g.one_target END AS target,
       CASE WHEN g.combined_from = 1 THEN g.one_qualifier END AS qualifier,
       CASE WHEN g.combined_from = 1 THEN g.one_note END AS note,
       g.combined_from AS combined_from,
       CASE WHEN g.combined_from >= (SELECT count(*) FROM home h WHERE h.current_id = g.agency_id
                 AND (h.valid_from IS NULL OR h.valid_from <= g.period_end)
                 AND (h.valid_to IS NULL OR h.valid_to >= g.period_end))
            THEN 1 ELSE 0 END AS complete
FROM grouped g
JOIN indicator i ON i.id = g.indicator_id
JOIN agency a ON a.id = g.agency_id;
";
