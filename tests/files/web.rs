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

const CLASS_DATA: &str = " id=\"class-data\" type=\"application/json\"";

/// A reading of the article's map: every judged strength moved by a different amount per
/// reader (`shift`), clamped to −1…+1, with an analyst and a reasoning.
fn class_reading(analyst: &str, reasoning: &str, shift: f64) -> StanceMap {
    let mut map = article_map().expect("the article's map loads");
    map.analyst = analyst.into();
    for (p, power) in map.powers.iter_mut().enumerate() {
        for (k, keyframe) in power.track.iter_mut().enumerate() {
            let wobble = ((p * 7 + k * 3) % 5) as f64 * 0.04 - 0.08;
            keyframe.strength =
                (keyframe.strength + shift + wobble * shift.signum()).clamp(-1.0, 1.0);
            keyframe.reasoning = reasoning.into();
        }
    }
    map
}

/// Five generated readings of the article's map in `dir/class` (and a broken file), the
/// article's map as `dir/map.ron`.
fn class_folder(dir: &Path, analysts: &[&str]) -> (PathBuf, PathBuf) {
    let map = article_map().expect("the article's map loads");
    let file = map_file(dir, &map);
    let folder = dir.join("class");
    std::fs::create_dir_all(&folder).expect("the folder");
    for (i, analyst) in analysts.iter().enumerate() {
        let shift = [-0.3, -0.1, 0.0, 0.15, 0.4][i % 5];
        let reading = class_reading(analyst, "READER-REASONING-MARKER", shift);
        stance_map::storage::save_path(&reading, &folder.join(format!("r{i}.ron")))
            .expect("the reading saves");
    }
    std::fs::write(folder.join("zz-broken.ron"), "(oops").expect("written");
    (file, folder)
}

fn export_with_class(file: &Path, folder: &Path, out: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"))
        .arg("export")
        .arg(file)
        .arg("--web")
        .arg(out)
        .arg("--class")
        .arg(folder)
        .output()
        .expect("the program runs")
}

/// `export --web --class`: the embedded summary's numbers are the class's own, at every
/// keyframe of every power (`Class::spread_at_keyframe`) and at the dates between
/// (`Class::spread_at`), with the agreement figures; a broken file is reported on standard
/// error and the rest still count.
#[test]
fn the_class_summary_in_the_page_is_the_classs_numbers() {
    use stance_map::model::class::{Class, Reading};
    let dir = temp_dir("web-class-summary");
    let analysts = ["Ana", "Ben", "Cy", "Dee", "Eli"];
    let (file, folder) = class_folder(&dir, &analysts);
    let out_path = dir.join("class.html");
    let output = export_with_class(&file, &folder, &out_path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("with the class of 5 readings"), "{stdout}");
    assert!(stderr.contains("zz-broken.ron: error: line 1"), "{stderr}");
    let page = std::fs::read_to_string(&out_path).expect("the page");
    assert_eq!(
        page.matches("<script").count(),
        4,
        "map, page, class data and code"
    );
    let data: serde_json::Value =
        serde_json::from_str(script(&page, CLASS_DATA)).expect("the class data parses");

    let map = article_map().expect("the article's map loads");
    let readings = analysts
        .iter()
        .enumerate()
        .map(|(i, a)| Reading {
            label: (*a).to_owned(),
            file: format!("r{i}.ron"),
            map: class_reading(a, "", [-0.3, -0.1, 0.0, 0.15, 0.4][i]),
        })
        .collect();
    let class = Class::new(map.clone(), true, readings);
    assert_eq!(data["readings"], 5);
    let close = |got: &serde_json::Value, want: f64, what: &str| {
        let got = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
        assert!((got - want).abs() <= 5.1e-5, "{what}: {got} vs {want}");
    };
    close(&data["alpha"], class.alpha(None).expect("alpha"), "alpha");
    assert_eq!(
        data["words"],
        Class::agreement_words(class.alpha(None).expect("alpha"))
    );
    let powers = data["powers"].as_array().expect("powers");
    assert_eq!(powers.len(), map.powers.len());
    let mut between = 0;
    for (power, summary) in map.powers.iter().zip(powers) {
        assert_eq!(summary["id"], power.id.0.as_str());
        close(
            &summary["alpha"],
            class.alpha(Some(&power.id)).expect("alpha"),
            "power alpha",
        );
        let samples = summary["samples"].as_array().expect("samples");
        assert!(samples.len() <= power.track.len() + stance_map::web::CLASS_SAMPLES);
        for keyframe in &power.track {
            let y = keyframe.date.to_year_f64();
            let sample = samples
                .iter()
                .find(|s| (s[0].as_f64().expect("year") - y).abs() < 1e-9)
                .unwrap_or_else(|| panic!("no sample at {y} for {}", power.name));
            let want = class
                .spread_at_keyframe(&power.id, keyframe.date)
                .expect("judged by the class");
            assert_eq!(sample[1], want.n);
            for (i, value) in [want.median, want.q1, want.q3, want.min, want.max]
                .into_iter()
                .enumerate()
            {
                close(&sample[i + 2], value, &format!("{} at {y}", power.name));
            }
        }
        for sample in samples {
            let y = sample[0].as_f64().expect("year");
            if power
                .track
                .iter()
                .any(|k| (k.date.to_year_f64() - y).abs() < 1e-9)
            {
                continue;
            }
            between += 1;
            let want = class.spread_at(&power.id, y).expect("a value between");
            assert_eq!(sample[1], want.n);
            close(&sample[2], want.median, "median between keyframes");
        }
        // Sorted by date, so the page can read between neighbours.
        let years: Vec<f64> = samples
            .iter()
            .map(|s| s[0].as_f64().expect("year"))
            .collect();
        assert!(years.windows(2).all(|w| w[0] < w[1]), "{years:?}");
    }
    assert!(
        between > 100 * map.powers.len(),
        "{between} samples between keyframes"
    );
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}

