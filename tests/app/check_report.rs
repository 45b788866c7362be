//! `chiso check` writes its findings as the store walks the observations,
//! one series at a time: the report is in its order (indicator, agency,
//! period, rule), says each figure's rule once, counts what it lists, and
//! each finding is the one the window's per-row check finds for that figure.

use std::path::Path;

use chiso::domain::check::Rule;
use chiso::store::Store;

use super::support::{chiso, stdout};

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn the_report_streams_in_its_order_and_agrees_with_the_row_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    for args in [
        vec!["import-indicators", &sample("indicators.csv")],
        vec!["import", &sample("khanh-hoa-2021.csv")],
        vec!["import", &sample("demo/demo-2019-2025.csv")],
    ] {
        let output = chiso(&db, &args);
        assert!(output.status.success(), "{args:?}: {}", stdout(&output));
    }
    let output = chiso(&db, &["check", "--json"]);
    assert_eq!(output.status.code(), Some(1), "the demo set breaks rules");
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.len() > 10, "{report}");
    let key = |finding: &serde_json::Value| {
        (
            finding["indicator_code"].as_str().unwrap().to_owned(),
            finding["agency_code"].as_str().unwrap().to_owned(),
            finding["period"].as_str().unwrap().to_owned(),
            finding["rule"].as_str().unwrap().to_owned(),
        )
    };
    let keys: Vec<_> = findings.iter().map(key).collect();
    // In the report's order; the rule names sort as the rules do.
    let rules = [
        Rule::PartsSum,
        Rule::RateFraction,
        Rule::RateRange,
        Rule::CountWhole,
        Rule::NumeratorOverDenominator,
        Rule::Outlier,
        Rule::RollUp,
        Rule::NotCarried,
    ];
    let rule_rank = |name: &str| {
        rules
            .into_iter()
            .find(|rule| rule.as_str() == name)
            .unwrap_or_else(|| panic!("no rule {name}"))
    };
    for pair in keys.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            (&a.0, &a.1, &a.2, rule_rank(&a.3)) < (&b.0, &b.1, &b.2, rule_rank(&b.3)),
            "out of order or repeated: {a:?} then {b:?}"
        );
    }
    let errors = findings
        .iter()
        .filter(|finding| rule_rank(finding["rule"].as_str().unwrap()).is_error())
        .count();
    assert_eq!(report["violations"], errors);
    assert_eq!(report["warnings"], findings.len() - errors);
    // The text report lists the same findings, one line each, in that order.
    let text = stdout(&chiso(&db, &["check"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1, "{text}");
    for (line, key) in lines.iter().zip(&keys) {
        assert!(
            line.starts_with(&format!("{} / {} / {}: ", key.0, key.1, key.2)),
            "{line} for {key:?}"
        );
    }
    // Each rule of a row and its parts is what the window's check of that
    // row finds (an independent walk, by index lookups around the row).
    let store = Store::open(&db).unwrap();
    let mut compared = 0;
    for finding in findings {
        let rule = rule_rank(finding["rule"].as_str().unwrap());
        if matches!(rule, Rule::Outlier | Rule::RollUp | Rule::NotCarried) {
            continue;
        }
        let id = finding["observation_id"].as_i64().unwrap();
        let of_row = store.check_ids(&[id]).unwrap();
        assert!(
            of_row.iter().any(|found| found.rule == rule
                && serde_json::to_value(&found.finding).unwrap() == finding["message"]),
            "{finding} is not what the row's check finds: {of_row:?}"
        );
        compared += 1;
    }
    assert!(compared > 5, "{compared} findings compared");

    // In Vietnamese (`--lang vi`): the same findings, one line each in the
    // same order, each in Vietnamese words with Vietnamese digit grouping,
    // and the counts in the last line.
    let text = stdout(&chiso(&db, &["--lang", "vi", "check"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1, "{text}");
    for (line, (key, finding)) in lines.iter().zip(keys.iter().zip(findings)) {
        let rule = rule_rank(&key.3);
        let severity = if rule.is_error() {
            "vi phạm"
        } else {
            "cần xem lại"
        };
        let lead = format!(
            "{} / {} / {}: {severity} ({}): ",
            key.0, key.1, key.2, key.3
        );
        let words = line
            .strip_prefix(&lead)
            .unwrap_or_else(|| panic!("{line} does not start with {lead}"));
        for english in [
            "parts add up",
            " not ",
            "rate ",
            "numerator",
            "is not",
            "far from",
            "filed",
        ] {
            assert!(!words.contains(english), "{english:?} in {line}");
        }
        if rule == Rule::PartsSum {
            assert!(words.starts_with("các phần cộng lại được "), "{line}");
            // The whole as the English says it ("…, not 3876") is grouped
            // in Vietnamese ("…, không phải 3.876").
            let english = finding["message"].as_str().unwrap();
            let whole: u64 = english.rsplit("not ").next().unwrap().parse().unwrap();
            let grouped = if whole >= 1000 {
                format!("{}.{:03}", whole / 1000, whole % 1000)
            } else {
                whole.to_string()
            };
            assert!(
                words.ends_with(&format!("không phải {grouped}")),
                "{line} / {english}"
            );
        }
    }
    assert_eq!(
        lines.last().copied(),
        Some(
            format!(
                "{errors} vi phạm, {} số liệu cần xem lại",
                findings.len() - errors
            )
            .as_str()
        ),
        "{text}"
    );
}
