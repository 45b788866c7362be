//! The command line: `import`, `import-units`, `import-indicators`, `export`,
//! `check`, and the window when no command is given.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use super::open::{
    database_exists, default_database_path, init_database, open_database, open_existing,
};
use super::pipeline::{self, ImportRequest};
use super::sample;
use crate::app::strings::Lang;
use crate::app::strings::cli as texts;
use crate::domain::{NumberFormat, Period};
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
    /// The language of what the command prints: en or vi (default: vi when
    /// the locale, LC_ALL, LC_MESSAGES or LANG, is Vietnamese, else en).
    /// `--json` output is the same in both.
    #[arg(long, global = true, value_name = "en|vi")]
    pub lang: Option<String>,
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
    /// Import CSV files and workbooks (one transaction per file).
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
    /// Write the year summary and its charts as one self-contained HTML file,
    /// or a Word draft (.docx).
    Report {
        /// The year ("2021").
        #[arg(long)]
        year: u32,
        /// The agency code (default: the province).
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// The file to write: .html, or .docx for Word.
        #[arg(long, value_name = "FILE.html|FILE.docx")]
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

/// A mistake in how chiso was called (exit status 2), with what was given.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error(
        "unknown encoding \"{0}\": use a label such as utf-8, windows-1258 or utf-16le, or viscii, tcvn3, vni"
    )]
    Encoding(String),
    #[error("unknown delimiter \"{0}\": use , ; | or tab")]
    Delimiter(String),
    #[error("--numbers takes vi or en, not \"{0}\"")]
    Numbers(String),
    #[error("\"{0}\" is not a period: use 2021, 2021-Q4, 2021-12, \"Quý IV/2021\", …")]
    Period(String),
    #[error(
        "--column takes N=ROLE (N from 1; ROLE one of agency, agency_code, indicator, indicator_code, unit, period, value, target, numerator, denominator, note, level, ignore), not \"{0}\""
    )]
    Column(String),
    #[error("--by takes year, half, quarter or month, not \"{0}\"")]
    By(String),
    #[error("--units takes current or as-filed, not \"{0}\"")]
    Units(String),
    #[error("--lang takes en or vi, not \"{0}\"")]
    Lang(String),
    #[error("{}: no such file, and not a command (`chiso --help` lists the commands)", .0.display())]
    NoSuchFile(PathBuf),
}

/// A command refused for what the database holds (exit status 1).
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("{} already holds figures: a copy goes into an empty database", .0.display())]
    CopyTargetNotEmpty(PathBuf),
    #[error("no indicator {code} in {db}")]
    NoIndicator { code: String, db: String },
    #[error("no agency {code} in {db}")]
    NoAgency { code: String, db: String },
}

/// Parses the command line, with `--help` in the language it asks for.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = asked_language(&args);
    let parsed = command(lang)
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => cli,
        // `--help` and `--version` come this way too: clap prints them.
        Err(error) => match (lang, error.use_stderr()) {
            (Lang::Vi, true) => match texts::clap_error_vi(&error) {
                Some(text) => {
                    eprintln!("chiso: {text}");
                    std::process::exit(error.exit_code());
                }
                None => error.exit(),
            },
            _ => error.exit(),
        },
    }
}

/// `--lang` as the arguments give it before they are parsed (so that
/// `--help` is already in that language), else the locale; English when
/// neither says.
fn asked_language(args: &[OsString]) -> Lang {
    let mut asked = None;
    for (index, arg) in args.iter().enumerate() {
        let arg = arg.to_string_lossy();
        if let Some(value) = arg.strip_prefix("--lang=") {
            asked = Some(value.to_owned());
        } else if arg == "--lang" {
            asked = args
                .get(index + 1)
                .map(|value| value.to_string_lossy().into_owned());
        }
    }
    texts::language(asked.as_deref(), |name| std::env::var(name).ok()).unwrap_or(Lang::En)
}

/// The command line's definition, its help in `lang`: clap writes English,
/// and for Vietnamese each command's description, usage, headings and
/// options are given their Vietnamese words.
pub fn command(lang: Lang) -> clap::Command {
    let mut command = Cli::command();
    if lang == Lang::En {
        return command;
    }
    // Built first, so that the help flags and the `help` command clap adds
    // are there to be translated with the rest.
    command.build();
    in_vietnamese(command, None).after_help(texts::AFTER_HELP_VI)
}

