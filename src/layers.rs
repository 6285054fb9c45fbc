//! The layer rule, checked: each part of `src/` imports only the parts below it.
//!
//! ```text
//! model                      pure data and rules: no egui, no I/O
//! storage, recovery, article files in and out
//! ui                         the views and the view state they read
//! slides                     headless slides (drawn with ui's compass) and the SVG
//! export                     handouts and CSV (the HTML handout's figures are slides' SVG)
//! web                        the self-contained interactive web page (its own JS draws it)
//! app                        owns document, history and session; applies changes
//! cli, main                  the entry points
//! ```
//!
//! The check reads every file under `src/`, leaves out comments, strings and, outside the views,
//! `#[cfg(test)]` items (a model unit test may use the article's map as a fixture; a view's
//! tests build their own maps, so no view reaches the article even in a test), and reports
//! each `crate::…` or `super::…` path that reaches a layer the file's own layer may not import.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Each layer, and the layers its files may import (itself included).
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    ("storage", &["model", "storage"]),
    ("recovery", &["model", "storage", "recovery"]),
    ("article", &["model", "storage", "article"]),
    ("ui", &["model", "ui"]),
    // The HTML handout draws the story's compass figures with the slides' SVG.
    ("export", &["model", "storage", "slides", "export"]),
    ("slides", &["model", "storage", "ui", "slides"]),
    ("web", &["model", "storage", "export", "web"]),
    (
        "app",
        &[
            "model", "storage", "recovery", "article", "ui", "export", "slides", "web", "app",
        ],
    ),
    (
        "cli",
        &[
            "model", "storage", "recovery", "article", "ui", "export", "slides", "web", "app",
            "cli",
        ],
    ),
];

/// The layer of a file, from its path below `src/`: its first folder or its file name.
/// `None` for the crate root and this checker, which belong to no layer.
fn layer_of(relative: &Path) -> Option<&str> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    match name {
        "lib" | "main" | "layers" => None,
        _ => Some(name),
    }
}

