//! Units over time on a big database (the aggregation issue's targets):
//! loading the 2025 conversion table, one series on today's units, and the
//! year summary on today's units, over 5,000,000 observations.
//!
//! usage: cargo run --release --example units_bench -- [DB] [TABLE.csv]
//! TABLE defaults to the real conversion table in ../shared/corpus. The
//! database is made once and reused: 200 indicators × 1,000 units of before
//! the reform (old Khánh Hòa 56, Ninh Thuận 58 and their communes first) ×
//! the quarters 2019-Q1 … 2025-Q2, plus today's Khánh Hòa from 2025-Q3, and a
//! 2025 target for every indicator of today's 56.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chiso::app::sample;
use chiso::domain::rollup::{Granularity, series_points};
use chiso::store::Store;

const INDICATORS: i64 = 200;
const OLD_UNITS: i64 = 1000;

fn fill(db: &Path, table: &Path) -> anyhow::Result<()> {
    println!("making the database {} (once)…", db.display());
    let mut store = Store::open(db)?;
    sample::load_units(&mut store, table)?;
    drop(store);
    let conn = rusqlite::Connection::open(db)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {INDICATORS})
         INSERT INTO indicator (code, name, unit, kind, name_key, aggregation)
           SELECT printf('CT%03d', i), printf('Chỉ tiêu số %d', i), 'hồ sơ', 'count', printf('chỉ tiêu số %d', i),
                  CASE i % 2 WHEN 0 THEN 'sum' ELSE 'last' END FROM n;
         CREATE TEMP TABLE old_unit AS
           SELECT a.id FROM agency a WHERE a.valid_to = '2025-06-30'
           ORDER BY a.code IN ('56', '58') DESC,
                    a.parent_id IN (SELECT id FROM agency WHERE code IN ('568', '569', '570', '571', '572', '573', '574', '575', '576', '582', '583', '584', '585', '586', '587', '588', '589')) DESC,
                    a.id
           LIMIT {OLD_UNITS};
         WITH RECURSIVE q(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM q WHERE k < 25)
         INSERT INTO observation (indicator_id, agency_id, period, value)
           SELECT i.id, u.id, (2019 + q.k / 4) || '-Q' || (q.k % 4 + 1), (i.id * u.id + q.k) % 1000
           FROM indicator i, old_unit u, q;
         WITH RECURSIVE q(k) AS (SELECT 26 UNION ALL SELECT k + 1 FROM q WHERE k < 31)
         INSERT INTO observation (indicator_id, agency_id, period, value)
           SELECT i.id, a.id, (2019 + q.k / 4) || '-Q' || (q.k % 4 + 1), (i.id + q.k) % 1000
           FROM indicator i, agency a, q WHERE a.code = '56' AND a.valid_from = '2025-07-01';
         INSERT INTO observation (indicator_id, agency_id, period, value, target)
           SELECT i.id, a.id, '2025', 500, 450 FROM indicator i, agency a
           WHERE a.code = '56' AND a.valid_from = '2025-07-01';
         COMMIT;"
    ))?;
    Ok(())
}

fn best_of(runs: usize, mut work: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2])
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/bench/units-5m.sqlite".to_owned()),
    );
    let table = PathBuf::from(args.next().unwrap_or_else(|| {
        "../shared/corpus/vn-admin-reform-2025-nso/BangChuyendoiĐVHCmoi_cu_khong_merge.csv"
            .to_owned()
    }));
    if let Some(parent) = db.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if !db.exists() {
        fill(&db, &table)?;
    }
    let mut store = Store::open(&db)?;
    println!("{} observations", store.observation_count()?);

    // Loading the conversion table: into a new database, and again into the
    // big one (nothing changes, but every unit and figure is looked at).
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let mut fresh = Store::open(&dir.path().join("fresh.sqlite"))?;
    sample::load_units(&mut fresh, &table)?;
    println!(
        "conversion table into a new database: {:?}",
        started.elapsed()
    );
    let started = Instant::now();
    sample::load_units(&mut store, &table)?;
    println!(
        "conversion table again into the big database: {:?}",
        started.elapsed()
    );

    let today = store
        .unit_today("56")?
        .ok_or_else(|| anyhow::anyhow!("no unit 56"))?;
    let indicator = store
        .indicators()?
        .into_iter()
        .find(|indicator| indicator.code == "CT002")
        .ok_or_else(|| anyhow::anyhow!("no indicator CT002"))?;
    let mut points = 0;
    let (best, median) = best_of(20, || {
        let units = store
            .unit_series(indicator.id, &today, true)
            .expect("series");
        points = series_points(indicator.aggregation, Some(Granularity::Year), &units).len();
    });
    println!(
        "one series on today's units by year ({points} points, from {} units): best {best:?}, median {median:?}",
        store.carried_into(&today)?.len()
    );
    let (best, median) = best_of(20, || {
        let units = store
            .unit_series(indicator.id, &today, true)
            .expect("series");
        points = series_points(indicator.aggregation, None, &units).len();
    });
    println!("the same as stored ({points} points): best {best:?}, median {median:?}");
    let mut rows = 0;
    let (best, median) = best_of(5, || {
        rows = store
            .year_summary(today.id, "2025")
            .expect("summary")
            .rows
            .len();
    });
    println!(
        "year summary 2025 on today's units ({rows} targets): best {best:?}, median {median:?}"
    );
    Ok(())
}
