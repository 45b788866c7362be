//! Window speed on a big database (issue 3's targets), measured headless:
//! opening to first frame, CPU per frame of the table scrolled to any depth,
//! and fetching a visible page.
//!
//! usage: cargo run --release --example window_bench -- [DB] [ROWS]
//! The database is made once (synthetic: 72 indicators × 700 agencies ×
//! periods) and reused; ROWS defaults to 5,000,000. DB may be a PostgreSQL
//! URL (made with `chiso init` and filled, e.g. by `chiso copy --from
//! target/bench/window-1m.sqlite --to URL`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chiso::app::window::{ChisoApp, Settings};
use chiso::store::Store;
use egui_kittest::Harness;

fn fill(db: &PathBuf, rows: u64) -> anyhow::Result<()> {
    println!("making {rows} observations in {} (once)…", db.display());
    drop(Store::open(db)?);
    let conn = rusqlite::Connection::open(db)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 72)
         INSERT INTO indicator (code, name, unit, kind, group_code, name_key)
           SELECT printf('CT%02d', i), printf('Chỉ tiêu số %d về ứng dụng công nghệ thông tin', i),
                  CASE WHEN i % 3 = 0 THEN '%' ELSE 'hồ sơ' END,
                  CASE WHEN i % 3 = 0 THEN 'rate' ELSE 'count' END,
                  CASE i % 4 WHEN 0 THEN 'documents' WHEN 1 THEN 'online_services' WHEN 2 THEN 'accounts' ELSE 'certificates' END,
                  printf('chỉ tiêu số %d', i) FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700)
         INSERT INTO agency (code, name, level, name_key)
           SELECT printf('X%05d', i), printf('UBND Xã Khánh Hòa số %d', i), 'commune', printf('xã %d', i) FROM n;
         COMMIT;",
    )?;
    let periods: Vec<String> = (2000..2100)
        .flat_map(|year| (1..=12).map(move |month| format!("{year}-{month:02}")))
        .collect();
    conn.execute_batch("BEGIN")?;
    {
        let mut insert = conn.prepare(
            "INSERT INTO observation (indicator_id, agency_id, period, value, target) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut written = 0;
        'outer: for period in &periods {
            for indicator in 1..=72_i64 {
                for agency in 1..=700_i64 {
                    let value = ((indicator * 7919 + agency * 104_729 + written as i64) % 1000)
                        as f64
                        / 10.0;
                    let target = (written % 3 == 0).then_some(80.0);
                    insert.execute(rusqlite::params![indicator, agency, period, value, target])?;
                    written += 1;
                    if written == rows {
                        break 'outer;
                    }
                }
            }
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}

fn wait(
    harness: &mut Harness<'_, ChisoApp>,
    what: &str,
    done: impl Fn(&ChisoApp) -> bool,
) -> Duration {
    let started = Instant::now();
    while !done(harness.state()) || harness.state().is_busy() {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "timed out: {what}"
        );
    }
    started.elapsed()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/bench/window-5m.sqlite".into()),
    );
    let rows: u64 = args.next().map_or(Ok(5_000_000), |text| text.parse())?;
    if !db.exists() && chiso::store::database_url(&db).is_none() {
        if let Some(parent) = db.parent() {
            std::fs::create_dir_all(parent)?;
        }
        fill(&db, rows)?;
    }
    let count = Store::open(&db)?.observation_count()?;
    println!("database: {} ({count} observations)", db.display());

    // Opening to first frame.
    let started = Instant::now();
    let app = ChisoApp::new(Settings::default(), db.clone());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .build_ui_state(|ui, app: &mut ChisoApp| app.ui_root(ui), app);
    harness.step();
    let first_frame = started.elapsed();
    println!(
        "open → first frame: {:.1} ms",
        first_frame.as_secs_f64() * 1000.0
    );
    let started = Instant::now();
    while harness.state().table.row_count() < 10 || !harness.state().table.rows_cached(0..10) {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "timed out: the first rows"
        );
    }
    println!(
        "first frame → first rows shown (before the full list): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let listed = wait(&mut harness, "the ids", |app| app.table.is_ready());
    println!(
        "first frame → all {} rows listed (background): {:.0} ms",
        harness.state().table.row_count(),
        listed.as_secs_f64() * 1000.0
    );
    wait(&mut harness, "the first page", |app| {
        app.table.rows_cached(0..10)
    });

    // Frames of the table scrolled to several depths: the frame itself
    // (not waiting for the database thread), and the page fetch round trip.
    let total = harness.state().table.row_count();
    let mut frame_times = Vec::new();
    let mut fetch_times = Vec::new();
    for step in 0..40 {
        let row = (total as u64 * (step * 2_654_435_761 % 1000) / 1000) as usize;
        harness.state_mut().table.reveal(row);
        let fetch_started = Instant::now();
        // The frame that scrolls there and asks for the page.
        let frame_started = Instant::now();
        harness.step();
        frame_times.push(frame_started.elapsed());
        let start = row;
        wait(&mut harness, "the page", |app| {
            app.table.rows_cached(start..(start + 1).min(total))
        });
        fetch_times.push(fetch_started.elapsed());
        // A steady frame with the page present.
        for _ in 0..3 {
            let frame_started = Instant::now();
            harness.step();
            frame_times.push(frame_started.elapsed());
        }
    }
    frame_times.sort();
    fetch_times.sort();
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    println!(
        "table frame (CPU on the UI thread, {} frames): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        frame_times.len(),
        ms(frame_times[frame_times.len() / 2]),
        ms(frame_times[frame_times.len() * 95 / 100]),
        ms(frame_times[frame_times.len() - 1])
    );
    println!(
        "scroll to a depth → page shown (round trip through the database thread, includes frames): median {:.1} ms, max {:.1} ms",
        ms(fetch_times[fetch_times.len() / 2]),
        ms(fetch_times[fetch_times.len() - 1])
    );

    // The page fetch itself, on the store: 30 rows by id and their consistency marks.
    let store = Store::open(&db)?;
    let ids = store.ordered_ids(&Default::default(), Default::default(), Default::default())?;
    let mut page_times = Vec::new();
    let mut mark_times = Vec::new();
    for step in 0..50_u64 {
        let at = (ids.len() as u64 * (step * 7_919 % 1000) / 1000) as usize;
        let page = &ids[at..(at + 30).min(ids.len())];
        let started = Instant::now();
        let rows = store.rows_by_ids(page)?;
        page_times.push(started.elapsed());
        assert_eq!(rows.len(), page.len());
        let started = Instant::now();
        store.check_ids(page)?;
        mark_times.push(started.elapsed());
    }
    page_times.sort();
    mark_times.sort();
    println!(
        "fetch a visible page (30 rows by id): median {:.3} ms, max {:.3} ms",
        ms(page_times[page_times.len() / 2]),
        ms(page_times[page_times.len() - 1])
    );
    println!(
        "its consistency marks: median {:.2} ms, max {:.2} ms",
        ms(mark_times[mark_times.len() / 2]),
        ms(mark_times[mark_times.len() - 1])
    );
    Ok(())
}