fn in_vietnamese(command: clap::Command, name: Option<&str>) -> clap::Command {
    let mut command = command
        .help_template(texts::HELP_TEMPLATE_VI)
        .subcommand_help_heading(texts::HEADING_COMMANDS_VI)
        .subcommand_value_name(texts::value_name_vi("COMMAND").unwrap_or("LỆNH"));
    if let Some(about) = texts::about_vi(name) {
        command = command.about(about).long_about(None);
    }
    if name == Some("help") {
        command = command.about("In trợ giúp của chiso, hoặc của một lệnh");
    }
    if let Some(usage) = texts::usage_vi(name) {
        command = command.override_usage(usage);
    }
    command = command.mut_args(|arg| {
        let heading = if arg.is_positional() {
            texts::HEADING_ARGUMENTS_VI
        } else {
            texts::HEADING_OPTIONS_VI
        };
        // A default is said in the Vietnamese words ("mặc định: …").
        let mut arg = arg.help_heading(heading).hide_default_value(true);
        if let Some(help) = texts::arg_help_vi(name, arg.get_id().as_str()) {
            arg = arg.help(help).long_help(None);
        }
        let names: Vec<&'static str> = arg
            .get_value_names()
            .unwrap_or_default()
            .iter()
            .filter_map(|value| texts::value_name_vi(value.as_str()))
            .collect();
        if !names.is_empty() {
            arg = arg.value_names(names);
        }
        arg
    });
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |inner| in_vietnamese(inner, Some(sub.as_str())));
    }
    command
}

/// The language the command line prints in: `--lang`, else the locale.
pub fn language(cli: &Cli) -> Result<Lang, UsageError> {
    texts::language(cli.lang.as_deref(), |name| std::env::var(name).ok())
        .ok_or_else(|| UsageError::Lang(cli.lang.clone().unwrap_or_default()))
}

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
                .ok_or_else(|| UsageError::Encoding(label.clone()))?,
        );
    }
    if let Some(delimiter) = &args.delimiter {
        options.delimiter = Some(match delimiter.as_str() {
            "tab" | "\\t" | "\t" => b'\t',
            "," | ";" | "|" | ":" => delimiter.as_bytes()[0],
            other => return Err(UsageError::Delimiter(other.to_owned()).into()),
        });
    }
    if let Some(numbers) = &args.numbers {
        options.numbers =
            Some(NumberFormat::parse(numbers).ok_or_else(|| UsageError::Numbers(numbers.clone()))?);
    }
    if let Some(period) = &args.period {
        options.period =
            Some(Period::parse(period).ok_or_else(|| UsageError::Period(period.clone()))?);
    }
    options.agency = args.agency.clone();
    options.sheet = args.sheet.clone();
    options.indicator = args.indicator.clone();
    for given in &args.columns {
        let parsed = given.split_once('=').and_then(|(number, role)| {
            let number: usize = number.trim().parse().ok().filter(|number| *number >= 1)?;
            Some((number - 1, crate::import::role_of_name(role)?))
        });
        options
            .column_roles
            .push(parsed.ok_or_else(|| UsageError::Column(given.clone()))?);
    }
    Ok(options)
}

