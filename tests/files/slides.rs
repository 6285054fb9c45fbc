//! Slides without a window: the CPU rasteriser, `export --frames/--png/--svg`, and the SVG's
//! well-formedness and escaping.

use crate::common::temp_dir;

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::{Color32, Rect, pos2};
use stance_map::article::article_map;
use stance_map::cli::{self, ExportArgs};
use stance_map::model::{Date, Dimension, Evidence, Role, SourceId, StanceMap, StoryStep};
use stance_map::slides::{self, Image, compass_svg, render_ui_to_rgba};

/// The article's map, with a 3-step story added should the shipped one ever be empty.
fn map_with_story() -> StanceMap {
    let mut map = article_map().expect("the article's map loads");
    if map.story.is_empty() {
        let quote = Evidence {
            quote: "a quote".to_owned(),
            source: map.sources[0].id.clone(),
            locator: String::new(),
            dimension: Dimension::Political,
            role: stance_map::model::Role::Supports,
        };
        map.story = (0..3)
            .map(|i| StoryStep {
                date: Date::year(2000 + i * 5),
                title: format!("Step {}", i + 1),
                caption: "A caption.".to_owned(),
                focus: Vec::new(),
                quotes: vec![quote.clone()],
                duration_s: None,
                notes: String::new(),
                indicators: Vec::new(),
            })
            .collect();
    }
    map
}

/// Write `map` where the command line can read it.
fn map_file(dir: &Path, map: &StanceMap) -> PathBuf {
    let path = dir.join("map.ron");
    stance_map::storage::save_path(map, &path).expect("the map saves");
    path
}

fn decode_png(path: &Path) -> Image {
    let bytes = std::fs::read(path).expect("the PNG is there");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buffer).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buffer.truncate(info.buffer_size());
    Image {
        width: info.width,
        height: info.height,
        rgba: buffer,
    }
}

fn close(a: [u8; 4], b: [u8; 4]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 2)
}

#[test]
fn a_filled_rect_lands_on_its_pixels() {
    let red = Color32::from_rgb(200, 30, 40);
    for ppp in [1.0, 2.0] {
        let size = [(40.0 * ppp) as u32, (30.0 * ppp) as u32];
        let image = render_ui_to_rgba(size, ppp, false, |ui| {
            ui.painter().rect_filled(
                Rect::from_min_max(pos2(10.0, 5.0), pos2(20.0, 15.0)),
                0.0,
                red,
            );
        })
        .expect("a headless frame draws");
        assert_eq!((image.width, image.height), (size[0], size[1]));
        assert_eq!(image.rgba.len(), (size[0] * size[1] * 4) as usize);
        let background = image.pixel(0, 0).expect("a corner pixel");
        assert_eq!(background[3], 255, "the image is opaque");
        let scale = |v: f32| (v * ppp) as u32;
        for y in 0..size[1] {
            for x in 0..size[0] {
                let inside = (scale(10.0)..scale(20.0)).contains(&x)
                    && (scale(5.0)..scale(15.0)).contains(&y);
                let expected = if inside {
                    [200, 30, 40, 255]
                } else {
                    background
                };
                let got = image.pixel(x, y).expect("a pixel");
                assert!(
                    close(got, expected),
                    "ppp {ppp}: pixel ({x}, {y}) is {got:?}, not {expected:?}"
                );
            }
        }
    }
}

#[test]
fn translucent_shapes_blend_over_the_background() {
    let blue = Color32::from_rgba_unmultiplied(0, 0, 255, 128);
    let image = render_ui_to_rgba([20, 20], 1.0, true, |ui| {
        ui.painter().rect_filled(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 20.0)),
            0.0,
            blue,
        );
    })
    .expect("a headless frame draws");
    let background = image.pixel(15, 10).expect("a pixel");
    let [_, _, b, a] = blue.to_array();
    let keep = 1.0 - f32::from(a) / 255.0;
    let expected = [
        (f32::from(background[0]) * keep).round() as u8,
        (f32::from(background[1]) * keep).round() as u8,
        (f32::from(b) + f32::from(background[2]) * keep).round() as u8,
        255,
    ];
    assert!(
        close(image.pixel(5, 10).expect("a pixel"), expected),
        "{:?} vs {expected:?}",
        image.pixel(5, 10)
    );
}

#[test]
fn text_makes_ink() {
    let image = render_ui_to_rgba([160, 40], 1.0, false, |ui| {
        ui.painter().text(
            pos2(4.0, 20.0),
            egui::Align2::LEFT_CENTER,
            "Hello, Beograd",
            egui::FontId::proportional(20.0),
            Color32::BLACK,
        );
    })
    .expect("a headless frame draws");
    let background = image.pixel(159, 0).expect("a pixel");
    let ink = image
        .rgba
        .chunks_exact(4)
        .filter(|p| p[0] < background[0] / 2)
        .count();
    let grey = image
        .rgba
        .chunks_exact(4)
        .filter(|p| p[0] >= background[0] / 2 && p[0] < background[0])
        .count();
    assert!(ink > 100, "{ink} dark pixels");
    // Glyph edges are anti-aliased: some pixels are between ink and paper.
    assert!(grey > 20, "{grey} grey pixels");
}