/// Without `--class` the page carries no class: no `#class-data` block and no class numbers;
/// and `--class` goes only with `--web`.
#[test]
fn without_a_class_the_page_has_none() {
    let map = article_map().expect("the article's map loads");
    let page = web_page(&map);
    assert_eq!(page, stance_map::web::web_page_with_class(&map, None));
    assert!(!page.contains("id=\"class-data\""));
    assert_eq!(page.matches("<script").count(), 3);
    for attrs in [MAP_DATA, PAGE_DATA] {
        let data = script(&page, attrs);
        for word in ["median", "readings", "alpha"] {
            assert!(!data.contains(word), "{word} in {attrs}");
        }
    }
    assert!(parse_args(&["export", "map.ron", "--csv", "o.csv", "--class", "c"]).is_err());
    assert!(parse_args(&["export", "map.ron", "--web", "o.html", "--class"]).is_err());
    match parse_args(&[
        "export", "map.ron", "--web", "o.html", "--class", "a", "b.ron",
    ]) {
        Ok(Command::Export(args)) => {
            assert_eq!(args.class, [PathBuf::from("a"), PathBuf::from("b.ron")]);
        }
        other => panic!("{other:?}"),
    }
    // A class with no reading that loads writes no page, and says why.
    let dir = temp_dir("web-class-none");
    let file = map_file(&dir, &map);
    let folder = dir.join("class");
    std::fs::create_dir(&folder).expect("the folder");
    std::fs::write(folder.join("broken.ron"), "(oops").expect("written");
    let out_path = dir.join("out.html");
    let output = export_with_class(&file, &folder, &out_path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("broken.ron: error"), "{stderr}");
    assert!(stderr.contains("no reading loaded"), "{stderr}");
    assert!(!out_path.exists());
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}