/// How deep a file's module is below the crate root: 1 for `src/ui.rs` and `src/ui/mod.rs`,
/// 2 for `src/ui/compass.rs`. `super::` that many times reaches the crate root.
fn module_depth(relative: &Path) -> usize {
    let parts = relative.components().count();
    if relative.file_name().is_some_and(|name| name == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The text with comments, string and character literals blanked (newlines kept, so line
/// numbers stay right).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && (i == 0 || !is_ident(chars[i - 1]))
            && chars[i + 1..].iter().find(|&&c| c != '#') == Some(&'"')
        {
            // A raw string: r"…", r#"…"#; it ends at a quote followed by as many #.
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            let start = i;
            i += 2 + hashes;
            while i < chars.len() {
                if chars[i] == '"'
                    && chars[i + 1..].iter().take_while(|&&c| c == '#').count() >= hashes
                {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.extend(chars[start..i.min(chars.len())].iter().map(|&c| blank(c)));
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    out.push(blank(c));
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{201c}'.
            let end = chars[(i + 3).min(chars.len())..]
                .iter()
                .position(|&c| c == '\'')
                .map_or(chars.len(), |p| i + 4 + p);
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            // A one-character literal such as '"' (a lifetime has no closing quote).
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The code with every `#[cfg(test)]` item (up to its `;` or its closing brace) blanked.
fn without_test_items(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= chars.len() {
        if chars[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut depth = 0usize;
        while j < chars.len() {
            match chars[j] {
                ';' if depth == 0 => break,
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(chars.len());
        for c in &mut chars[i..end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        i = end;
    }
    chars.into_iter().collect()
}

/// The crate-root modules a file's code reaches, each with its line (from 1): the first name
/// after `crate::` (every name of a `crate::{…}` group), and after enough `super::` to climb
/// out of the file's module (`depth` as in [`module_depth`]).
fn reached_modules(code: &str, depth: usize) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let starts = |at: usize, word: &str| {
        let word: Vec<char> = word.chars().collect();
        chars.get(at..at + word.len()) == Some(&word[..])
            && (at == 0
                || !(is_ident(chars[at - 1]) || chars[at - 1] == '$' || chars[at - 1] == ':'))
    };
    while i < chars.len() {
        if chars[i] == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        let after = if starts(i, "crate::") {
            Some(i + "crate::".len())
        } else if starts(i, "super::") {
            let mut at = i;
            let mut supers = 0;
            while chars
                .get(at..at + 7)
                .is_some_and(|w| w.iter().copied().eq("super::".chars()))
            {
                supers += 1;
                at += 7;
                while chars
                    .get(at)
                    .is_some_and(|c| c.is_whitespace() && *c != '\n')
                {
                    at += 1;
                }
            }
            i = at - 1;
            (supers >= depth).then_some(at)
        } else {
            None
        };
        if let Some(mut at) = after {
            while chars.get(at).is_some_and(|c| c.is_whitespace()) {
                at += 1;
            }
            if chars.get(at) == Some(&'{') {
                // A group: the first name of each of its top-level entries.
                let mut nesting = 0;
                let mut expect_name = true;
                at += 1;
                while let Some(&c) = chars.get(at) {
                    match c {
                        '{' => nesting += 1,
                        '}' if nesting == 0 => break,
                        '}' => nesting -= 1,
                        ',' if nesting == 0 => expect_name = true,
                        c if expect_name && is_ident(c) => {
                            let name: String =
                                chars[at..].iter().take_while(|&&c| is_ident(c)).collect();
                            at += name.len() - 1;
                            found.push((line, name));
                            expect_name = false;
                        }
                        c if c.is_whitespace() => {}
                        _ => expect_name = false,
                    }
                    at += 1;
                }
            } else {
                let name: String = chars[at..].iter().take_while(|&&c| is_ident(c)).collect();
                if !name.is_empty() {
                    found.push((line, name));
                }
            }
        }
        i += 1;
    }
    found
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// What is wrong with one file's imports, a line per upward import: `file:line: …`.
fn violations(relative: &Path, text: &str) -> Vec<String> {
    let Some(layer) = layer_of(relative) else {
        return Vec::new();
    };
    let shown = Path::new("src").join(relative);
    let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
        return vec![format!(
            "{}: belongs to no layer (add `{layer}` to LAYERS in src/layers.rs)",
            shown.display()
        )];
    };
    let code = if layer == "ui" {
        code_only(text)
    } else {
        without_test_items(&code_only(text))
    };
    reached_modules(&code, module_depth(relative))
        .into_iter()
        .filter(|(_, module)| !allowed.contains(&module.as_str()))
        .map(|(line, module)| {
            format!(
                "{}:{line}: `{layer}` imports `crate::{module}`; it may import only {}",
                shown.display(),
                allowed.join(", ")
            )
        })
        .collect()
}

#[test]
fn no_layer_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(
        files.len() > 20,
        "only {} files found in {}",
        files.len(),
        src.display()
    );
    let mut report = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for line in violations(file.strip_prefix(&src).unwrap(), &text) {
            writeln!(report, "{line}").unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "imports that run up the layers:\n{report}"
    );
}

#[test]
fn the_check_finds_upward_imports_and_ignores_comments_strings_and_tests_outside_views() {
    let text = r##"//! Uses crate::app in a comment.
use crate::model::StanceMap;
use crate::{model::Date, app::session::Session};
/* crate::cli::run() in a block /* nested */ comment */
fn f() -> &'static str {
    let _ = '"'; let _ = '\'';
    let s = "crate::storage::save";
    let r = r#"crate::storage::"still a string"#;
    crate::storage::save(s);
    super::super::article::article_map();
    s
}
#[cfg(test)]
mod tests {
    use crate::article::article_map;
}
"##;
    let found = violations(Path::new("ui/example.rs"), text);
    assert_eq!(
        found
            .iter()
            .map(|v| v.split(": `").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "src/ui/example.rs:3",
            "src/ui/example.rs:9",
            "src/ui/example.rs:10",
            "src/ui/example.rs:15"
        ],
        "{found:#?}"
    );
    // Outside the views a unit test may use the article as a fixture.
    let in_model = violations(Path::new("model/example.rs"), text);
    assert_eq!(
        in_model
            .iter()
            .map(|v| v.split(": `").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "src/model/example.rs:3",
            "src/model/example.rs:9",
            "src/model/example.rs:10"
        ],
        "{in_model:#?}"
    );
    assert!(found[0].contains("`ui` imports `crate::app`; it may import only model, ui"));
    // One `super::` from src/ui/example.rs stays in ui; from src/ui/mod.rs it is the root.
    assert!(violations(Path::new("ui/example.rs"), "use super::app::X;").is_empty());
    assert_eq!(
        violations(Path::new("ui/mod.rs"), "use super::app::X;").len(),
        1
    );
    assert_eq!(
        violations(Path::new("model/date.rs"), "use crate::storage;").len(),
        1
    );
    assert_eq!(
        violations(Path::new("newpart.rs"), "").len(),
        1,
        "an unknown layer"
    );
}
