//! Times as the user reads them. The database stores every time in UTC
//! ("2026-12-03T09:06:00.000Z"); the window shows it in this computer's
//! time zone (TZ, else the system's zone), and names the zone and the UTC
//! time in the tooltip.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::app::strings::MainTexts;

/// A stored time, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownTime {
    /// "2026-12-03 16:06:00", in the computer's zone.
    pub text: String,
    /// "Giờ của máy này: Asia/Ho_Chi_Minh (UTC+07:00) · lưu theo giờ UTC: 2026-12-03 09:06:00".
    pub tooltip: String,
}

/// A stored UTC time in this computer's time zone.
pub fn local_time(stored: &str, texts: &MainTexts) -> ShownTime {
    shown_in(stored, &TimeZone::system(), texts)
}

/// A stored UTC time in `zone`. Text that is not a time is shown as it is.
pub fn shown_in(stored: &str, zone: &TimeZone, texts: &MainTexts) -> ShownTime {
    let Ok(timestamp) = stored.trim().parse::<Timestamp>() else {
        return ShownTime {
            text: stored.replace('T', " ").trim_end_matches('Z').to_owned(),
            tooltip: String::new(),
        };
    };
    let zoned = timestamp.to_zoned_datetime(zone.clone());
    let utc = timestamp.to_zoned_datetime(TimeZone::UTC);
    let name = zone.iana_name().unwrap_or("");
    let offset = zoned.strftime("UTC%:z").to_string();
    let zone_text = if name.is_empty() {
        offset
    } else {
        format!("{name} ({offset})")
    };
    ShownTime {
        text: zoned.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        tooltip: format!(
            "{}: {zone_text} · {}: {}",
            texts.time_zone,
            texts.stored_utc,
            utc.strftime("%Y-%m-%d %H:%M:%S")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::strings::Lang;

    #[test]
    fn an_import_at_nine_utc_is_four_in_the_afternoon_in_nha_trang() {
        let zone = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
        let shown = shown_in("2026-12-03T09:06:00.123Z", &zone, Lang::Vi.main());
        assert_eq!(shown.text, "2026-12-03 16:06:00");
        assert_eq!(
            shown.tooltip,
            "Giờ của máy này: Asia/Ho_Chi_Minh (UTC+07:00) · lưu theo giờ UTC: 2026-12-03 09:06:00"
        );
        // Late in the evening UTC is the next morning there.
        let shown = shown_in("2026-12-31T20:30:00Z", &zone, Lang::En.main());
        assert_eq!(shown.text, "2027-01-01 03:30:00");
    }

    #[test]
    fn text_that_is_not_a_time_is_shown_as_it_is() {
        let shown = shown_in("hôm qua", &TimeZone::UTC, Lang::Vi.main());
        assert_eq!(shown.text, "hôm qua");
        assert!(shown.tooltip.is_empty());
    }
}