/// Readers' names, file names and reasonings never reach the page, hostile or not: only the
/// class's numbers do.
#[test]
fn hostile_reading_labels_cannot_reach_the_page() {
    let dir = temp_dir("web-class-hostile");
    let hostile = [
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "Eve\u{202e}evil",
        "Zed\u{2028}line",
        "PLAIN-READER-NAME",
    ];
    let (file, folder) = class_folder(&dir, &hostile);
    let out_path = dir.join("class.html");
    let output = export_with_class(&file, &folder, &out_path);
    assert!(output.status.success());
    let page = std::fs::read_to_string(&out_path).expect("the page");
    assert!(page.contains("id=\"class-data\""));
    for needle in [
        "alert(",
        "alert\\u0028",
        "onerror",
        "evil",
        "Zed",
        "PLAIN-READER-NAME",
        "READER-REASONING-MARKER",
        "r0.ron",
        "zz-broken",
    ] {
        assert!(!page.contains(needle), "{needle} reached the page");
    }
    // Still exactly the one code script and three data blocks.
    assert_eq!(page.matches("<script").count(), 4);
    assert_eq!(page.matches("</script>").count(), 4);
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}

/// Headless Chromium, when this machine has it (`STANCE_MAP_CHROMIUM`, else `chromium` on the
/// path): the DOM of `page` after its scripts ran.
fn chromium_dom(page: &str, name: &str) -> Option<String> {
    let browser = std::env::var("STANCE_MAP_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let dir = temp_dir(name);
    let path = dir.join("page.html");
    std::fs::write(&path, page).expect("written");
    let output = std::process::Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", path.display()))
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match output {
        Ok(output) if output.status.success() => {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        failed => {
            // CI installs Chromium before the tests and sets this, so there the check always runs.
            assert!(
                std::env::var_os("STANCE_MAP_REQUIRE_CHROMIUM").is_none(),
                "{browser} did not run: {failed:?}"
            );
            println!("{browser} is not available: the in-browser check was not run");
            None
        }
    }
}

/// The page with `probe` run after its own script (the CSP hash updated to allow it).
fn page_with_probe(page: &str, probe: &str) -> String {
    let script = format!("\n{PAGE_JS}\n");
    let probed = format!("\n{PAGE_JS}\n{probe}\n");
    page.replacen(
        &format!("<script>{script}</script>"),
        &format!("<script>{probed}</script>"),
        1,
    )
    .replacen(
        &stance_map::web::script_hash_source(&script),
        &stance_map::web::script_hash_source(&probed),
        1,
    )
}

/// What a probe put in `<body data-probe="…">`.
fn probe_result(dom: &str) -> String {
    let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let len = dom[start..].find('"').expect("closed");
    dom[start..start + len].replace("&amp;", "&")
}

/// The timeline's keyframes are one Tab stop: exactly one has `tabindex="0"` (the first
/// power's keyframe on or before the opening date), Left/Right move along a power, Up/Down to
/// the next power's keyframe nearest in date, Home/End to its ends, the Tab stop follows the
/// focus, the story does not step, and Enter reads the focused keyframe.
#[test]
fn the_timelines_keyframes_are_one_tab_stop_moved_by_the_arrow_keys() {
    const PROBE: &str = r##"(function () {
  const out = [];
  const stops = () => document.querySelectorAll('circle.keyframe[tabindex="0"]').length;
  const all = document.querySelectorAll("circle.keyframe").length;
  out.push("stops=" + stops() + "/" + all);
  const where = () => { const a = document.activeElement; return a.getAttribute("data-power") + "@" + a.getAttribute("data-date") + "|" + stops() + "|" + a.getAttribute("tabindex"); };
  document.querySelector('circle.keyframe[tabindex="0"]').focus();
  out.push("start=" + where());
  for (const k of ["ArrowRight", "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "End", "Home", "ArrowLeft", "ArrowDown", "Enter"]) {
    document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
    out.push(k + "=" + where());
  }
  out.push("step=" + document.getElementById("step-counter").textContent);
  out.push("evidence=" + document.querySelector("#evidence h2").textContent);
  document.body.setAttribute("data-probe", out.join(";"));
})();"##;
    let map = article_map().expect("the article's map loads");
    assert!(map.view.is_none(), "the test expects the opening date 2022");
    let Some(dom) = chromium_dom(&page_with_probe(&web_page(&map), PROBE), "web-roving") else {
        return;
    };
    let got = probe_result(&dom);
    let date_of = |p: usize, k: usize| {
        let (power, date) = (&map.powers[p], map.powers[p].track[k].date);
        match date.month {
            Some(month) => format!("{}@{}-{month:02}", power.id.0, date.year),
            None => format!("{}@{}", power.id.0, date.year),
        }
    };
    let nearest = |p: usize, year: f64| {
        let track = &map.powers[p].track;
        let after = track.iter().position(|k| k.date.to_year_f64() > year);
        match after {
            None => track.len() - 1,
            Some(0) => 0,
            Some(a) => {
                let (before, next) = (track[a - 1].date.to_year_f64(), track[a].date.to_year_f64());
                if next - year < year - before {
                    a
                } else {
                    a - 1
                }
            }
        }
    };
    let first = &map.powers[0].track;
    let start = first
        .iter()
        .rposition(|k| k.date.to_year_f64() <= 2022.0)
        .expect("a keyframe before 2022");
    let last = first.len() - 1;
    let next = (start + 1).min(last);
    let next2 = (next + 1).min(last);
    let down = nearest(1, first[next].date.to_year_f64());
    let down_from_first = nearest(1, first[0].date.to_year_f64());
    let at = |p: usize, k: usize| format!("{}|1|0", date_of(p, k));
    let total: usize = map.powers.iter().map(|p| p.track.len()).sum();
    let want = [
        format!("stops=1/{total}"),
        format!("start={}", at(0, start)),
        format!("ArrowRight={}", at(0, next)),
        format!("ArrowRight={}", at(0, next2)),
        format!("ArrowLeft={}", at(0, next)),
        format!("ArrowDown={}", at(1, down)),
        format!(
            "ArrowUp={}",
            at(0, nearest(0, map.powers[1].track[down].date.to_year_f64()))
        ),
        format!("End={}", at(0, last)),
        format!("Home={}", at(0, 0)),
        format!("ArrowLeft={}", at(0, 0)),
        format!("ArrowDown={}", at(1, down_from_first)),
        format!("Enter={}", at(1, down_from_first)),
        format!("step=Step 1 of {}", map.story.len()),
        format!(
            "evidence={}, {}",
            map.powers[1].name, map.powers[1].track[down_from_first].date
        ),
    ]
    .join(";");
    assert_eq!(got, want);
}

/// In the browser, a page with a class draws a band per power on the timeline and a fan per
/// power on the compass, says the class and its agreement in the legend, and adds the class's
/// median to each arrow's label: at a keyframe date, the class's median there.
#[test]
fn the_class_is_drawn_and_named_in_the_browser() {
    use stance_map::model::class::{Class, Reading};
    const PROBE: &str = r##"(function () {
  const out = [];
  const eu = document.querySelector("circle.keyframe[data-power='eu']");
  eu.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  out.push("bands=" + document.querySelectorAll("g.class-band path.class-iqr").length);
  out.push("fans=" + document.querySelectorAll("g.class-fan").length);
  out.push("legend=" + document.querySelector("#legend li.class-summary").textContent);
  out.push("arrow=" + document.querySelector("g.arrow[data-power='eu']").getAttribute("aria-label"));
  out.push("evidence=" + document.querySelector("#evidence p.class-value").textContent);
  out.push("confidence=" + [...document.querySelectorAll("path.confidence-band")].filter((b) => b.getAttribute("display") !== "none").map((b) => b.getAttribute("data-power")).join(","));
  document.body.setAttribute("data-probe", out.join(";"));
})();"##;
    let map = article_map().expect("the article's map loads");
    let readings = [-0.3, -0.1, 0.0, 0.15, 0.4]
        .into_iter()
        .enumerate()
        .map(|(i, shift)| Reading {
            label: format!("R{i}"),
            file: format!("r{i}.ron"),
            map: class_reading("x", "", shift),
        })
        .collect();
    let class = Class::new(map.clone(), true, readings);
    let page = stance_map::web::web_page_with_class(&map, Some(&class));
    let Some(dom) = chromium_dom(&page_with_probe(&page, PROBE), "web-class-browser") else {
        return;
    };
    let eu = &map.powers[0];
    let first = &eu.track[0];
    let spread = class
        .spread_at_keyframe(&eu.id, first.date)
        .expect("the class judged it");
    let signed = stance_map::model::format_strength_signed;
    // The legend gives each power's own agreement, as the app's presenter does, not the
    // figure pooled over all powers (0.68 here while each power's is 0.32 or less).
    let by_power = class.agreement_by_power_line().expect("alpha per power");
    let want = [
        format!("bands={}", map.powers.len()),
        format!("fans={}", map.powers.len()),
        format!("legend=Class of 5 readings · {by_power}"),
        format!(
            "evidence=Class: median {}, middle half {} to {}, lowest {}, highest {} (5 of 5 readings)",
            signed(spread.median),
            signed(spread.q1),
            signed(spread.q3),
            signed(spread.min),
            signed(spread.max)
        ),
        // With the class shown, only the selected power keeps its confidence band.
        format!("confidence={}", eu.id.0),
    ]
    .join(";");
    let got = probe_result(&dom);
    let (rest, arrow) = got.split_once(";arrow=").expect("the arrow's label");
    let (arrow, evidence) = arrow.split_once(';').expect("the evidence");
    assert_eq!(format!("{rest};{evidence}"), want);
    let label_start = format!("{}, {}, ", eu.name, signed(first.strength));
    assert!(arrow.starts_with(&label_start), "{arrow}");
    assert!(
        arrow.ends_with(&format!(
            " confidence, class median {}",
            signed(spread.median)
        )) || arrow.ends_with(&format!(", class median {}", signed(spread.median))),
        "{arrow}"
    );
    assert_eq!(arrow.matches("class median").count(), 1, "{arrow}");
}

