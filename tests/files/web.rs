//! The self-contained web page (`export --web`): one file, nothing fetched, a CSP that allows
//! only its own script, the map embedded so that it parses back, hostile text kept as text, and
//! the sizes the issue asks for. What the page does in a browser is tested by the browser tests.

use crate::common::temp_dir;

use std::path::{Path, PathBuf};

use sha2::Digest as _;
use stance_map::article::article_map;
use stance_map::cli::{self, Command, ExportArgs, parse_args};
use stance_map::model::generate::stress_map;
use stance_map::model::{Dimension, Evidence, Role, StanceMap};
use stance_map::web::{PAGE_JS, base64, shared_map, web_page};

/// The text of the one element `<script{attrs}>…</script>`.
fn script<'a>(page: &'a str, attrs: &str) -> &'a str {
    let open = format!("<script{attrs}>");
    let start = page.find(&open).expect("the script is there") + open.len();
    let len = page[start..]
        .find("</script>")
        .expect("the script is closed");
    &page[start..start + len]
}

const MAP_DATA: &str = " id=\"map-data\" type=\"application/json\"";
const PAGE_DATA: &str = " id=\"page-data\" type=\"application/json\"";

/// The page with its two JSON data blocks cut out: what the browser runs and styles.
fn code_of(page: &str) -> String {
    let mut rest = page.to_owned();
    for attrs in [MAP_DATA, PAGE_DATA] {
        let data = script(&rest, attrs).to_owned();
        rest = rest.replacen(&data, "", 1);
    }
    rest
}

fn map_file(dir: &Path, map: &StanceMap) -> PathBuf {
    let path = dir.join("map.ron");
    stance_map::storage::save_path(map, &path).expect("the map saves");
    path
}

#[test]
fn the_article_page_is_one_small_file_that_loads_nothing() {
    let map = article_map().expect("the article's map loads");
    let page = web_page(&map);
    assert!(
        page.len() < 1_000_000,
        "the article's page is {} bytes",
        page.len()
    );
    let code = code_of(&page).to_lowercase();
    for loader in [
        "src=",
        "url(",
        "@import",
        "fetch(",
        "xmlhttprequest",
        "websocket",
        "eventsource",
        "sendbeacon",
        "import(",
        "<link",
        "<iframe",
        "<img",
        "<object",
        "<embed",
        "innerhtml",
        "outerhtml",
        "insertadjacenthtml",
        "document.write",
        "eval(",
        "new function",
    ] {
        assert!(!code.contains(loader), "the page's code contains {loader}");
    }
    // The one web address in the code is the SVG namespace, a name and never fetched; the
    // bibliography's addresses are data, made links by the script only when http(s).
    assert_eq!(
        code.matches("://").count(),
        code.matches("http://www.w3.org/2000/svg").count(),
        "a web address other than the SVG namespace in the page's code"
    );
    assert!(PAGE_JS.contains("isWebAddress(s.url)"));
    // Exactly three scripts: the two data blocks and the code.
    assert_eq!(page.matches("<script").count(), 3);
    assert_eq!(page.matches("</script>").count(), 3);
}

#[test]
fn the_content_security_policy_allows_only_the_inline_script_by_its_hash() {
    let map = article_map().expect("the article's map loads");
    let page = web_page(&map);
    let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let start = page.find(meta).expect("the CSP is there") + meta.len();
    let csp = &page[start..start + page[start..].find('"').expect("closed")];
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .expect("a script-src");
    assert!(!script_src.contains("unsafe"), "{script_src}");
    let inline = script(&page, "");
    let hash = base64(&sha2::Sha256::digest(inline.as_bytes()));
    assert_eq!(script_src, format!("'sha256-{hash}'"));
    assert!(inline.contains(PAGE_JS));
    // The CSP comes before anything it governs.
    assert!(start < page.find("<style>").expect("styles"));
}

#[test]
fn the_embedded_map_parses_back_to_the_map_without_speaker_notes() {
    let mut map = article_map().expect("the article's map loads");
    map.story[0].notes = "SPEAKER-ONLY: do not show".to_owned();
    let page = web_page(&map);
    let json = script(&page, MAP_DATA);
    let back: StanceMap = serde_json::from_str(json).expect("the embedded JSON parses");
    assert_eq!(back, shared_map(&map));
    assert!(back.story.iter().all(|s| s.notes.is_empty()));
    assert!(!page.contains("SPEAKER-ONLY"));
    // Everything else is kept.
    let mut without_notes = map.clone();
    without_notes.story[0].notes.clear();
    assert_eq!(back, without_notes);
    // Compact, not pretty.
    assert!(!json.contains("\n  "));
}

