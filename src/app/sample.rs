//! The built-in sample database: `sample-data/` compiled into the binary so
//! that `chiso` works on first run wherever it is started.

use std::path::Path;

use anyhow::{Context, Result};

use super::pipeline::{self, ImportRequest};
use crate::domain::{AgencyDefinition, IndicatorDefinition, Level};
use crate::import;
use crate::store::Store;
use crate::store::demo::DemoMarker;

/// The indicator catalogue.
pub const INDICATORS_CSV: &str = include_str!("../../sample-data/indicators.csv");
/// The province's real 2021 figures, as the reporting system exports them.
pub const REPORT_2021_CSV: &[u8] = include_bytes!("../../sample-data/khanh-hoa-2021.csv");
/// The file name the sample database gives the demo batch (`sample.rs`).
const DEMO_FILE_NAME: &str = "demo-2019-2025.csv";

/// How the demo batch is known: the checksum of the demo file shipped in
/// the binary (`sample-data/demo/demo-2019-2025.csv`) and its name.
pub fn demo_marker() -> DemoMarker<'static> {
    static SHA256: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sha256 = SHA256.get_or_init(|| {
        use sha2::{Digest, Sha256};
        Sha256::digest(DEMO_CSV)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    });
    DemoMarker {
        sha256,
        file_name: DEMO_FILE_NAME,
    }
}

/// The synthetic demo set, 2019–2025 by quarter.
pub const DEMO_CSV: &[u8] = include_bytes!("../../sample-data/demo/demo-2019-2025.csv");

/// Loads an indicator catalogue file into the store. Returns (inserted, updated, rejections).
pub fn load_catalogue(
    store: &mut Store,
    path: &Path,
) -> Result<(u64, u64, Vec<crate::domain::Rejection>)> {
    let (specs, rejections) = import::read_indicator_catalogue(path)?;
    let definitions: Vec<IndicatorDefinition> = specs
        .into_iter()
        .map(|spec| IndicatorDefinition {
            code: spec.code,
            name: spec.name,
            unit: spec.unit,
            kind: spec.kind,
            group_code: spec.group_code,
            parent_code: spec.parent_code,
            direction: spec.direction,
            aggregation: spec.aggregation,
        })
        .collect();
    let (inserted, updated) = store
        .upsert_indicators(&definitions)
        .with_context(|| format!("cannot load the indicator catalogue {}", path.display()))?;
    Ok((inserted, updated, rejections))
}

/// What loading a unit list did.
pub enum UnitsLoaded {
    /// An official list: units added and updated, and the day its units
    /// start (None: before the reform, or never changed).
    List {
        inserted: u64,
        updated: u64,
        valid_from: Option<&'static str>,
    },
    /// The 2025 conversion table.
    Reform(crate::store::ReformLoaded),
}

/// Loads an official administrative-unit list, or the conversion table of
/// the 2025 reform, into the store.
pub fn load_units(
    store: &mut Store,
    path: &Path,
) -> Result<(UnitsLoaded, Vec<crate::domain::Rejection>)> {
    match import::read_reform_table(path) {
        Ok((rows, rejections)) => {
            let loaded = store
                .load_reform(&rows)
                .with_context(|| format!("cannot load the conversion table {}", path.display()))?;
            return Ok((UnitsLoaded::Reform(loaded), rejections));
        }
        Err(import::ImportError::NoHeader { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    let (units, rejections) = import::read_unit_list(path)?;
    // A list without districts is of the units since 1 July 2025: the
    // reform did away with that level (the 34 provinces, or provinces and
    // their communes); every list before it had districts.
    let has_districts = units.iter().any(|unit| unit.level == Level::District);
    let provinces = units
        .iter()
        .filter(|unit| unit.level == Level::Province)
        .count();
    let has_communes = units.iter().any(|unit| unit.level == Level::Commune);
    let valid_from = (!has_districts && (has_communes || provinces == 34))
        .then_some(crate::domain::units::REFORM_START);
    let definitions: Vec<AgencyDefinition> = units
        .into_iter()
        .map(|unit| AgencyDefinition {
            code: unit.code,
            name: unit.name,
            level: Some(unit.level),
            parent_code: unit.parent_code,
        })
        .collect();
    let (inserted, updated) = store
        .upsert_units(&definitions, valid_from)
        .with_context(|| format!("cannot load the unit list {}", path.display()))?;
    Ok((
        UnitsLoaded::List {
            inserted,
            updated,
            valid_from,
        },
        rejections,
    ))
}

/// Fills a new database with the built-in sample data: the catalogue, the
/// 2021 report and the demo set.
pub fn fill_with_samples(store: &mut Store) -> Result<()> {
    // Its own folder per call (several databases may be filled at once: tests,
    // two windows), removed when done or failed.
    let folder = tempfile::Builder::new()
        .prefix("chiso-sample-")
        .tempdir()
        .context("cannot create a folder for the sample files")?;
    let dir = folder.path();
    let write = |name: &str, bytes: &[u8]| -> Result<std::path::PathBuf> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    };
    let catalogue = write("indicators.csv", INDICATORS_CSV.as_bytes())?;
    load_catalogue(store, &catalogue)?;
    for (name, bytes) in [
        ("khanh-hoa-2021.csv", REPORT_2021_CSV),
        ("demo-2019-2025.csv", DEMO_CSV),
    ] {
        let path = write(name, bytes)?;
        let request = ImportRequest {
            path,
            ..ImportRequest::default()
        };
        pipeline::import_file(store, &request)?;
    }
    Ok(())
}