#[test]
fn bad_sizes_are_refused() {
    assert!(matches!(
        render_ui_to_rgba([0, 10], 1.0, false, |_| {}),
        Err(slides::SlideError::Size { .. })
    ));
    assert!(render_ui_to_rgba([10, 10], f32::NAN, false, |_| {}).is_err());
    assert!(render_ui_to_rgba([10, 10], 0.0, false, |_| {}).is_err());
}

#[test]
fn frames_writes_one_png_per_story_step() {
    let map = map_with_story();
    let steps = map.story.len();
    let dir = temp_dir("frames");
    let file = map_file(&dir, &map);
    let frames = dir.join("out").join("frames");
    let args = ExportArgs {
        file,
        frames: Some(frames.clone()),
        size: Some("320x180".to_owned()),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    let started = Instant::now();
    let ok = cli::export(&args, &mut out);
    let elapsed = started.elapsed();
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(ok, "{out}");
    println!(
        "export --frames: {steps} frames of 320x180 in {elapsed:?}, {:.0} ms per frame",
        elapsed.as_secs_f64() * 1000.0 / steps as f64
    );

    let mut names: Vec<String> = std::fs::read_dir(&frames)
        .expect("the folder was created")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let expected: Vec<String> = (1..=steps).map(|i| format!("step-{i:02}.png")).collect();
    assert_eq!(names, expected);
    for name in &names {
        let image = decode_png(&frames.join(name));
        assert_eq!((image.width, image.height), (320, 180), "{name}");
        // Not a blank page: the compass and the words are drawn.
        let first = image.pixel(0, 0).expect("a pixel");
        let drawn = image
            .rgba
            .chunks_exact(4)
            .filter(|p| p[..3] != first[..3])
            .count();
        assert!(drawn > 2000, "{name}: only {drawn} pixels drawn");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn png_of_one_step_and_its_errors() {
    let map = map_with_story();
    let dir = temp_dir("png");
    let file = map_file(&dir, &map);
    let png = dir.join("step.png");
    let args = |step: &str, size: Option<&str>| ExportArgs {
        file: file.clone(),
        step: Some(step.to_owned()),
        png: Some(png.clone()),
        size: size.map(str::to_owned),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    assert!(cli::export(&args("2", Some("200x120")), &mut out));
    let image = decode_png(&png);
    assert_eq!((image.width, image.height), (200, 120));

    let steps = map.story.len();
    let mut out = Vec::new();
    assert!(!cli::export(
        &args(&(steps + 1).to_string(), None),
        &mut out
    ));
    let message = String::from_utf8(out).expect("UTF-8");
    assert!(message.contains(&format!("{steps} steps")), "{message}");
    for (step, size) in [
        ("0", None),
        ("two", None),
        ("1", Some("10x10")),
        ("1", Some("9000x100")),
        ("1", Some("big")),
    ] {
        let mut out = Vec::new();
        assert!(!cli::export(&args(step, size), &mut out), "{step} {size:?}");
        let message = String::from_utf8(out).expect("UTF-8");
        assert!(message.starts_with("error: "), "{message}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A minimal XML well-formedness check: one root, balanced and properly nested tags, quoted
/// attributes without repeats, and text and attribute values with only the five named
/// entities or numeric ones. Returns the character data (unescaped), one string per text run.
fn check_xml(xml: &str) -> Result<Vec<String>, String> {
    fn unescape(text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['&', '<']) {
            out.push_str(&rest[..at]);
            if rest[at..].starts_with('<') {
                return Err(format!("a raw < in {text:?}"));
            }
            let end = rest[at..]
                .find(';')
                .ok_or_else(|| format!("an unterminated entity in {text:?}"))?;
            let entity = &rest[at + 1..at + end];
            out.push(match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("a bad entity &{e};"))?,
                e if e.starts_with('#') => e[1..]
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("a bad entity &{e};"))?,
                e => return Err(format!("an unknown entity &{e};")),
            });
            rest = &rest[at + end + 1..];
        }
        out.push_str(rest);
        if out
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            return Err(format!("a control character in {text:?}"));
        }
        Ok(out)
    }

    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = unescape(&rest[..open])?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        if !text.trim().is_empty() {
            texts.push(text);
        }
        let close = rest[open..].find('>').ok_or("an unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(top) if top == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        {
            return Err(format!("a bad tag name {name:?}"));
        }
        // Attributes: name="value", each name once.
        let mut attributes = &tag[name_end..];
        let mut seen = std::collections::BTreeSet::new();
        loop {
            attributes = attributes.trim_start();
            if attributes.is_empty() {
                break;
            }
            let eq = attributes
                .find('=')
                .ok_or_else(|| format!("an attribute without a value in <{name}>"))?;
            let key = attributes[..eq].trim();
            if !seen.insert(key.to_owned()) {
                return Err(format!("attribute {key} given twice in <{name}>"));
            }
            let value = attributes[eq + 1..]
                .strip_prefix('"')
                .ok_or_else(|| format!("{key} is not quoted"))?;
            let end = value
                .find('"')
                .ok_or_else(|| format!("{key} is not closed"))?;
            unescape(&value[..end])?;
            attributes = &value[end + 1..];
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_owned());
        }
    }
    if !rest.trim().is_empty() {
        return Err("text after the root".to_owned());
    }
    if !stack.is_empty() {
        return Err(format!("unclosed: {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(texts)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_xml_checker_catches_what_it_should() {
    let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    assert!(check_xml(&format!("{decl}<a><b x=\"1\"/>t &amp; u</a>")).is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a>x < y</a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a x=1/>",
        "<a/><b/>",
        "<a>",
        "<a>&bogus;</a>",
    ] {
        assert!(check_xml(&format!("{decl}{bad}")).is_err(), "{bad}");
    }
}

#[test]
fn svg_is_well_formed_and_has_the_powers_and_quotes() {
    let map = map_with_story();
    let dir = temp_dir("svg");
    let file = map_file(&dir, &map);
    let svg_path = dir.join("compass.svg");
    let step = 3.min(map.story.len());
    let args = ExportArgs {
        file,
        step: Some(step.to_string()),
        svg: Some(svg_path.clone()),
        ..ExportArgs::default()
    };
    let mut out = Vec::new();
    assert!(
        cli::export(&args, &mut out),
        "{}",
        String::from_utf8_lossy(&out)
    );
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG was written");
    let texts = check_xml(&svg).expect("well-formed XML");
    assert!(svg.contains(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1920\" height=\"1080\""
    ));
    let all_text = collapse(&texts.join(" "));
    for power in &map.powers {
        assert!(
            texts.iter().any(|t| t == &power.name),
            "{} is missing",
            power.name
        );
    }
    let story_step = &map.story[step - 1];
    assert!(
        !story_step.quotes.is_empty(),
        "the step has a quote to look for"
    );
    for quote in &story_step.quotes {
        assert!(
            all_text.contains(&collapse(&slides::quoted(&quote.quote))),
            "{} is missing",
            quote.quote
        );
        assert!(
            all_text.contains(&map.citation(quote)),
            "the citation is missing"
        );
    }
    assert!(all_text.contains(&collapse(&story_step.title)));
    assert!(all_text.contains(&story_step.date.to_string()));
    assert!(all_text.contains(&format!("{step} / {}", map.story.len())));
    // The same map gives the same bytes.
    assert_eq!(svg, compass_svg(&map, Some(step - 1), [1920, 1080]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_text_is_escaped_in_svg() {
    let mut map = map_with_story();
    map.title = "Tom & Jerry's \"map\"".to_owned();
    map.subject = "<b>Serbia</b>".to_owned();
    map.powers[0].name = "<script>alert('x')</script>".to_owned();
    map.powers[1].color = "\"/><script>".to_owned();
    let step = &mut map.story[0];
    step.title = "gnp\u{202E}.exe & <i>".to_owned();
    step.caption = "bell\u{7} and ]]> and \u{0}nul".to_owned();
    step.quotes = vec![Evidence {
        quote: "</text></svg><svg onload=\"x\">".to_owned(),
        source: SourceId("missing & <gone>".to_owned()),
        locator: String::new(),
        dimension: Dimension::Political,
        role: stance_map::model::Role::Supports,
    }];
    for size in [[1920, 1080], [600, 900]] {
        let svg = compass_svg(&map, Some(0), size);
        let texts = check_xml(&svg).expect("well-formed XML");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<b>") && !svg.contains("<i>") && !svg.contains("onload=\""));
        assert!(!svg.contains('\u{202E}') && !svg.contains('\u{7}') && !svg.contains('\u{0}'));
        let all_text = texts.join(" ");
        assert!(
            all_text.contains("<script>alert('x')</script>"),
            "the name is shown as text"
        );
        assert!(all_text.contains("Tom & Jerry's \"map\""));
        assert!(
            all_text.contains("{U+202E}"),
            "the override is shown, not obeyed"
        );
        assert!(
            svg.contains("fill=\"#808080\""),
            "a bad colour becomes grey"
        );
    }
    // The PNG slide draws the same words without trouble.
    let image = slides::render_step(&map, 0, [192, 108]).expect("the slide draws");
    assert_eq!(image.rgba.len(), 192 * 108 * 4);
}

#[test]
fn long_words_stay_on_the_page() {
    let mut map = map_with_story();
    let long = "word ".repeat(400);
    let step = &mut map.story[0];
    step.title = long.clone();
    step.caption = long.clone();
    for quote in &mut step.quotes {
        quote.quote.clone_from(&long);
    }
    step.quotes.extend(step.quotes.clone());
    for size in [[1920_u32, 1080_u32], [1080, 1920], [640, 360]] {
        let svg = compass_svg(&map, Some(0), size);
        check_xml(&svg).expect("well-formed XML");
        for piece in svg.split("<text ").skip(1) {
            let y: f64 = piece
                .split("y=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|y| y.parse().ok())
                .expect("a text has a y");
            assert!(
                (0.0..=f64::from(size[1])).contains(&y),
                "{size:?}: text at y {y}"
            );
        }
    }
    // The slide shrinks and cuts the words rather than failing.
    let image = slides::render_step(&map, 0, [320, 180]).expect("the slide draws");
    assert_eq!((image.width, image.height), (320, 180));
}

#[test]
fn an_empty_story_still_draws_the_map() {
    let mut map = article_map().expect("the article's map loads");
    map.story.clear();
    let image = slides::render_step(&map, 0, [192, 108]).expect("the map draws");
    let first = image.pixel(0, 0).expect("a pixel");
    assert!(
        image
            .rgba
            .chunks_exact(4)
            .filter(|p| p[..3] != first[..3])
            .count()
            > 500
    );
    let svg = compass_svg(&map, None, [800, 600]);
    let texts = check_xml(&svg).expect("well-formed XML");
    assert!(
        texts.iter().any(|t| t.contains("Serbia between")),
        "the map's title is shown"
    );
}

#[test]
fn the_binary_exports_without_a_display_and_exits_like_check() {
    let map = map_with_story();
    let dir = temp_dir("binary");
    let file = map_file(&dir, &map);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"))
            .arg("export")
            .arg(&file)
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("the binary runs")
    };
    let svg = dir.join("c.svg");
    let svg = svg.to_str().expect("a UTF-8 path");
    let ok = run(&["--step", "1", "--svg", svg, "--size", "800x600"]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let out_of_range = run(&["--step", "999", "--svg", svg]);
    assert_eq!(out_of_range.status.code(), Some(1));
    let message = String::from_utf8_lossy(&out_of_range.stdout);
    assert!(
        message.contains(&format!("{} steps", map.story.len())),
        "{message}"
    );
    assert_eq!(
        run(&["--step", "1", "--svg", svg, "--size", "32x32"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(run(&["--png", "x.png"]).status.code(), Some(2));
    assert_eq!(run(&["--step", "1"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A story quote that does not simply support the step's point says so on its card, after the
/// citation; one that supports carries no role.
#[test]
fn a_story_quote_that_does_not_support_carries_its_role_on_the_slide() {
    let mut map = map_with_story();
    map.story[0].quotes.truncate(1);
    let citation = map.citation(&map.story[0].quotes[0]);
    let card_text = |map: &StanceMap| {
        let svg = compass_svg(map, Some(0), [1920, 1080]);
        collapse(&check_xml(&svg).expect("well-formed XML").join(" "))
    };
    let supporting = card_text(&map);
    assert!(supporting.contains(&citation), "{supporting}");
    assert!(!supporting.contains("· supports"), "{supporting}");

    for role in [Role::Contradicts, Role::Qualifies] {
        map.story[0].quotes[0].role = role;
        let text = card_text(&map);
        assert!(
            text.contains(&format!("{citation} · {}", role.label())),
            "{role:?}: {text}"
        );
    }
}

/// Two powers with one keyframe each in 2010 and a step there: North at Low with a quote
/// against it, East at High with one for it.
fn contested_map() -> StanceMap {
    use stance_map::model::{Confidence, Interpolation, Keyframe, Power, PowerId, Role};
    let quote = |role| Evidence {
        quote: "a quote".to_owned(),
        source: SourceId("s".to_owned()),
        locator: String::new(),
        dimension: Dimension::Political,
        role,
    };
    let power = |id: &str, bearing_deg, confidence, roles: Vec<Role>| Power {
        id: PowerId(id.to_owned()),
        name: id.to_owned(),
        color: "#1f4e9c".to_owned(),
        bearing_deg,
        track: vec![Keyframe {
            unjudged: false,
            date: Date::year(2010),
            strength: 0.5,
            confidence,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: roles.into_iter().map(quote).collect(),
        }],
    };
    let mut map = StanceMap::empty();
    map.powers = vec![
        power(
            "North",
            0.0,
            Confidence::Low,
            vec![Role::Supports, Role::Contradicts],
        ),
        power("East", 90.0, Confidence::High, vec![Role::Supports]),
    ];
    let step = |year| StoryStep {
        date: Date::year(year),
        title: "A step".to_owned(),
        caption: String::new(),
        focus: Vec::new(),
        quotes: Vec::new(),
        duration_s: None,
        notes: String::new(),
        indicators: Vec::new(),
    };
    map.story = vec![step(2010), step(2012)];
    map
}

/// The length of each confidence band's body in the SVG, in order.
fn band_lengths(svg: &str) -> Vec<f64> {
    svg.split("<g class=\"band\"")
        .skip(1)
        .map(|group| {
            let attr = |name: &str| -> f64 {
                let from = group.find(&format!(" {name}=\"")).expect("a line") + name.len() + 3;
                let to = group[from..].find('"').expect("a closing quote") + from;
                group[from..to].parse().expect("a number")
            };
            (attr("x2") - attr("x1")).hypot(attr("y2") - attr("y1"))
        })
        .collect()
}

#[test]
fn the_svg_marks_a_contested_value_and_draws_the_confidence_band_it_explains() {
    use stance_map::model::band::{BAND_LEGEND, CONTESTED_LEGEND};
    let map = contested_map();
    let svg = compass_svg(&map, Some(0), [1200, 800]);
    let texts = check_xml(&svg).expect("well-formed XML");
    // On the contested keyframe's step, one mark: North's, not East's.
    assert_eq!(svg.matches("<g class=\"contested\">").count(), 1, "{svg}");
    assert!(texts.iter().any(|t| t == BAND_LEGEND), "{texts:?}");
    assert!(texts.iter().any(|t| t == CONTESTED_LEGEND), "{texts:?}");
    // Each power's band, Low (±0.25) five times as long as High (±0.05).
    let lengths = band_lengths(&svg);
    assert_eq!(lengths.len(), 2, "{lengths:?}");
    assert!((lengths[0] / lengths[1] - 5.0).abs() < 0.05, "{lengths:?}");
    // Between keyframes the value is only carried: no mark, the band still drawn.
    let later = compass_svg(&map, Some(1), [1200, 800]);
    assert!(!later.contains("class=\"contested\""));
    assert!(
        !check_xml(&later)
            .expect("well-formed XML")
            .iter()
            .any(|t| t == CONTESTED_LEGEND)
    );
    assert_eq!(band_lengths(&later).len(), 2);
    // The PNG slide draws the app's compass, mark and legend line and all: without the quote
    // against North, they are gone.
    let mut agreed = map.clone();
    agreed.powers[0].track[0].evidence[1].role = stance_map::model::Role::Supports;
    let png = |map: &StanceMap| slides::render_step(map, 0, [960, 540]).expect("the slide draws");
    let (marked, plain) = (png(&map), png(&agreed));
    let differing = marked
        .rgba
        .chunks_exact(4)
        .zip(plain.rgba.chunks_exact(4))
        .filter(|(a, b)| a != b)
        .count();
    assert!(differing > 100, "{differing} pixels differ");
}

/// The attribute `name` of an SVG element's opening tag `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The compass texts of class `class` in `svg`: their box, as the SVG estimates bold text
/// ([`slides::bold_text_size`]), from their position, anchor and baseline.
fn text_boxes(svg: &str, class: &str) -> Vec<(String, Rect)> {
    let mut boxes = Vec::new();
    for piece in svg.split("<text ").skip(1) {
        let Some((tag, rest)) = piece.split_once('>') else {
            continue;
        };
        let tag = &format!(" {tag}");
        if attribute(tag, "class") != Some(class) {
            continue;
        }
        let text = rest.split('<').next().unwrap_or_default().to_owned();
        let number = |n: &str| attribute(tag, n).unwrap().parse::<f64>().unwrap();
        let (x, y, font) = (number("x"), number("y"), number("font-size"));
        let size = slides::bold_text_size(&text, font);
        let left = match attribute(tag, "text-anchor") {
            Some("middle") => x - size.x / 2.0,
            Some("end") => x - size.x,
            _ => x,
        };
        // From the cap height above the baseline to the descenders below it.
        let bounds = Rect::from_min_max(
            pos2(left as f32, (y - font * 0.8) as f32),
            pos2((left + size.x) as f32, (y + font * 0.2) as f32),
        );
        boxes.push((text, bounds));
    }
    boxes
}

/// Every power at the outer ring or near it, toward or away: the SVG's values and the net
/// tilt's label (estimated in bold, wide: [`slides::BOLD_CHAR_WIDTH_EM`]) never cover a name
/// or one another.
#[test]
fn svg_values_keep_clear_of_names_and_each_other() {
    let date = Date::year(2009);
    for strengths in [
        [1.0, 1.0, 1.0, 1.0],
        [-1.0, -1.0, -1.0, -1.0],
        [0.85, 0.85, 0.85, 0.85],
        [-0.85, -0.85, -0.85, -0.85],
        [1.0, -1.0, 0.85, -0.85],
    ] {
        let mut map = article_map().unwrap();
        map.story.truncate(1);
        map.story[0].date = date;
        for (power, strength) in map.powers.iter_mut().zip(strengths) {
            for keyframe in &mut power.track {
                keyframe.strength = strength;
            }
        }
        for size in [[1920, 1080], [1080, 1080], [1080, 1920], [800, 600]] {
            let svg = compass_svg(&map, Some(0), size);
            let mut values = text_boxes(&svg, "value");
            let names = text_boxes(&svg, "name");
            assert_eq!((values.len(), names.len()), (4, 4), "{size:?}");
            // The net tilt's label keeps clear of them too.
            values.extend(text_boxes(&svg, "net-tilt"));
            assert_eq!(values.len(), 5, "{size:?}");
            for (i, (value, at)) in values.iter().enumerate() {
                for (name, name_at) in &names {
                    assert!(
                        !at.intersects(*name_at),
                        "{size:?} {strengths:?}: {value} {at:?} covers {name} {name_at:?}"
                    );
                }
                for (other, other_at) in &values[..i] {
                    assert!(
                        !at.intersects(*other_at),
                        "{size:?} {strengths:?}: {value} and {other} overlap"
                    );
                }
            }
        }
    }
}

/// A number attribute of an SVG element's opening tag.
fn attr(tag: &str, name: &str) -> Option<f64> {
    format!(" {tag}")
        .split(&format!(" {name}=\""))
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()
}

/// Each `<text>` of an SVG: its opening tag's attributes and its (still escaped) text.
fn svg_texts(svg: &str) -> Vec<(String, String)> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|piece| {
            let (tag, rest) = piece.split_once('>')?;
            let (text, _) = rest.split_once("</text>")?;
            Some((tag.to_owned(), text.to_owned()))
        })
        .collect()
}

/// The step whose long title ran off the SVG's right edge.
fn watersheds_step(map: &StanceMap) -> usize {
    map.story
        .iter()
        .position(|s| s.title.starts_with("Two watersheds"))
        .expect("the article's story has the 2008 step")
}

/// SVG 1.1 cannot wrap: the step's title is broken into lines that each end inside the page,
/// as the PNG wraps it, on a wide and a square page.
#[test]
fn the_svg_title_is_wrapped_inside_the_page() {
    let map = article_map().expect("the article's map loads");
    let index = watersheds_step(&map);
    let title = &map.story[index].title;
    for size in [[1920_u32, 1080_u32], [1280, 720], [1080, 1080]] {
        let wide = size[0] > size[1];
        let svg = compass_svg(&map, Some(index), size);
        let words = svg.split("<g id=\"words\">").nth(1).expect("the words");
        let lines: Vec<(String, String)> = svg_texts(words)
            .into_iter()
            .filter(|(tag, text)| {
                tag.contains("bold") && title.contains(text.trim_end_matches('…'))
            })
            .collect();
        // On a wide page the title shares the width with the compass: it takes two lines.
        assert!(
            !lines.is_empty() && (lines.len() >= 2 || !wide),
            "{size:?}: {lines:?}"
        );
        let joined: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(&joined.join(" "), title, "{size:?}");
        for (tag, text) in &lines {
            let x = attr(tag, "x").expect("an x");
            let font = attr(tag, "font-size").expect("a size");
            let end = x + stance_map::model::story_text::text_width_em(text, true) * font;
            assert!(
                end <= f64::from(size[0]),
                "{size:?}: {text:?} ends at {end}"
            );
        }
    }
}

/// The SVG's legend has every line the window's and the PNG's legend has: the arrow styles,
/// the net tilt, the band, the contested mark (step 3 has one) and the trail.
#[test]
fn the_svg_legend_has_every_line() {
    let map = article_map().expect("the article's map loads");
    let index = watersheds_step(&map);
    let date = map.story[index].date.to_year_f64();
    let contested = map.powers.iter().any(|p| {
        p.keyframe_at(date)
            .is_some_and(stance_map::model::Keyframe::is_contested)
    });
    assert!(contested, "the step shows a contested value");
    let legend = stance_map::model::band::compass_legend(5.0, false, contested);
    assert!(legend.len() >= 6, "{legend:?}");
    for size in [[1920_u32, 1080_u32], [1080, 1080], [1080, 1920]] {
        let svg = compass_svg(&map, Some(index), size);
        let texts = check_xml(&svg).expect("well-formed XML");
        for line in &legend {
            assert!(texts.contains(line), "{size:?}: {line:?} is missing");
        }
        assert!(
            svg.contains("<g id=\"trail\">"),
            "the trail the legend names is drawn"
        );
    }
}

/// The largest share of `height` that no interval covers between 0 and `height`.
fn largest_gap(mut spans: Vec<(f64, f64)>, height: f64) -> f64 {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut covered = 0.0_f64;
    let mut gap = 0.0_f64;
    for (top, bottom) in spans {
        gap = gap.max(top - covered);
        covered = covered.max(bottom);
    }
    gap.max(height - covered) / height
}

/// A square slide lays the words above the compass and the compass fills the rest: no wide
/// empty band across the page, PNG or SVG, and the drawing reaches near both edges.
#[test]
fn a_square_slide_fills_its_height() {
    let map = article_map().expect("the article's map loads");
    let index = watersheds_step(&map);
    let limit = 0.1;

    let image = slides::render_step(&map, index, [1080, 1080]).expect("the slide draws");
    let background = image.pixel(0, 0).expect("a corner");
    let inked: Vec<(f64, f64)> = (0..image.height)
        .filter(|&y| (0..image.width).any(|x| image.pixel(x, y) != Some(background)))
        .map(|y| (f64::from(y), f64::from(y + 1)))
        .collect();
    let gap = largest_gap(inked, f64::from(image.height));
    assert!(
        gap < limit,
        "PNG: an empty band of {:.0} % of the height",
        gap * 100.0
    );

    let svg = compass_svg(&map, Some(index), [1080, 1080]);
    let mut spans: Vec<(f64, f64)> = svg_texts(&svg)
        .iter()
        .filter_map(|(tag, _)| {
            let (y, font) = (attr(tag, "y")?, attr(tag, "font-size")?);
            Some((y - font, y))
        })
        .collect();
    spans.extend(svg.split("<circle ").skip(1).filter_map(|tag| {
        let (cy, r) = (attr(tag, "cy")?, attr(tag, "r")?);
        Some((cy - r, cy + r))
    }));
    let gap = largest_gap(spans, 1080.0);
    assert!(
        gap < limit,
        "SVG: an empty band of {:.0} % of the height",
        gap * 100.0
    );
}

/// A step slide names the events at the step's date on a line under the date, in the SVG and
/// in the PNG.
#[test]
fn a_step_slide_names_the_events_at_its_date() {
    let map = stance_map::article::article_map().unwrap();
    let step = map
        .story
        .iter()
        .position(|s| s.title == "NATO bombs Belgrade")
        .unwrap();
    let svg = compass_svg(&map, Some(step), [1920, 1080]);
    let texts = check_xml(&svg).expect("well-formed XML");
    let all_text = collapse(&texts.join(" "));
    assert!(
        all_text.contains("⚑ NATO bombing of Belgrade · Russia backs Serbia on Kosovo at the UN"),
        "{all_text}"
    );
    let mut quiet = map.clone();
    quiet.events.retain(|e| e.date.year != 1999);
    let svg = compass_svg(&quiet, Some(step), [1920, 1080]);
    assert!(!svg.contains("⚑") && !svg.contains("class=\"events\""));

    // The PNG: without the events the slide is drawn otherwise identically, so any
    // difference is the events' line (and what it moved).
    let png = |map: &stance_map::model::StanceMap| {
        render_ui_to_rgba([960, 540], 1.0, false, |ui| {
            slides::draw_step_slide(ui, map, step);
        })
        .unwrap()
        .rgba
    };
    assert!(png(&map) != png(&quiet));
}

/// The "≠" of a contested value never covers a value or a name in the SVG, at every story step
/// of the article's map and every page shape (the EU's +0.10 in 2008 once had it printed over
/// it).
#[test]
fn svg_contested_marks_keep_clear_of_values_and_names() {
    let article = article_map().unwrap();
    // And every value contested, one quote against it.
    let mut contested = article.clone();
    for keyframe in contested.powers.iter_mut().flat_map(|p| &mut p.track) {
        keyframe.evidence.truncate(1);
        keyframe.evidence[0].role = stance_map::model::Role::Contradicts;
    }
    let mut marks_seen = 0;
    for (map, step) in (0..article.story.len())
        .map(|step| (&article, step))
        .chain((0..contested.story.len()).map(|step| (&contested, step)))
    {
        for size in [[1920, 1080], [1080, 1080], [1080, 1920], [800, 600]] {
            let svg = compass_svg(map, Some(step), size);
            let texts: Vec<(String, Rect)> = text_boxes(&svg, "value")
                .into_iter()
                .chain(text_boxes(&svg, "name"))
                .collect();
            for group in svg.split("<g class=\"contested\">").skip(1) {
                let circle = group.split("<circle ").nth(1).unwrap();
                let tag = &format!(" {}", circle.split('>').next().unwrap());
                let number = |n: &str| attribute(tag, n).unwrap().parse::<f64>().unwrap();
                let (cx, cy, r) = (number("cx"), number("cy"), number("r"));
                let mark = Rect::from_min_max(
                    pos2((cx - r) as f32, (cy - r) as f32),
                    pos2((cx + r) as f32, (cy + r) as f32),
                );
                marks_seen += 1;
                for (text, at) in &texts {
                    assert!(
                        !mark.intersects(*at),
                        "step {} {size:?}: the mark {mark:?} covers {text} {at:?}",
                        step + 1
                    );
                }
            }
        }
    }
    assert!(marks_seen >= 100, "{marks_seen} marks");
}

/// [`map_with_story`] with a measured series for the EU (62% at the first step's date, so the
/// compass shows it there), named by the first step only, under `name`.
fn map_with_indicator(name: &str) -> StanceMap {
    use stance_map::model::{Closer, Indicator, IndicatorId, IndicatorPoint, PowerId, Source};
    let mut map = map_with_story();
    map.sources.push(Source {
        id: SourceId("isac".into()),
        author: "ISAC Fund".into(),
        year: Some(2021),
        entry: "ISAC Fund, annual report.".into(),
        url: String::new(),
        accessed: String::new(),
    });
    map.indicators.push(Indicator {
        id: IndicatorId("isac".into()),
        name: name.to_owned(),
        unit: "%".into(),
        power: PowerId("eu".into()),
        closer: Closer::Higher,
        low: 0.0,
        high: 100.0,
        method: String::new(),
        points: vec![IndicatorPoint {
            date: map.story[0].date,
            value: 62.0,
            source: SourceId("isac".into()),
            note: String::new(),
            uncertain: false,
        }],
    });
    for step in &mut map.story {
        step.indicators.clear();
    }
    map.story[0].indicators = vec![IndicatorId("isac".into())];
    // The second step at the same date, so only the step's choice differs.
    map.story[1].date = map.story[0].date;
    map
}

/// A point on the page, and a circle (centre x, centre y, radius).
type MarkerAndCompass = ((f64, f64), (f64, f64, f64));

/// The centre of the first measured marker of an SVG, and the compass's centre and radius.
fn measured_marker_and_compass(svg: &str) -> Option<MarkerAndCompass> {
    let group = svg.split("<g id=\"measured\">").nth(1)?;
    let points = group.split("points=\"").nth(1)?.split('"').next()?;
    let xy: Vec<(f64, f64)> = points
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    let n = xy.len() as f64;
    let center = (
        xy.iter().map(|p| p.0).sum::<f64>() / n,
        xy.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let rings = svg.split("<g id=\"rings\">").nth(1)?.split("</g>").next()?;
    let outer = rings
        .split("<circle ")
        .skip(1)
        .filter_map(|c| Some((attr(c, "cx")?, attr(c, "cy")?, attr(c, "r")?)))
        .max_by(|a, b| a.2.total_cmp(&b.2))?;
    Some((center, outer))
}

#[test]
fn the_svg_of_a_step_naming_an_indicator_draws_its_marker_and_legend() {
    let map = map_with_indicator("ISAC alignment");
    let svg = compass_svg(&map, Some(0), [1920, 1080]);
    let texts = check_xml(&svg).expect("well-formed XML");
    assert!(
        texts
            .iter()
            .any(|t| t == "◊ measured (own scale: ISAC alignment 0–100%)"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("62% in")
        && t.contains("measured, not judged")
        && t.contains("ISAC Fund, 2021")));
    // Where an arrow of +0.24 (62% on 0–100%) along the EU's bearing would end.
    let ((x, y), (cx, cy, r)) = measured_marker_and_compass(&svg).expect("a marker");
    let bearing = map
        .powers
        .iter()
        .find(|p| p.id.0 == "eu")
        .unwrap()
        .bearing_deg;
    let (ex, ey) = (
        cx + bearing.to_radians().sin() * 0.24 * r,
        cy - bearing.to_radians().cos() * 0.24 * r,
    );
    assert!(
        (x - ex).abs() < 0.02 && (y - ey).abs() < 0.02,
        "({x}, {y}) should be ({ex}, {ey})"
    );
    // A step that does not name it: no marker, no legend line.
    let other = compass_svg(&map, Some(1), [1920, 1080]);
    assert!(!other.contains("id=\"measured\""));
    assert!(!other.contains("own scale"));
    // The PNG slide passes the step's choice to the compass too: the same date, other pixels.
    let with = slides::render_step(&map, 0, [640, 360]).expect("the slide draws");
    let mut without_map = map.clone();
    without_map.story[0].indicators.clear();
    let without = slides::render_step(&without_map, 0, [640, 360]).expect("the slide draws");
    assert_ne!(with.rgba, without.rgba, "the marker and legend are drawn");
}

#[test]
fn a_hostile_indicator_name_stays_escaped_in_svg() {
    let map = map_with_indicator("<script>x</script> & \u{202E}gnp");
    for size in [[1920, 1080], [600, 900]] {
        let svg = compass_svg(&map, Some(0), size);
        let texts = check_xml(&svg).expect("well-formed XML");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains('\u{202E}'));
        let all = texts.join(" ");
        assert!(all.contains("own scale: <script>x</script> & {U+202E}gnp 0–100%"));
        assert!(all.contains("<script>x</script> & {U+202E}gnp: 62% in"));
    }
    slides::render_step(&map, 0, [192, 108]).expect("the slide draws");
}

#[test]
fn the_svg_legend_with_measured_lines_keeps_clear_of_the_ring() {
    let map = map_with_indicator("ISAC alignment");
    let svg = compass_svg(&map, Some(0), [1920, 1080]);
    let (_, (cx, cy, r)) = measured_marker_and_compass(&svg).expect("a marker");
    let legend = svg.split("<g id=\"legend\">").nth(1).expect("a legend");
    let legend = legend.split("</g>").next().unwrap_or_default();
    let lines = svg_texts(legend);
    assert!(lines.iter().any(|(_, t)| t.contains("own scale")));
    for (tag, text) in lines {
        let (x, y, font) = (
            attr(&tag, "x").unwrap(),
            attr(&tag, "y").unwrap(),
            attr(&tag, "font-size").unwrap(),
        );
        // Regular type, a little narrower than the bold estimate of the names.
        let width = slides::bold_text_size(&text, font).x * 0.85;
        // The point of the line's box nearest the compass's centre lies outside the ring.
        let nx = cx.clamp(x, x + width);
        let ny = cy.clamp(y - font, y);
        let d = (nx - cx).hypot(ny - cy);
        assert!(
            d > r,
            "{text:?} at ({x}, {y}) reaches into the ring ({d} < {r})"
        );
    }
}