#[test]
fn a_hostile_map_is_embedded_as_text() {
    let mut map = article_map().expect("the article's map loads");
    map.title = "</script><script>alert(1)</script>".to_owned();
    map.subject = "Serbia\u{2028}\u{2029}next".to_owned();
    map.powers[0].name = "EU \u{202E}ASU\u{202C} \u{2066}x\u{2069}".to_owned();
    map.powers[0].track[0].evidence.push(Evidence {
        quote: "<img src=x onerror=alert(1)> & <!-- <script>".to_owned(),
        source: map.sources[0].id.clone(),
        locator: "p. 1\u{2028}".to_owned(),
        dimension: Dimension::Political,
        role: Role::Contradicts,
    });
    map.sources[0].url = "javascript:alert(1)".to_owned();
    let page = web_page(&map);
    for raw in [
        "</script><script>",
        "<script>alert",
        "<img",
        "<!--",
        "\u{2028}",
        "\u{2029}",
        "\u{202E}",
        "\u{202C}",
        "\u{2066}",
        "\u{2069}",
    ] {
        assert!(!page.contains(raw), "the page contains {raw:?} raw");
    }
    assert_eq!(page.matches("<script").count(), 3);
    assert_eq!(page.matches("</script>").count(), 3);
    // The title element shows the title as text.
    assert!(page.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    // And the data still parses back to the hostile text, character for character.
    let back: StanceMap =
        serde_json::from_str(script(&page, MAP_DATA)).expect("the embedded JSON parses");
    assert_eq!(back, shared_map(&map));
}

#[test]
fn the_stress_map_page_stays_under_15_mb() {
    let map = stress_map(12, 500, 3);
    let page = web_page(&map);
    println!("stress map (12 × 500 × 3) web page: {} bytes", page.len());
    assert!(page.len() < 15_000_000, "{} bytes", page.len());
}

#[test]
fn the_command_line_writes_the_page() {
    let dir = temp_dir("web-cli");
    let map = article_map().expect("the article's map loads");
    let file = map_file(&dir, &map);
    let out_path = dir.join("serbia.html");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"))
        .arg("export")
        .arg(&file)
        .arg("--web")
        .arg(&out_path)
        .output()
        .expect("the program runs");
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{stdout}");
    assert!(stdout.contains("wrote the web page"), "{stdout}");
    let written = std::fs::read_to_string(&out_path).expect("the page was written");
    assert_eq!(written, web_page(&map));
    // Nothing else was written beside it.
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["map.ron", "serbia.html"]);
}

#[test]
fn the_command_line_refuses_bad_web_arguments() {
    // No file name after --web: a usage error.
    assert!(parse_args(&["export", "map.ron", "--web"]).is_err());
    match parse_args(&["export", "map.ron", "--web", "out.html"]) {
        Ok(Command::Export(args)) => assert_eq!(args.web, Some(PathBuf::from("out.html"))),
        other => panic!("{other:?}"),
    }
    // --step goes with --png or --svg, not with the web page.
    assert!(parse_args(&["export", "map.ron", "--web", "out.html", "--step", "1"]).is_err());
    // Writing the page over the map itself is refused, and the map is left as it was.
    let dir = temp_dir("web-cli-refuse");
    let map = article_map().expect("the article's map loads");
    let file = map_file(&dir, &map);
    let before = std::fs::read(&file).expect("the map");
    let args = ExportArgs {
        file: file.clone(),
        web: Some(file.clone()),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    assert!(!cli::export(&args, &mut out));
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(out.contains("--web would overwrite"), "{out}");
    assert_eq!(std::fs::read(&file).expect("the map"), before);
    // A map that does not load writes nothing.
    let missing = ExportArgs {
        file: dir.join("missing.ron"),
        web: Some(dir.join("missing.html")),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    assert!(!cli::export(&missing, &mut out));
    assert!(!dir.join("missing.html").exists());
}

/// Every element the page's contract names (`tests/browser/CONTRACT.md`) is made by the page's
/// script, and its data block by the exporter: checked in every `cargo test`, where the browser
/// test (`tests/browser.sh`) needs Chromium, and covering elements it does not drive (the
/// play and keyframe buttons, the date's words, the net tilt, the legend, events, indicators,
/// `valueAt`).
#[test]
fn the_page_makes_every_element_of_its_contract() {
    for id in [
        "date",
        "date-label",
        "play",
        "prev-keyframe",
        "next-keyframe",
        "compass",
        "net-tilt",
        "legend",
        "timeline",
        "evidence",
        "story",
        "story-prev",
        "story-next",
        "step-title",
        "step-caption",
        "step-counter",
        "fullscreen",
        "bibliography",
    ] {
        assert!(
            PAGE_JS.contains(&format!("id: \"{id}\"")),
            "the script makes no #{id}"
        );
    }
    for class in ["arrow", "keyframe", "line", "event", "indicator", "quote"] {
        assert!(
            PAGE_JS.contains(&format!("class: \"{class}")),
            "the script makes no .{class}"
        );
    }
    for api in [
        "valueAt(",
        "date()",
        "setDate(",
        "ready:",
        "lastDrawMs:",
        "window.stanceMap",
    ] {
        assert!(PAGE_JS.contains(api), "window.stanceMap lacks {api}");
    }
    let page = web_page(&article_map().expect("the article's map loads"));
    assert!(page.contains("<script id=\"map-data\" type=\"application/json\">"));
}
