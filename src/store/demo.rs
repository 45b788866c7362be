//! The synthetic demo batch of the sample database: which batches it is and
//! which figures came from it, so the window can mark them ("Dữ liệu mẫu
//! (giả lập)") and remove them.
//!
//! A batch is the demo one when its file's SHA-256 is the shipped demo
//! file's (whatever the file was called when it was imported), or, for a
//! batch recorded without a checksum, when it has the demo file's name.
//! The SQL is plain: it runs on SQLite and PostgreSQL alike.

use rusqlite::params;

use super::{Result, Store};

/// How the demo batch is known: the shipped file's checksum and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoMarker<'a> {
    /// Lower-case hexadecimal SHA-256 of the file's bytes.
    pub sha256: &'a str,
    pub file_name: &'a str,
}

/// The demo batches of a database.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoBatches {
    pub batch_ids: Vec<i64>,
    /// Their file names, as the figures' sources name them.
    pub file_names: Vec<String>,
}

const DEMO_BATCH_WHERE: &str = "file_sha256 = ?1 OR (file_sha256 IS NULL AND file_name = ?2)";

impl Store {
    /// The batches imported from the demo file.
    pub fn demo_batches(&self, marker: DemoMarker<'_>) -> Result<DemoBatches> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id, file_name FROM import_batch WHERE {DEMO_BATCH_WHERE} ORDER BY id"
        ))?;
        let mut batches = DemoBatches::default();
        for row in statement.query_map(params![marker.sha256, marker.file_name], |row| {
            Ok((row.get::<i64>(0)?, row.get::<String>(1)?))
        })? {
            let (id, name) = row?;
            batches.batch_ids.push(id);
            if !batches.file_names.contains(&name) {
                batches.file_names.push(name);
            }
        }
        Ok(batches)
    }

    /// The ids of the figures whose batch is a demo one, in order.
    pub fn demo_observation_ids(&self, marker: DemoMarker<'_>) -> Result<Vec<i64>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id FROM observation WHERE batch_id IN \
             (SELECT id FROM import_batch WHERE {DEMO_BATCH_WHERE}) ORDER BY id"
        ))?;
        let ids = statement
            .query_map(params![marker.sha256, marker.file_name], |row| row.get(0))?
            .collect::<Result<Vec<i64>>>()?;
        Ok(ids)
    }
}
