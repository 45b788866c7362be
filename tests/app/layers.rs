//! The layers hold (DESIGN.md "Layers", ARCHITECTURE.md): every module's
//! paths are resolved — `crate::x`, `crate::{x, y}`, `super::super::x` — to
//! the top-level module they reach, and checked against what its layer may
//! use. A grep for `crate::store` misses `use crate::{store::Store}` and
//! `super::super::store`; this does not.

use std::path::{Path, PathBuf};

/// What each layer must not reach: other top-level modules, external crates,
/// and std modules.
struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    crates: &'static [&'static str],
    std: &'static [&'static str],
}

const LAYERS: [Layer; 5] = [
    Layer {
        name: "domain",
        modules: &["store", "import", "export", "app"],
        crates: &[
            "egui",
            "eframe",
            "egui_plot",
            "egui_extras",
            "rusqlite",
            "csv",
            "rfd",
        ],
        std: &["fs", "net", "process"],
    },
    Layer {
        name: "import",
        modules: &["store", "app"],
        crates: &[
            "egui",
            "eframe",
            "egui_plot",
            "egui_extras",
            "rusqlite",
            "rfd",
        ],
        std: &[],
    },
    Layer {
        name: "export",
        modules: &["store", "import", "app"],
        crates: &[
            "egui",
            "eframe",
            "egui_plot",
            "egui_extras",
            "rusqlite",
            "rfd",
        ],
        std: &[],
    },
    Layer {
        name: "store",
        modules: &["import", "export", "app"],
        crates: &["egui", "eframe", "egui_plot", "egui_extras", "csv", "rfd"],
        std: &[],
    },
    Layer {
        name: "app",
        modules: &[],
        crates: &["rusqlite"],
        std: &[],
    },
];