/// The analyst's confidence bands on the timeline, as the app draws them: around each judged
/// keyframe the band reaches value ± the confidence's half-width (clamped to −1…+1) and no
/// further; none where nothing is judged (an exercise); with a class shown, only the selected
/// power's.
#[test]
fn the_timeline_draws_the_confidence_bands_as_the_app_does() {
    const PROBE: &str = r#"(function () {
  const map = JSON.parse(document.getElementById("map-data").textContent);
  const half = { Low: 0.25, Medium: 0.12, High: 0.05 };
  const PX = (340 - 14 - 30) / 2; // the timeline's pixels per unit of strength
  const out = [];
  const bands = () => [...document.querySelectorAll("path.confidence-band")].filter((b) => b.getAttribute("display") !== "none");
  out.push("bands=" + bands().length);
  let checked = 0, wrong = [];
  for (const band of bands()) {
    const id = band.getAttribute("data-power");
    const power = map.powers.find((p) => p.id === id);
    for (const k of power.track) {
      const c = document.querySelector("circle.keyframe[data-power='" + id + "'][data-date='" + k.date + "']");
      const x = Number(c.getAttribute("cx")) + 0.2, y = Number(c.getAttribute("cy"));
      const w = half[k.confidence || "Medium"];
      const top = y - (Math.min(k.strength + w, 1) - k.strength) * PX;
      const bottom = y + (k.strength - Math.max(k.strength - w, -1)) * PX;
      const inside = (yy) => band.isPointInFill(new DOMPoint(x, yy));
      const ok = inside(top + 1) && inside(bottom - 1) && (top < 16 || !inside(top - 2)) && (bottom > 308 || !inside(bottom + 2));
      checked++;
      if (!ok) wrong.push(id + "@" + k.date);
    }
  }
  out.push("checked=" + checked);
  out.push("wrong=" + wrong.join(","));
  document.body.setAttribute("data-probe", out.join(";"));
})();"#;
    let map = article_map().expect("the article's map loads");
    let Some(dom) = chromium_dom(&page_with_probe(&web_page(&map), PROBE), "web-bands") else {
        return;
    };
    let keyframes: usize = map.powers.iter().map(|p| p.track.len()).sum();
    assert_eq!(
        probe_result(&dom),
        format!("bands={};checked={keyframes};wrong=", map.powers.len())
    );
    // An exercise has nothing judged, so no band.
    let exercise = stance_map::model::exercise::make_exercise(&map);
    let dom = chromium_dom(
        &page_with_probe(&web_page(&exercise), PROBE),
        "web-bands-ex",
    )
    .expect("the browser ran before");
    assert_eq!(probe_result(&dom), "bands=0;checked=0;wrong=");
}
