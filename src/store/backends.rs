//! For the store's own tests: the same test on each database the store runs
//! on. SQLite always; PostgreSQL when `CHISO_TEST_PG` names a server (the
//! one `.ci/pg-start` starts), in a database of its own, dropped after.
//! Without a server the PostgreSQL run is skipped with a note, except under
//! `CI=true`, where it fails.

use std::path::Path;

use super::pg::PgTarget;
use super::{Backend, Store};

/// A store for a test, and what to clean up after it.
pub(crate) struct TestStore {
    pub store: Store,
    /// The PostgreSQL database to drop: the server's own URL and its name.
    drop_database: Option<(String, String)>,
}

impl TestStore {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.drop_database
            && let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A new, empty store on each database: a SQLite file in `dir`, then a
/// PostgreSQL database made by `chiso init`'s path ([`Store::open_postgres`]).
pub(crate) fn each_backend(test: &str, dir: &Path) -> Vec<TestStore> {
    let mut stores = vec![TestStore {
        store: Store::open(&dir.join(format!("{test}.sqlite"))).unwrap(),
        drop_database: None,
    }];
    let Ok(admin) = std::env::var("CHISO_TEST_PG") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CHISO_TEST_PG is not set under CI: .ci/run starts a PostgreSQL server for these tests"
        );
        eprintln!(
            "note: {test} ran on SQLite only: no PostgreSQL server (set CHISO_TEST_PG, see .ci/pg-start)"
        );
        return stores;
    };
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "chiso_unit_{}_{}_{}",
        test.chars()
            .filter(char::is_ascii_alphanumeric)
            .take(20)
            .collect::<String>()
            .to_lowercase(),
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap_or_else(|error| panic!("cannot reach the test server {admin}: {error}"));
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    let target = PgTarget::parse(&format!("{base}/{name}")).unwrap();
    stores.push(TestStore {
        store: Store::open_postgres(&target, true).unwrap(),
        drop_database: Some((admin, name)),
    });
    stores
}
