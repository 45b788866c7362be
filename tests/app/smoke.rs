//! Starts the real binary under Xvfb, waits for its window and takes a
//! screenshot (TOOLCHAIN.md). Needs Xvfb, xdotool and ImageMagick's `import`:
//! `.ci/run` installs them; elsewhere the test says what is missing and skips.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn the_window_opens_on_the_sample_database_and_draws() {
    let missing: Vec<&str> = ["Xvfb", "xdotool", "import"]
        .into_iter()
        .filter(|tool| !have(tool))
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the GUI smoke test needs {missing:?} (installed by .ci/run)"
        );
        println!(
            "note: skipping the GUI smoke test: {missing:?} not installed (apt-get install xvfb xdotool imagemagick)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let display = format!(":{}", 90 + std::process::id() % 9);
    let _xvfb = Killed(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(Duration::from_millis(500));
    let db = dir.path().join("smoke.sqlite");
    let app = Killed(
        super::support::command("C.UTF-8")
            .arg("--db")
            .arg(&db)
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let window = loop {
        let output = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--pid", &app.0.id().to_string()])
            .env("DISPLAY", &display)
            .output()
            .unwrap();
        let found = String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .map(str::to_owned);
        if let Some(window) = found {
            break window;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no window appeared within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(!window.is_empty());
    // The window fills the new database from the built-in samples (on its
    // database thread); wait for that, then give it a moment to draw the table.
    let started = Instant::now();
    loop {
        // Never create the file here: the window fills only a database it creates.
        let filled = db.exists()
            && chiso::store::Store::open(&db)
                .and_then(|store| store.observation_count())
                .is_ok_and(|count| count > 3000);
        if filled {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the sample data never arrived"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    std::thread::sleep(Duration::from_secs(2));
    let shot = dir.path().join("window.png");
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .env("DISPLAY", &display)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(png_has_content(&shot), "the screenshot is blank");
    if let Ok(keep) = std::env::var("CHISO_SMOKE_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// A real screenshot of a drawn window is far bigger than a flat PNG of the same size.
fn png_has_content(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.len() > 20_000)
}
