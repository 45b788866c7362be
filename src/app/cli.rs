//! The command line: `import`, `import-units`, `import-indicators`, `export`,
//! `check`, and the window when no command is given.

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::Result;
use clap::{Parser, Subcommand};

use super::open::{
    database_exists, default_database_path, init_database, open_database, open_existing,
};
use super::pipeline::{self, ImportRequest};
use super::sample;
use crate::domain::{NumberFormat, Period, text};
use crate::export::CanonicalWriter;
use crate::import::{ColumnRole, Detection, ImportOptions};
use crate::store::{NewStore, ObservationFilter, Store};

/// chiso — chỉ số: import, correct, check and chart the ICT indicators of a province.
#[derive(Debug, Parser)]
#[command(
    name = "chiso",
    version,
    about,
    after_help = "chiso FILE.csv… opens the window with the import dialog on the files \
                  (as \"Open with chiso\" in a file manager does)."
)]
pub struct Cli {
    /// The database to open (default: chiso.sqlite in the platform's data folder).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Files to import in the window (`chiso report.csv`): it opens with the
    /// import dialog on them.
    #[command(external_subcommand)]
    Open(Vec<OsString>),
    /// Create the schema in a new database: an empty PostgreSQL database
    /// (`--db postgresql://user@host/dbname`), or a SQLite file.
    Init,
    /// Import CSV files (one transaction per file).
    Import(ImportArgs),
    /// Load an official administrative-unit list (the GSO export, the
    /// post-reform list) or the 2025 conversion table into the agencies.
    ImportUnits {
        /// The list or table, as the statistics office publishes it.
        list: PathBuf,
    },
    /// Print one series: each point with its value, whether it was filed or
    /// rolled up, and from what.
    Series(SeriesArgs),
    /// Load an indicator catalogue (code, name, unit, kind, group, parent, direction).
    ImportIndicators {
        /// indicators.csv
        list: PathBuf,
    },
    /// Write every observation as canonical CSV.
    Export {
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
    /// Check the consistency rules; exits 1 when a rule is broken.
    Check {
        /// One JSON object on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Write the year summary and its charts as one self-contained HTML file.
    Report {
        /// The year ("2021").
        #[arg(long)]
        year: u32,
        /// The agency code (default: the province).
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
    },
    /// Copy a database for an offline meeting (a consistent snapshot into a
    /// new SQLite file, with its source and time), or with `--edits-only`
    /// send the figures edited in such a copy back, each checked against
    /// what the database holds now.
    Copy {
        /// The database to copy (a PostgreSQL URL or a file); with
        /// `--edits-only`, the offline copy.
        #[arg(long, value_name = "URL|FILE")]
        from: PathBuf,
        /// The new copy (a file that is not there yet, or an empty PostgreSQL
        /// database); with `--edits-only`, the database to send edits to.
        #[arg(long, value_name = "FILE|URL")]
        to: PathBuf,
        /// Send the copy's edits back instead of copying.
        #[arg(long)]
        edits_only: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct SeriesArgs {
    /// The indicator code.
    #[arg(long, value_name = "CODE")]
    pub indicator: String,
    /// The agency code (the unit valid today, else the latest of that code).
    #[arg(long, value_name = "CODE")]
    pub agency: String,
    /// Roll the figures up to years, halves, quarters or months (default:
    /// the periods as stored).
    #[arg(long, value_name = "year|half|quarter|month")]
    pub by: Option<String>,
    /// current: today's units, with the units merged into them carried over;
    /// as-filed: the unit's own figures only.
    #[arg(long, value_name = "current|as-filed", default_value = "current")]
    pub units: String,
    /// One JSON object per point on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Report what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import nothing from a file that has a bad row.
    #[arg(long)]
    pub strict: bool,
    /// One JSON object per file on standard output.
    #[arg(long)]
    pub json: bool,
    /// The file's encoding (a WHATWG label: utf-8, windows-1258, utf-16le, …;
    /// or a legacy Vietnamese one: viscii, tcvn3, vni).
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,
    /// Repair UTF-8 text that was read as another code page and saved again
    /// ("KhÃ¡nh HÃ²a" → "Khánh Hòa").
    #[arg(long)]
    pub repair_mojibake: bool,
    /// The delimiter: , ; | or tab.
    #[arg(long, value_name = "D")]
    pub delimiter: Option<String>,
    /// How numbers are written: vi ("3.467", "46,8") or en ("3,467", "46.8").
    #[arg(long, value_name = "vi|en")]
    pub numbers: Option<String>,
    /// The agency code for a file that has no agency column.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// The period for a file that has no period column ("2021", "Quý IV/2021", …).
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// The sheet of a workbook (.xlsx, .xls, .ods) to read: its name, or its number from 1.
    #[arg(long, value_name = "NAME|N")]
    pub sheet: Option<String>,
    /// The indicator code for a file that has no indicator column.
    #[arg(long, value_name = "CODE")]
    pub indicator: Option<String>,
    /// The role of column N (from 1), over what its header says: agency,
    /// agency_code, indicator, indicator_code, unit, period, value, target,
    /// numerator, denominator, note, level, ignore. May be repeated.
    #[arg(long = "column", value_name = "N=ROLE")]
    pub columns: Vec<String>,
    /// The files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub use super::{EXIT_OK, EXIT_REFUSED, EXIT_USAGE};

fn usage_error(message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError(message))
}

/// A mistake in how chiso was called (exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Turns the import arguments into options.
pub fn import_options(args: &ImportArgs) -> Result<ImportOptions> {
    let mut options = ImportOptions {
        repair_mojibake: args.repair_mojibake,
        ..ImportOptions::default()
    };
    if let Some(legacy) = args
        .encoding
        .as_deref()
        .and_then(crate::import::LegacyEncoding::parse)
    {
        options.legacy = Some(legacy);
    } else if let Some(label) = &args.encoding {
        options.encoding = Some(
            encoding_rs::Encoding::for_label(label.as_bytes())
                .ok_or_else(|| usage_error(format!("unknown encoding \"{label}\": use a label such as utf-8, windows-1258 or utf-16le, or viscii, tcvn3, vni")))?,
        );
    }
    if let Some(delimiter) = &args.delimiter {
        options.delimiter = Some(match delimiter.as_str() {
            "tab" | "\\t" | "\t" => b'\t',
            "," | ";" | "|" | ":" => delimiter.as_bytes()[0],
            other => {
                return Err(usage_error(format!(
                    "unknown delimiter \"{other}\": use , ; | or tab"
                )));
            }
        });
    }
    if let Some(numbers) = &args.numbers {
        options.numbers =
            Some(NumberFormat::parse(numbers).ok_or_else(|| {
                usage_error(format!("--numbers takes vi or en, not \"{numbers}\""))
            })?);
    }
    if let Some(period) = &args.period {
        options.period = Some(Period::parse(period).ok_or_else(|| {
            usage_error(format!(
                "\"{period}\" is not a period: use 2021, 2021-Q4, 2021-12, \"Quý IV/2021\", …"
            ))
        })?);
    }
    options.agency = args.agency.clone();
    options.sheet = args.sheet.clone();
    options.indicator = args.indicator.clone();
    for given in &args.columns {
        let parsed = given.split_once('=').and_then(|(number, role)| {
            let number: usize = number.trim().parse().ok().filter(|number| *number >= 1)?;
            Some((number - 1, crate::import::role_of_name(role)?))
        });
        options.column_roles.push(parsed.ok_or_else(|| {
            usage_error(format!(
                "--column takes N=ROLE (N from 1; ROLE one of agency, agency_code, indicator, indicator_code, unit, period, value, target, numerator, denominator, note, level, ignore), not \"{given}\""
            ))
        })?);
    }
    Ok(options)
}

/// Runs a command; returns the exit status.
pub fn run(cli: &Cli, command: &Command) -> Result<u8> {
    let db = match &cli.db {
        Some(path) => path.clone(),
        None => default_database_path()?,
    };
    match command {
        Command::Open(files) => {
            let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
            if let Some(missing) = files.iter().find(|file| !file.exists()) {
                // Most likely a mistyped command ("chiso imprt x.csv").
                return Err(usage_error(format!(
                    "{}: no such file, and not a command (`chiso --help` lists the commands)",
                    missing.display()
                )));
            }
            super::run_window(cli.db.clone(), files)
        }
        Command::Import(args) => import_files(&db, args),
        Command::ImportUnits { list } => import_units(&db, list),
        Command::Series(args) => series(&open_existing(&db)?, args),
        Command::ImportIndicators { list } => {
            let mut store = open_database(&db, false)?;
            let (inserted, updated, rejections) = sample::load_catalogue(&mut store, list)?;
            report_list_rejections(list, &rejections);
            writeln!(
                std::io::stdout(),
                "{}: {inserted} indicators added, {updated} updated, {} lines rejected",
                list.display(),
                rejections.len()
            )?;
            Ok(EXIT_OK)
        }
        Command::Export { out } => {
            let store = open_existing(&db)?;
            export(&store, out.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::Check { json } => check(&open_existing(&db)?, *json),
        Command::Init => {
            let store = init_database(&db)?;
            writeln!(
                std::io::stdout(),
                "{}: chiso schema version {}, {} figures",
                store.path().display(),
                crate::store::SCHEMA_VERSION,
                store.observation_count()?
            )?;
            Ok(EXIT_OK)
        }
        Command::Report { year, agency, out } => {
            crate::app::report::run(&db, *year, agency.as_deref(), out)
        }
        Command::Copy {
            from,
            to,
            edits_only,
        } => copy(from, to, *edits_only),
    }
}

/// `chiso copy`: a meeting copy out, or its edits back.
fn copy(from: &Path, to: &Path, edits_only: bool) -> Result<u8> {
    let mut out = std::io::stdout();
    let source = open_existing(from)?;
    if edits_only {
        let mut copy = source;
        let mut server = open_existing(to)?;
        let sent = copy.send_edits(&mut server)?;
        writeln!(
            out,
            "{}: {} figure(s) sent to {} ({} row(s) added, {} deleted), {} not sent because \
             they were changed there first",
            from.display(),
            sent.applied,
            to.display(),
            sent.rows_added,
            sent.rows_deleted,
            sent.conflicted
        )?;
        for conflict in &sent.conflicts {
            writeln!(out, "  not sent: {conflict}")?;
        }
        return Ok(if sent.conflicted > 0 {
            EXIT_REFUSED
        } else {
            EXIT_OK
        });
    }
    let report = if crate::store::database_url(to).is_some() {
        let mut target = init_database(to)?;
        if target.observation_count()? > 0 || !target.batches()?.is_empty() {
            anyhow::bail!(
                "{} already holds figures: a copy goes into an empty database",
                to.display()
            );
        }
        source.copy_into(&mut target, &from.display().to_string())?
    } else {
        let mut new = NewStore::create(to)?;
        let report = source.copy_into(new.store(), &from.display().to_string())?;
        new.install()?;
        report
    };
    writeln!(
        out,
        "{}: copied from {} ({} figures, {} log entries)",
        to.display(),
        report.source,
        report.observations,
        report.log_entries
    )?;
    Ok(EXIT_OK)
}

fn import_units(db: &Path, list: &Path) -> Result<u8> {
    // A list that is refused leaves no database behind: a new one is built
    // aside and moved into place once loaded.
    let (loaded, rejections) = if database_exists(db) {
        let mut store = Store::open(db)?;
        sample::load_units(&mut store, list)?
    } else {
        let mut new = NewStore::create(db)?;
        let loaded = sample::load_units(new.store(), list)?;
        new.install()?;
        loaded
    };
    report_list_rejections(list, &rejections);
    let mut out = std::io::stdout();
    match loaded {
        sample::UnitsLoaded::List {
            inserted,
            updated,
            valid_from,
        } => {
            let when = valid_from.map_or_else(String::new, |from| {
                format!(" (read as units from {from}: the list has no district level)")
            });
            writeln!(
                out,
                "{}: {inserted} units added, {updated} updated, {} lines rejected{when}",
                list.display(),
                rejections.len()
            )?;
        }
        sample::UnitsLoaded::Reform(loaded) => {
            for conflict in &loaded.conflicts {
                eprintln!(
                    "{}: line {}: the {} {} \"{}\" is under {} here but under {} on line {}; \
                     the earlier row's is kept",
                    list.display(),
                    conflict.line,
                    conflict.what,
                    conflict.code,
                    conflict.name,
                    conflict.parent.as_deref().unwrap_or("no unit"),
                    conflict.earlier_parent.as_deref().unwrap_or("no unit"),
                    conflict.earlier_line
                );
            }
            writeln!(
                out,
                "{}: conversion table of the 1 July 2025 reform: {} units added, {} units ended on 2025-06-30, \
             {} successions added, {} figures moved to the new unit of their code, {} lines rejected",
                list.display(),
                loaded.units_created,
                loaded.units_ended,
                loaded.successions_added,
                loaded.figures_moved,
                rejections.len()
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// `chiso series`: one series, rolled up and on today's units as asked.
fn series(store: &Store, args: &SeriesArgs) -> Result<u8> {
    use crate::domain::rollup::{Granularity, NotMade, series_points};
    let by = match &args.by {
        Some(by) => Some(Granularity::parse(by).ok_or_else(|| {
            usage_error(format!(
                "--by takes year, half, quarter or month, not \"{by}\""
            ))
        })?),
        None => None,
    };
    let current = match args.units.as_str() {
        "current" => true,
        "as-filed" => false,
        other => {
            return Err(usage_error(format!(
                "--units takes current or as-filed, not \"{other}\""
            )));
        }
    };
    let indicator = store
        .indicators()?
        .into_iter()
        .find(|indicator| indicator.code == args.indicator)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no indicator {} in {}",
                args.indicator,
                store.path().display()
            )
        })?;
    let agency = store.unit_today(&args.agency)?.ok_or_else(|| {
        anyhow::anyhow!("no agency {} in {}", args.agency, store.path().display())
    })?;
    let units = store.unit_series(indicator.id, &agency, current)?;
    let points = series_points(indicator.aggregation, by, &units);
    let mut out = std::io::stdout();
    for point in &points {
        if args.json {
            writeln!(
                out,
                "{}",
                serde_json::json!({
                    "period": point.period.as_str(),
                    "value": point.value,
                    "numerator": point.numerator,
                    "denominator": point.denominator,
                    "filed": point.filed,
                    "from": point.from,
                    "agencies": point.agencies,
                    "complete": point.complete,
                    "not_made": point.not_made,
                })
            )?;
            continue;
        }
        let value = point
            .value
            .map_or_else(|| "—".to_owned(), crate::domain::number::format_en);
        let how = match (&point.not_made, point.filed) {
            (Some(NotMade::Missing { periods }), _) => format!(
                "not made: missing {}",
                periods
                    .iter()
                    .map(Period::label_en)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Some(NotMade::NoFraction { periods }), _) => format!(
                "not made: no numerator and denominator in {}",
                periods
                    .iter()
                    .map(Period::label_en)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Some(NotMade::NotCombined), _) => {
                "not made: this indicator is never combined".to_owned()
            }
            (Some(NotMade::Nothing), _) => "not made: no figure".to_owned(),
            (None, true) => "filed".to_owned(),
            (None, false) => {
                let incomplete = if point.complete {
                    ""
                } else {
                    ", not every unit filed"
                };
                if point.from == point.agencies {
                    format!("= {}{incomplete}", point.agencies.join(" + "))
                } else {
                    let carried = if point.over_units {
                        format!(", carried from {}", point.agencies.join(" + "))
                    } else {
                        String::new()
                    };
                    format!(
                        "{} of {}{carried}{incomplete}",
                        indicator.aggregation.as_str(),
                        point.from.join(", ")
                    )
                }
            }
        };
        writeln!(out, "{}\t{value}\t{how}", point.period)?;
    }
    Ok(EXIT_OK)
}

fn report_list_rejections(path: &Path, rejections: &[crate::domain::Rejection]) {
    for rejection in rejections {
        eprintln!("{}", rejection_line(path, rejection));
    }
}

/// The columns with a header that the import leaves unread (on
/// (ignore)), as `5 ("Số liệu năm trước")`: the command line says so,
/// since no dialog shows them.
fn unread_columns(detection: &Detection) -> Vec<String> {
    detection
        .columns
        .iter()
        .filter(|column| column.role == ColumnRole::Ignore && !column.header.trim().is_empty())
        .map(|column| format!("{} (\"{}\")", column.index + 1, column.header))
        .collect()
}

fn rejection_line(path: &Path, rejection: &crate::domain::Rejection) -> String {
    let column = rejection
        .column
        .map(|column| format!(", column {column}"))
        .unwrap_or_default();
    // A cell can be a whole paragraph (or a file's worth of bytes): the
    // batch's rejection list keeps it whole, one terminal line shows its start.
    let raw = match text::shorten(&rejection.raw, MAX_SHOWN_CHARS) {
        Cow::Owned(start) => format!("{start} ({} characters)", rejection.raw.chars().count()),
        Cow::Borrowed(whole) => whole.to_owned(),
    };
    format!(
        "{}: line {}{column}: rejected \"{raw}\": {}",
        path.display(),
        rejection.line,
        rejection.cause
    )
}

/// The most characters of a rejected cell a line on the terminal shows.
const MAX_SHOWN_CHARS: usize = 200;

/// "report.csv: 42% (1234567 rows)" on one line of a terminal's stderr,
/// redrawn at most every 200 ms; nothing when stderr is not a terminal.
struct ProgressLine {
    name: String,
    terminal: bool,
    last: Option<std::time::Instant>,
    shown: bool,
    finishing: bool,
}

impl ProgressLine {
    fn new(path: &Path) -> ProgressLine {
        use std::io::IsTerminal;
        ProgressLine {
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            ),
            terminal: std::io::stderr().is_terminal(),
            last: None,
            shown: false,
            finishing: false,
        }
    }

    fn show(&mut self, progress: pipeline::Progress) {
        // A new stage shows at once; counts at most five times a second.
        let due = progress.finishing != self.finishing
            || self
                .last
                .is_none_or(|last| last.elapsed() >= std::time::Duration::from_millis(200));
        if !self.terminal || !due {
            return;
        }
        self.finishing = progress.finishing;
        self.last = Some(std::time::Instant::now());
        self.shown = true;
        eprint!("\r{}\x1b[K", progress_text(&self.name, progress));
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
    }
}

fn progress_text(name: &str, progress: pipeline::Progress) -> String {
    // Numbers as the rest of the command line writes them (plain digits).
    let rows = progress.rows;
    if progress.finishing {
        return format!("{name}: {rows} rows read; building the index and committing…");
    }
    if progress.bytes_total == 0 {
        return format!("{name}: {rows} rows");
    }
    let percent = (progress.bytes_read.min(progress.bytes_total) * 100) / progress.bytes_total;
    format!("{name}: {percent}% ({rows} rows)")
}

fn import_files(db: &Path, args: &ImportArgs) -> Result<u8> {
    let options = import_options(args)?;
    // A database that does not exist yet is created by the first import
    // committed into it (a dry run creates none).
    let mut store = if database_exists(db) {
        Some(open_database(db, false)?)
    } else {
        None
    };
    let mut status = EXIT_OK;
    let stdout = std::io::stdout();
    for path in &args.files {
        let request = ImportRequest {
            path: path.clone(),
            options: options.clone(),
            dry_run: args.dry_run,
            strict: args.strict,
        };
        let mut meter = ProgressLine::new(path);
        let result = pipeline::detect(&request).and_then(|detection| {
            let cancel = AtomicBool::new(false);
            let mut show = |progress| meter.show(progress);
            let report = if let Some(store) = &mut store {
                pipeline::run_import(store, &request, &detection, &cancel, &mut show)?
            } else {
                let mut new = NewStore::create(db)?;
                let report =
                    pipeline::run_import(new.store(), &request, &detection, &cancel, &mut show)?;
                if !request.dry_run {
                    store = Some(new.install()?);
                }
                report
            };
            Ok((report, detection))
        });
        meter.clear();
        match result {
            Ok((report, detection)) => {
                // `file.xlsx#Sheet1` for a workbook.
                let shown = detection.display_path(path);
                for rejection in &report.rejections {
                    eprintln!("{}", rejection_line(&shown, rejection));
                }
                if args.json {
                    let mut out = stdout.lock();
                    serde_json::to_writer(&mut out, &report)?;
                    writeln!(out)?;
                } else {
                    let verb = if args.dry_run {
                        "would import (dry run, nothing written)"
                    } else {
                        "imported"
                    };
                    writeln!(
                        std::io::stdout(),
                        "{}: {verb}: {} read, {} new, {} changed, {} unchanged, {} rejected, {} lines skipped \
                         [{} {}, numbers {}, header on {}]",
                        shown.display(),
                        report.rows_read,
                        report.rows_inserted,
                        report.rows_updated,
                        report.rows_unchanged,
                        report.rows_rejected,
                        report.rows_skipped,
                        report.encoding,
                        match &detection.workbook {
                            // A sheet has no delimiter; its lines are its rows.
                            Some(source) => format!("{} workbook", source.kind.label()),
                            None => describe_delimiter(&report.delimiter),
                        },
                        report.number_format,
                        match (detection.second_header_line, detection.workbook.is_some()) {
                            (Some(second), false) => {
                                format!("lines {}–{second}", detection.header_line)
                            }
                            (Some(second), true) => {
                                format!("rows {}–{second}", detection.header_line)
                            }
                            (None, false) => format!("line {}", detection.header_line),
                            (None, true) => format!("row {}", detection.header_line),
                        }
                    )?;
                    if !report.units_unmatched.is_empty() {
                        writeln!(
                            std::io::stdout(),
                            "  units not in any list (made as named): {}",
                            report.units_unmatched.join(", ")
                        )?;
                    }
                    let unread = unread_columns(&detection);
                    if !unread.is_empty() {
                        writeln!(
                            std::io::stdout(),
                            "  columns not read (no role): {}",
                            unread.join(", ")
                        )?;
                    }
                    if args.dry_run {
                        for change in &report.changes {
                            writeln!(
                                std::io::stdout(),
                                "  line {}: {} / {} / {} {}: {} → {}",
                                change.line,
                                change.indicator_code,
                                change.agency_code,
                                change.period,
                                change.field.as_str(),
                                change.old.as_deref().unwrap_or("(empty)"),
                                change.new.as_deref().unwrap_or("(empty)")
                            )?;
                        }
                    }
                }
            }
            Err(error) => {
                eprintln!("chiso: {error:#}");
                if args.json {
                    let mut out = stdout.lock();
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({ "file": path.display().to_string(), "error": format!("{error:#}") }),
                    )?;
                    writeln!(out)?;
                }
                status = EXIT_REFUSED;
            }
        }
    }
    Ok(status)
}

fn describe_delimiter(delimiter: &str) -> String {
    match delimiter {
        "\t" => "tab-separated".to_owned(),
        other => format!("'{other}'-separated"),
    }
}

/// Writes canonical CSV (stdout without a path). Written to a temporary file
/// first, so a failed export never leaves half a file under the asked name.
pub fn export(store: &Store, out: Option<&Path>) -> Result<u64> {
    let filter = ObservationFilter::default();
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut writer = CanonicalWriter::new(std::io::BufWriter::new(stdout.lock()))?;
            let count = store.for_each_canonical(&filter, |row| {
                writer.write(row).map_err(std::io::Error::other)
            })?;
            writer.finish()?.flush()?;
            Ok(count)
        }
        Some(path) => pipeline::export_csv(store, path, &filter),
    }
}

fn check(store: &Store, json: bool) -> Result<u8> {
    // Findings are written as the store finds them: a database where millions
    // of figures break a rule is reported in the memory of one series.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut errors = 0usize;
    let mut total = 0usize;
    if json {
        // The keys in the order `serde_json::json!` wrote them (sorted), the
        // counts after the findings they count.
        write!(
            out,
            "{{\"database\":{},\"findings\":[",
            serde_json::to_string(&store.path().display().to_string())?
        )?;
    }
    store.check_each(|finding| -> Result<()> {
        if finding.rule.is_error() {
            errors += 1;
        }
        if json {
            if total > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, &finding)?;
        } else {
            let severity = if finding.rule.is_error() {
                "violation"
            } else {
                "second look"
            };
            writeln!(
                out,
                "{} / {} / {}: {severity} ({}): {}",
                finding.indicator_code,
                finding.agency_code,
                finding.period,
                finding.rule.as_str(),
                finding.finding
            )?;
        }
        total += 1;
        Ok(())
    })?;
    if json {
        writeln!(
            out,
            "],\"violations\":{errors},\"warnings\":{}}}",
            total - errors
        )?;
    } else {
        writeln!(
            out,
            "{errors} violation(s), {} value(s) for a second look",
            total - errors
        )?;
    }
    out.flush()?;
    Ok(if errors > 0 { EXIT_REFUSED } else { EXIT_OK })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_rejected_cell_shows_its_start_and_its_length() {
        let rejection = |raw: String| crate::domain::Rejection {
            line: 7,
            column: Some(4),
            raw,
            cause: crate::domain::RejectCause::Cell {
                column: crate::domain::NamedColumn {
                    column: 4,
                    header: "Giá trị".to_owned(),
                },
                problem: crate::domain::CellProblem::NotANumber,
            },
        };
        let long = "Tỷ lệ văn bản điện tử ".repeat(50);
        let shown = rejection_line(Path::new("bao-cao.csv"), &rejection(long.clone()));
        assert!(
            shown.starts_with("bao-cao.csv: line 7, column 4: rejected \"Tỷ lệ"),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("… ({} characters)\"", long.chars().count())),
            "{shown}"
        );
        assert!(
            shown.ends_with(": column 4 \"Giá trị\": not a number"),
            "{shown}"
        );
        assert!(shown.chars().count() < 300, "{shown}");
        let short = rejection_line(Path::new("bao-cao.csv"), &rejection("abc".to_owned()));
        assert_eq!(
            short,
            "bao-cao.csv: line 7, column 4: rejected \"abc\": column 4 \"Giá trị\": not a number"
        );
    }

    #[test]
    fn progress_reads_in_percent_and_rows() {
        let progress = pipeline::Progress {
            bytes_read: 420,
            bytes_total: 1000,
            rows: 1_234_567,
            finishing: false,
        };
        assert_eq!(
            progress_text("bao-cao.csv", progress),
            "bao-cao.csv: 42% (1234567 rows)"
        );
        let unknown_size = pipeline::Progress {
            bytes_total: 0,
            ..progress
        };
        assert_eq!(
            progress_text("bao-cao.csv", unknown_size),
            "bao-cao.csv: 1234567 rows"
        );
        let finishing = pipeline::Progress {
            finishing: true,
            ..progress
        };
        assert_eq!(
            progress_text("bao-cao.csv", finishing),
            "bao-cao.csv: 1234567 rows read; building the index and committing…"
        );
    }
}