/// The source without comments and string literals (their text is not code).
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for next in chars.by_ref() {
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
            }
            '"' => {
                let mut escaped = false;
                for next in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if next == '\\' {
                        escaped = true;
                    } else if next == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier starting at `at`.
fn ident_at(text: &str, at: usize) -> &str {
    let end = text[at..]
        .find(|c: char| !is_ident(c))
        .map_or(text.len(), |end| at + end);
    &text[at..end]
}

/// The first names of each path in a `{…}` group starting at `open`.
fn group_heads(text: &str, open: usize) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = false;
    for (index, c) in text[open..].char_indices() {
        let at = open + index;
        match c {
            '{' => {
                depth += 1;
                expect_head = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_head = true,
            c if expect_head && is_ident(c) => {
                heads.push(ident_at(text, at).to_owned());
                expect_head = false;
            }
            _ => {}
        }
    }
    heads
}

/// Every top-level module of the crate that `code` reaches from `module`
/// (its path, e.g. ["domain", "check"]), and every `name::` path head.
fn reached(code: &str, module: &[String]) -> (Vec<String>, Vec<String>) {
    let mut modules = Vec::new();
    let mut heads = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let text: String = bytes.iter().collect();
    let mut index = 0;
    while index < text.len() {
        let Some(c) = text[index..].chars().next() else {
            break;
        };
        let boundary = index == 0 || !text[..index].ends_with(|p: char| is_ident(p) || p == ':');
        if boundary && is_ident(c) {
            let word = ident_at(&text, index);
            let after = index + word.len();
            if text[after..].starts_with("::") {
                let rest = after + 2;
                match word {
                    "crate" => {
                        if text[rest..].starts_with('{') {
                            modules.extend(group_heads(&text, rest));
                        } else {
                            modules.push(ident_at(&text, rest).to_owned());
                        }
                    }
                    "super" => {
                        let mut up = 1;
                        let mut at = rest;
                        while text[at..].starts_with("super::") {
                            up += 1;
                            at += "super::".len();
                        }
                        let base: Vec<String> = module[..module.len().saturating_sub(up)].to_vec();
                        match base.first() {
                            Some(top) => modules.push(top.clone()),
                            None if text[at..].starts_with('{') => {
                                modules.extend(group_heads(&text, at));
                            }
                            None => modules.push(ident_at(&text, at).to_owned()),
                        }
                        index = at;
                        continue;
                    }
                    _ => {
                        heads.push(word.to_owned());
                        if word == "std" {
                            if text[rest..].starts_with('{') {
                                heads.extend(
                                    group_heads(&text, rest).iter().map(|m| format!("std::{m}")),
                                );
                            } else {
                                heads.push(format!("std::{}", ident_at(&text, rest)));
                            }
                        }
                    }
                }
            } else if word == "use" || word == "extern" {
                // `use egui;` / `extern crate egui;`
                let rest = text[after..].trim_start();
                let rest = rest.strip_prefix("crate").map_or(rest, str::trim_start);
                let name = ident_at(rest, 0);
                if !name.is_empty() && rest[name.len()..].trim_start().starts_with(';') {
                    heads.push(name.to_owned());
                }
            }
            index = after;
            continue;
        }
        index += c.len_utf8();
    }
    (modules, heads)
}

/// What `code` in `module` uses that its layer may not.
fn violations(code: &str, module: &[String]) -> Vec<String> {
    let Some(layer) = LAYERS
        .iter()
        .find(|layer| module.first().is_some_and(|top| top == layer.name))
    else {
        return Vec::new();
    };
    let (modules, heads) = reached(&code_only(code), module);
    let mut found = Vec::new();
    for reached in modules {
        if layer.modules.contains(&reached.as_str()) {
            found.push(format!("crate::{reached}"));
        }
    }
    for head in heads {
        if layer.crates.contains(&head.as_str()) {
            found.push(format!("{head}::"));
        }
        if let Some(std) = head.strip_prefix("std::")
            && layer.std.contains(&std)
        {
            found.push(head.clone());
        }
    }
    found.sort();
    found.dedup();
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: src/domain/check.rs → [domain, check]; mod.rs is its directory.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

#[test]
fn layers_hold() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 30, "the source tree is read");
    let mut broken = Vec::new();
    for file in files {
        let code = std::fs::read_to_string(&file).unwrap();
        let module = module_of(&src, &file);
        for violation in violations(&code, &module) {
            broken.push(format!("{}: {violation}", file.display()));
        }
    }
    assert!(
        broken.is_empty(),
        "layer violations:\n{}",
        broken.join("\n")
    );
}

/// The check sees what a grep would miss.
#[test]
fn the_layer_check_cannot_be_fooled() {
    let domain = |name: &str| vec!["domain".to_owned(), name.to_owned()];
    let cases = [
        ("use crate::{number::x, store::Store};", "crate::store"),
        ("use crate::{\n    store::{Store, X},\n};", "crate::store"),
        ("use super::super::store::Store;", "crate::store"),
        ("fn f() { let _ = std::fs::read(\"x\"); }", "std::fs"),
        ("use std::{fmt, fs};", "std::fs"),
        ("use rusqlite;", "rusqlite::"),
        ("fn f(c: &rusqlite::Connection) {}", "rusqlite::"),
    ];
    for (code, expected) in cases {
        assert_eq!(
            violations(code, &domain("check")),
            vec![expected.to_owned()],
            "{code}"
        );
    }
    // Within the layer, in comments and in strings nothing is found.
    assert!(violations("use super::number::x; // crate::store", &domain("check")).is_empty());
    assert!(
        violations(
            "const A: &str = \"crate::store std::fs\";",
            &domain("check")
        )
        .is_empty()
    );
    assert!(violations("use crate::domain::Kind;", &domain("check")).is_empty());
    // store may not reach the window, however it is written.
    let store = vec!["store".to_owned(), "query".to_owned()];
    assert_eq!(
        violations("use super::super::app::x;", &store),
        vec!["crate::app".to_owned()]
    );
}
