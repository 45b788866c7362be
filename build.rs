//! Build script: for a Windows target, embeds the icon and the version
//! information (Explorer's Properties → Details) in `chiso.exe`, with the
//! MinGW `windres` that TOOLCHAIN.md installs. For any other target it does
//! nothing.

fn main() {
    // Without these, cargo reruns the script (and rebuilds the crate) after
    // any change in the package.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon/chiso.ico");
    // The target's OS, not `cfg!(windows)`: the script runs on the host.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        embed_windows_resources();
    }
}

fn embed_windows_resources() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let icon = format!("{manifest_dir}/assets/icon/chiso.ico");
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon(&icon)
        // Windows shows FileDescription as the program's name (Task Manager,
        // "Open with"); the file version and product version come from Cargo.toml.
        .set("FileDescription", "chiso — chỉ số")
        .set("ProductName", "chiso")
        .set("InternalName", "chiso")
        .set("OriginalFilename", "chiso.exe")
        // Not CARGO_PKG_DESCRIPTION: its apostrophe comes out with a backslash (windres
        // does not read the escape winresource writes).
        .set(
            "Comments",
            "A desktop statistics workbench for the ICT indicators of a Vietnamese province",
        )
        .set(
            "LegalCopyright",
            "© The chiso developers, MIT OR Apache-2.0",
        )
        // Vietnamese (0x042A) for the version block's language.
        .set_language(0x042A);
    // Only the `chiso` binary: examples and test binaries need no icon.
    if let Err(error) = resource.compile_for("chiso") {
        panic!("could not embed the icon and version info with windres: {error} ({icon})");
    }
    // A GUI program: double-clicking chiso.exe opens the window without a
    // console window behind it (what `#![windows_subsystem = "windows"]`
    // does, kept out of main.rs). The price: the subcommands print nothing
    // in a console; redirected output (`chiso check > report.txt`) works.
    match std::env::var("CARGO_CFG_TARGET_ENV").as_deref() {
        Ok("msvc") => {
            println!("cargo:rustc-link-arg-bin=chiso=/SUBSYSTEM:WINDOWS");
            println!("cargo:rustc-link-arg-bin=chiso=/ENTRY:mainCRTStartup");
        }
        _ => println!("cargo:rustc-link-arg-bin=chiso=-Wl,--subsystem,windows"),
    }
}