/// Runs a command; returns the exit status.
pub fn run(cli: &Cli, command: &Command) -> Result<u8> {
    let lang = language(cli)?;
    let mut out = std::io::stdout();
    let db = match &cli.db {
        Some(path) => path.clone(),
        None => default_database_path()?,
    };
    match command {
        Command::Open(files) => {
            let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
            if let Some(missing) = files.iter().find(|file| !file.exists()) {
                // Most likely a mistyped command ("chiso imprt x.csv").
                return Err(UsageError::NoSuchFile(missing.clone()).into());
            }
            super::run_window(cli.db.clone(), files)
        }
        Command::Import(args) => import_files(lang, &db, args),
        Command::ImportUnits { list } => import_units(lang, &db, list),
        Command::Series(args) => series(lang, &open_existing(&db)?, args),
        Command::ImportIndicators { list } => {
            let mut store = open_database(&db, false)?;
            let (inserted, updated, rejections) = sample::load_catalogue(&mut store, list)?;
            report_list_rejections(lang, list, &rejections);
            writeln!(
                out,
                "{}",
                texts::indicators_loaded(lang, list, inserted, updated, rejections.len())
            )?;
            Ok(EXIT_OK)
        }
        Command::Export { out } => {
            let store = open_existing(&db)?;
            export(&store, out.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::Check { json } => check(lang, &open_existing(&db)?, *json),
        Command::Init => {
            let store = init_database(&db)?;
            writeln!(
                out,
                "{}",
                texts::initialised(
                    lang,
                    store.path(),
                    crate::store::SCHEMA_VERSION,
                    store.observation_count()?
                )
            )?;
            Ok(EXIT_OK)
        }
        Command::Report {
            year,
            agency,
            out: file,
        } => {
            let status = crate::app::report::run(&db, *year, agency.as_deref(), file)?;
            writeln!(out, "{}", texts::report_written(lang, file))?;
            Ok(status)
        }
        Command::Copy {
            from,
            to,
            edits_only,
        } => copy(lang, from, to, *edits_only),
    }
}

/// `chiso copy`: a meeting copy out, or its edits back.
fn copy(lang: Lang, from: &Path, to: &Path, edits_only: bool) -> Result<u8> {
    let mut out = std::io::stdout();
    let source = open_existing(from)?;
    if edits_only {
        let mut copy = source;
        let mut server = open_existing(to)?;
        let sent = copy.send_edits(&mut server)?;
        for line in texts::edits_sent(lang, from, to, &sent) {
            writeln!(out, "{line}")?;
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
            return Err(Refused::CopyTargetNotEmpty(to.to_path_buf()).into());
        }
        source.copy_into(&mut target, &from.display().to_string())?
    } else {
        let mut new = NewStore::create(to)?;
        let report = source.copy_into(new.store(), &from.display().to_string())?;
        new.install()?;
        report
    };
    writeln!(out, "{}", texts::copied(lang, to, &report))?;
    Ok(EXIT_OK)
}

fn import_units(lang: Lang, db: &Path, list: &Path) -> Result<u8> {
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
    report_list_rejections(lang, list, &rejections);
    let mut out = std::io::stdout();
    match loaded {
        sample::UnitsLoaded::List {
            inserted,
            updated,
            valid_from,
        } => writeln!(
            out,
            "{}",
            texts::units_loaded(lang, list, inserted, updated, rejections.len(), valid_from)
        )?,
        sample::UnitsLoaded::Reform(loaded) => {
            for conflict in &loaded.conflicts {
                eprintln!("{}", texts::reform_conflict(lang, list, conflict));
            }
            writeln!(
                out,
                "{}",
                texts::reform_loaded(lang, list, &loaded, rejections.len())
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// `chiso series`: one series, rolled up and on today's units as asked.
fn series(lang: Lang, store: &Store, args: &SeriesArgs) -> Result<u8> {
    use crate::domain::rollup::{Granularity, series_points};
    let by = match &args.by {
        Some(by) => Some(Granularity::parse(by).ok_or_else(|| UsageError::By(by.clone()))?),
        None => None,
    };
    let current = match args.units.as_str() {
        "current" => true,
        "as-filed" => false,
        other => return Err(UsageError::Units(other.to_owned()).into()),
    };
    let indicator = store
        .indicators()?
        .into_iter()
        .find(|indicator| indicator.code == args.indicator)
        .ok_or_else(|| Refused::NoIndicator {
            code: args.indicator.clone(),
            db: store.path().display().to_string(),
        })?;
    let agency = store
        .unit_today(&args.agency)?
        .ok_or_else(|| Refused::NoAgency {
            code: args.agency.clone(),
            db: store.path().display().to_string(),
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
        writeln!(
            out,
            "{}",
            texts::series_point(lang, indicator.aggregation, point)
        )?;
    }
    Ok(EXIT_OK)
}

fn report_list_rejections(lang: Lang, path: &Path, rejections: &[crate::domain::Rejection]) {
    for rejection in rejections {
        eprintln!("{}", texts::rejection(lang, path, rejection));
    }
}

/// The columns with a header that the import leaves unread (on
/// (ignore)), as (5, "Số liệu năm trước"): the command line says so,
/// since no dialog shows them.
fn unread_columns(detection: &Detection) -> Vec<(usize, &str)> {
    detection
        .columns
        .iter()
        .filter(|column| column.role == ColumnRole::Ignore && !column.header.trim().is_empty())
        .map(|column| (column.index + 1, column.header.as_str()))
        .collect()
}

/// "report.csv: 42% (1234567 rows)" on one line of a terminal's stderr,
/// redrawn at most every 200 ms; nothing when stderr is not a terminal.
struct ProgressLine {
    lang: Lang,
    name: String,
    terminal: bool,
    last: Option<std::time::Instant>,
    shown: bool,
    finishing: bool,
}

impl ProgressLine {
    fn new(lang: Lang, path: &Path) -> ProgressLine {
        use std::io::IsTerminal;
        ProgressLine {
            lang,
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
        eprint!(
            "\r{}\x1b[K",
            texts::progress(self.lang, &self.name, progress)
        );
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
    }
}

fn import_files(lang: Lang, db: &Path, args: &ImportArgs) -> Result<u8> {
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
        let mut meter = ProgressLine::new(lang, path);
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
                    eprintln!("{}", texts::rejection(lang, &shown, rejection));
                }
                if args.json {
                    let mut out = stdout.lock();
                    serde_json::to_writer(&mut out, &report)?;
                    writeln!(out)?;
                } else {
                    let mut out = stdout.lock();
                    writeln!(
                        out,
                        "{}",
                        texts::import_summary(lang, &shown, &report, &detection)
                    )?;
                    if !report.units_unmatched.is_empty() {
                        writeln!(
                            out,
                            "{}",
                            texts::units_unmatched(lang, &report.units_unmatched)
                        )?;
                    }
                    let unread = unread_columns(&detection);
                    if !unread.is_empty() {
                        writeln!(out, "{}", texts::unread_columns(lang, &unread))?;
                    }
                    if args.dry_run {
                        for change in &report.changes {
                            writeln!(out, "{}", texts::change(lang, change))?;
                        }
                    }
                }
            }
            Err(error) => {
                eprintln!("chiso: {}", texts::error(lang, &error));
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

fn check(lang: Lang, store: &Store, json: bool) -> Result<u8> {
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
            writeln!(out, "{}", texts::check_finding(lang, &finding))?;
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
        writeln!(out, "{}", texts::check_totals(lang, errors, total - errors))?;
    }
    out.flush()?;
    Ok(if errors > 0 { EXIT_REFUSED } else { EXIT_OK })
}
