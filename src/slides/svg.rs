//! The compass as SVG: hand-written, well-formed SVG 1.1, the same for the same map.
//!
//! It draws what the app's compass draws (rings at 0.25, 0.5, 0.75 and 1; each power's name at
//! its bearing; one arrow per power, solid with a filled head toward the power or dashed with a
//! hollow head away from it; the net tilt as the mean of the powers' vectors; the subject at
//! the centre, the band of each power's confidence across its tip, and a ring with "≠" by the
//! tip of a contested value, the net tilt's fading trail, and the legend the window shows) and
//! the step's words beside it (above it on a square or tall page, where the compass fills the
//! rest). SVG 1.1 cannot wrap text, so lines are broken by an estimate of the text's width
//! ([`crate::model::story_text::wrap_to_width`]).

use std::fmt::Write as _;

use crate::model::band;
use crate::model::geometry::{self as geo, Side};
use crate::model::indicators::{self, compass_indicators};
use crate::model::story_text::{SLIDE_FITS, SLIDE_TYPE, StepWords, first_fit, wrap_to_width};
use crate::model::{self, StanceMap, format_strength_signed, parse_hex_color};

use super::{SLIDE_SIZE_POINTS, display_text};

/// Opacity of powers out of the step's focus.
const DIMMED_OPACITY: f64 = 0.3;
/// How far the small ring of a zero value keeps off the subject's disc (the app keeps 1 point
/// off; the SVG has always kept 2).
const ZERO_RING_GAP: f64 = 2.0;
/// When even the smallest type does not fit: the most lines of each quote and the caption.
const LAST_RESORT_LINES: usize = 3;
/// The width of an average character of bold type (the names and values on the compass), generously: boxes that keep
/// labels apart must not come out smaller than the text a viewer renders.
pub const BOLD_CHAR_WIDTH_EM: f64 = 0.66;

/// The box a line of bold compass text of `font` takes (width, height), as the SVG estimates it.
pub fn bold_text_size(text: &str, font: f64) -> geo::Point<f64> {
    P {
        x: text.chars().count() as f64 * font * BOLD_CHAR_WIDTH_EM,
        y: font,
    }
}
/// The share of a figure's width kept clear at each side of the compass.
const FIGURE_SIDE_ROOM: f64 = 0.07;
/// Years of the net tilt's trail, as the app draws it unless told otherwise.
const TRAIL_YEARS: f64 = 5.0;
/// Samples of the trail per year, as the app takes them.
const TRAIL_SAMPLES_PER_YEAR: f64 = 12.0;
/// Opacity of the newest part of the trail; it fades to nothing at its oldest end.
const TRAIL_MAX_OPACITY: f64 = 0.7;

const BACKGROUND: &str = "#ffffff";
const TEXT: &str = "#000000";
const WEAK: &str = "#444444";
const RING: &str = "#c8c8c8";
const CARD: &str = "#f2f2f2";
const ACCENT: &str = "#b44600";
const FONT: &str = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";

/// A number with two decimals, never "-0.00", so the output is the same everywhere.
fn num(value: f64) -> String {
    let text = format!("{value:.2}");
    if text == "-0.00" {
        "0.00".to_owned()
    } else {
        text
    }
}

/// The contested mark at the first of `places` clear of `keep_clear` ([`geo::place_mark`]),
/// which then keeps later labels clear of it.
fn place_contested(
    svg: &mut Svg,
    places: &[P],
    radius: f64,
    keep_clear: &mut Vec<geo::Bounds<f64>>,
) {
    let bounds = |at: P| geo::circle_bounds(at, radius);
    if let Some(at) = geo::place_mark(&[places], bounds, keep_clear, &[]) {
        svg.contested(at, radius);
        keep_clear.push(bounds(at));
    }
}

/// The `points` attribute of a polygon or polyline: "x,y x,y …".
fn points_attr(points: &[P]) -> String {
    let points: Vec<String> = points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect();
    points.join(" ")
}

/// Text made safe for XML character data and attribute values, in two steps: cleaned by
/// [`display_text`] (the one cleaner, [`crate::model::display_safe`], on one line), which
/// leaves only characters XML 1.0 allows, then escaped for XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in display_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A power's colour as `#rrggbb`, grey when the map's colour is not valid.
fn color(hex: &str) -> String {
    parse_hex_color(hex).map_or_else(
        || "#808080".to_owned(),
        |[r, g, b]| format!("#{r:02x}{g:02x}{b:02x}"),
    )
}

/// A point on the page.
type P = geo::Point<f64>;

/// Across `dir`, the side nearer the top of the page.
fn up_of(dir: P) -> P {
    let across = dir.rot90();
    if across.y <= 0.0 {
        across
    } else {
        P {
            x: -across.x,
            y: -across.y,
        }
    }
}

/// The screen direction of a compass bearing (y grows downward).
fn direction(bearing_deg: f64) -> P {
    geo::direction(bearing_deg)
}

/// `text-anchor` and a baseline shift that put text on the far side of `pos` along `dir`
/// ([`geo::anchor_toward`], in SVG's terms).
fn anchor_toward(dir: P, font: f64) -> (&'static str, f64) {
    anchor_of(geo::anchor_toward(dir), font)
}

/// `text-anchor` and a baseline shift that put text on the sides of a point that `sides` say.
/// Draw a value label at the first of `places` where it is clear of `keep_clear` (else slid
/// along `slide`), and keep the labels drawn after it clear of it.
#[allow(clippy::too_many_arguments)] // the label, where it may go, and how it looks
fn place_value_label(
    svg: &mut Svg,
    keep_clear: &mut Vec<geo::Bounds<f64>>,
    places: &[geo::LabelPlace<f64>],
    slide: P,
    text: &str,
    font: f64,
    hue: &str,
    attrs: &str,
) {
    let size = bold_text_size(text, font);
    let place = geo::place_label(places, size, keep_clear, slide);
    keep_clear.push(geo::Bounds::anchored(place.0, size, place.1));
    let (anchor, dy) = anchor_of(place.1, font);
    svg.text(
        P {
            x: place.0.x,
            y: place.0.y + dy,
        },
        text,
        font,
        hue,
        anchor,
        attrs,
    );
}

fn anchor_of((across, up_down): (Side, Side), font: f64) -> (&'static str, f64) {
    let anchor = match across {
        Side::Start => "start",
        Side::Middle => "middle",
        Side::End => "end",
    };
    let dy = match up_down {
        Side::Start => font * 0.8,
        Side::Middle => font * 0.35,
        Side::End => 0.0,
    };
    (anchor, dy)
}

/// An SVG being written.
struct Svg {
    out: String,
}

impl Svg {
    fn line(&mut self, a: P, b: P, stroke: &str, width: f64, extra: &str) {
        // Round ends, unless the caller chose others.
        let cap = if extra.contains("stroke-linecap") {
            ""
        } else {
            " stroke-linecap=\"round\""
        };
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{cap}{extra}/>",
            num(a.x),
            num(a.y),
            num(b.x),
            num(b.y),
            num(width)
        );
    }

    fn polygon(&mut self, points: &[P], fill: &str, stroke: &str, width: f64) {
        let _ = writeln!(
            self.out,
            "<polygon points=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
            points_attr(points),
            num(width)
        );
    }

    fn polyline(&mut self, points: &[P], stroke: &str, width: f64) {
        let _ = writeln!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-opacity=\"{}\" stroke-linecap=\"round\"/>",
            points_attr(points),
            num(width),
            num(f64::from(geo::SPAN_ARC_OPACITY))
        );
    }

    /// The mark of a contested value: a ring of the accent colour with "≠" inside.
    fn contested(&mut self, c: P, r: f64) {
        let width = (r * 0.22).max(1.5);
        let _ = writeln!(self.out, "<g class=\"contested\">");
        self.circle(c, r, BACKGROUND, ACCENT, width);
        for [a, b] in geo::contested_mark(c, r) {
            self.line(a, b, ACCENT, width, "");
        }
        let _ = writeln!(self.out, "</g>");
    }

    fn circle(&mut self, c: P, r: f64, fill: &str, stroke: &str, width: f64) {
        let _ = writeln!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(c.x),
            num(c.y),
            num(r),
            num(width)
        );
    }

    /// One line of text; `text` is escaped here.
    fn text(&mut self, at: P, text: &str, size: f64, fill: &str, anchor: &str, extra: &str) {
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
            num(at.x),
            num(at.y),
            num(size),
            escape(text)
        );
    }

    /// Wrapped text from `top`, at most `max_lines` lines (the last ends in "…" when cut);
    /// returns the y below it.
    #[expect(clippy::too_many_arguments, reason = "a private drawing helper")]
    fn paragraph(
        &mut self,
        x: f64,
        top: f64,
        width: f64,
        text: &str,
        size: f64,
        fill: &str,
        max_lines: usize,
        extra: &str,
    ) -> f64 {
        let bold = extra.contains("bold");
        let mut lines = wrap_to_width(text, width / size, bold);
        if lines.len() > max_lines {
            lines.truncate(max_lines.max(1));
            if let Some(last) = lines.last_mut() {
                last.push('…');
            }
        }
        let line_height = size * 1.25;
        let mut y = top;
        for line in &lines {
            y += line_height;
            self.text(
                P {
                    x,
                    y: y - size * 0.25,
                },
                line,
                size,
                fill,
                "start",
                extra,
            );
        }
        y
    }
}

impl Svg {
    /// The date, the events at it (a small line), a bold title and an optional body paragraph
    /// (text and its line limit), from
    /// `at` = `[left, top, width, scale]`; returns the y below them.
    fn heading(
        &mut self,
        at: [f64; 4],
        (date, events): (&str, Option<&str>),
        title: &str,
        title_lines: usize,
        body: Option<(&str, usize)>,
    ) -> f64 {
        let [left, top, column, s] = at;
        let mut y = self.paragraph(left, top, column, date, SLIDE_TYPE.date * s, ACCENT, 1, "");
        if let Some(events) = events {
            // The events at the date, a small line under it (see `StepWords::events`).
            y = self.paragraph(
                left,
                y + 4.0 * s,
                column,
                events,
                SLIDE_TYPE.citation * s,
                WEAK,
                2,
                " class=\"events\"",
            );
        }
        y = self.paragraph(
            left,
            y + 6.0 * s,
            column,
            title,
            SLIDE_TYPE.title * s,
            TEXT,
            title_lines,
            " font-weight=\"bold\"",
        );
        if let Some((text, body_lines)) = body {
            y = self.paragraph(
                left,
                y + 18.0 * s,
                column,
                text,
                SLIDE_TYPE.caption * s,
                TEXT,
                body_lines,
                "",
            );
        }
        y
    }
}

/// The step's words (or the map's title and description) in `area` = `[left, top, width,
/// bottom]` at type scale `s`, and the y below them: `None` when they do not fit, unless
/// `max_lines` cuts each quote and the caption to that many lines (then whatever does not fit
/// is left out). The map's title goes at the area's bottom, or right below the words when
/// `stacked` (the compass below them takes the rest of the page).
fn words_svg(
    words: &StepWords,
    area: [f64; 4],
    s: f64,
    max_lines: Option<usize>,
    stacked: bool,
) -> Option<(String, f64)> {
    let [left, top, column, bottom] = area;
    let footer = SLIDE_TYPE.footer * s;
    let room = bottom - footer * 1.5;
    let lines = |n: usize| max_lines.map_or(n, |m| m.min(n));
    let mut svg = Svg { out: String::new() };
    let mut y = top;
    if let (Some(counter), Some(map_title)) = (&words.counter, &words.footer) {
        y = svg.paragraph(
            left,
            y,
            column,
            counter,
            SLIDE_TYPE.counter * s,
            WEAK,
            1,
            "",
        );
        let body = (!words.caption.trim().is_empty()).then_some((words.caption.as_str(), lines(8)));
        y = svg.heading(
            [left, y, column, s],
            (&words.date, words.events.as_deref()),
            &words.title,
            lines(3),
            body,
        );
        for (quoted, citation) in &words.quotes {
            let pad = SLIDE_TYPE.card_pad * s;
            let card_top = y + SLIDE_TYPE.gap * s;
            let inner = column - 2.0 * pad - 6.0 * s;
            let x = left + pad + 6.0 * s;
            // Measure first, then draw the card behind the text.
            let mut card = Svg { out: String::new() };
            let after_quote = card.paragraph(
                x,
                card_top + pad,
                inner,
                quoted,
                SLIDE_TYPE.quote * s,
                TEXT,
                lines(12),
                "",
            );
            let after_citation = card.paragraph(
                x,
                after_quote + pad * 0.5,
                inner,
                citation,
                SLIDE_TYPE.citation * s,
                WEAK,
                2,
                "",
            );
            let card_bottom = after_citation + pad;
            if card_bottom > room {
                if max_lines.is_some() {
                    break;
                }
                return None;
            }
            let _ = writeln!(
                svg.out,
                "<g class=\"quote\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{CARD}\" stroke=\"#aaaaaa\" stroke-width=\"1\"/>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{ACCENT}\"/>",
                num(left),
                num(card_top),
                num(column),
                num(card_bottom - card_top),
                num(10.0 * s),
                num(left),
                num(card_top + pad * 0.5),
                num(6.0 * s),
                num((card_bottom - card_top - pad).max(0.0)),
                num(3.0 * s)
            );
            svg.out.push_str(&card.out);
            let _ = writeln!(svg.out, "</g>");
            y = card_bottom;
        }
        let footer_y = if stacked { y + footer * 1.5 } else { bottom };
        let room_left = y <= room;
        y = footer_y;
        svg.text(
            P {
                x: left,
                y: footer_y,
            },
            map_title,
            footer,
            WEAK,
            "start",
            "",
        );
        return (room_left || max_lines.is_some()).then_some((svg.out, y));
    }
    let body = (!words.caption.trim().is_empty()).then_some((words.caption.as_str(), lines(12)));
    y = svg.heading(
        [left, y, column, s],
        (&words.date, words.events.as_deref()),
        &words.title,
        lines(3),
        body,
    );
    (y <= room || max_lines.is_some()).then_some((svg.out, y))
}

/// The compass of `map` as a standalone SVG 1.1 document of `size_px` pixels: at story step
/// `step_index` (its date, focus and words), or at the map's last date under its title when
/// `step_index` is `None` or past the end of the story. All text from the map is escaped, and
/// control and invisible formatting characters are removed or shown as markers; numbers have
/// two decimals, so the same map always gives the same bytes.
pub fn compass_svg(map: &StanceMap, step_index: Option<usize>, size_px: [u32; 2]) -> String {
    draw(map, step_index, size_px, true)
}

/// The compass alone at story step `step_index` (its date and focus; the map's last date when
/// there is no such step), without the step's words or the legend, as an `<svg>` element of
/// `size_px` pixels with no XML declaration: a figure to place inline in an HTML page (the
/// handout's story). Text is escaped as in [`compass_svg`].
pub fn compass_figure_svg(map: &StanceMap, step_index: Option<usize>, size_px: [u32; 2]) -> String {
    draw(map, step_index, size_px, false)
}

/// The SVG of [`compass_svg`], or of [`compass_figure_svg`] when not `with_words`.
fn draw(map: &StanceMap, step_index: Option<usize>, size_px: [u32; 2], with_words: bool) -> String {
    let (width, height) = (f64::from(size_px[0].max(1)), f64::from(size_px[1].max(1)));
    let scale =
        (width / f64::from(SLIDE_SIZE_POINTS[0])).min(height / f64::from(SLIDE_SIZE_POINTS[1]));
    let step = step_index.and_then(|i| map.story.get(i).map(|s| (i, s)));
    let date_year_f64 = match step {
        Some((_, s)) => s.date.to_year_f64(),
        None => map.span_year_f64().map_or(2022.0, |(_, last)| last),
    };
    let in_focus =
        |id: &model::PowerId| step.is_none_or(|(_, s)| s.focus.is_empty() || s.focus.contains(id));

    let mut svg = Svg { out: String::new() };
    if with_words {
        let _ = writeln!(svg.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }
    let _ = writeln!(
        svg.out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" {FONT}>",
        size_px[0].max(1),
        size_px[1].max(1),
        size_px[0].max(1),
        size_px[1].max(1)
    );
    let title = match step {
        Some((_, s)) => format!("{} — {}", map.title, s.title),
        None => map.title.clone(),
    };
    let _ = writeln!(svg.out, "<title>{}</title>", escape(&title));
    let _ = writeln!(
        svg.out,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{BACKGROUND}\"/>",
        num(width),
        num(height)
    );

    // Wide pages put the words beside the compass; square and tall ones above it, as the PNG
    // slide does, with the compass filling the rest of the page.
    let wide = width >= height * 1.2;
    // Type is sized for 1920×1080 (or 1080×1920 on a tall page) and scales with the page.
    let scale = if width >= height {
        scale
    } else {
        (width / f64::from(SLIDE_SIZE_POINTS[1])).min(height / f64::from(SLIDE_SIZE_POINTS[0]))
    };
    let margin = 48.0 * scale.max(0.2);
    let base = scale.max(0.2);
    let step_words = StepWords::of(map, step.map(|(i, _)| i), date_year_f64);
    // The words, in the largest type that fits their area.
    let fit_words = |area: [f64; 4], stacked: bool| {
        first_fit(
            SLIDE_FITS,
            |fit| words_svg(&step_words, area, base * fit, None, stacked),
            Option::is_some,
        )
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            let last = SLIDE_FITS[SLIDE_FITS.len() - 1];
            words_svg(
                &step_words,
                area,
                base * last,
                Some(LAST_RESORT_LINES),
                stacked,
            )
            .unwrap_or_else(|| (String::new(), area[1]))
        })
    };
    // The legend's lines, and their size from the compass the page would have without them.
    let any_contested = map.powers.iter().any(|power| {
        power
            .keyframe_at(date_year_f64)
            .is_some_and(model::Keyframe::is_contested)
    });
    let mut legend = band::compass_legend(TRAIL_YEARS, false, any_contested);
    // The measured values the step names, with their own scales in the legend.
    let measured = step
        .map(|(_, s)| compass_indicators(map, |id| s.indicators.contains(id), |_| true))
        .unwrap_or_default();
    let legend_base = legend.len();
    legend.extend(indicators::compass_legend(&measured));
    let legend_font = |radius: f64| (geo::CompassSizes::new(radius).ring_font * 0.9).max(11.0);
    let (compass_area, words, legend_font) = if !with_words {
        // Room at the sides for names set in a wider font than the one estimated.
        let side = width * FIGURE_SIDE_ROOM;
        ([side, 0.0, width - side, height], String::new(), 0.0)
    } else if wide {
        let split = width * 0.6;
        let text_area = [
            split + margin * 0.25,
            margin,
            width - margin,
            height - margin,
        ];
        let area = [
            text_area[0],
            text_area[1],
            (text_area[2] - text_area[0]).max(10.0),
            text_area[3],
        ];
        let font = legend_font(geo::compass_radius(split, height));
        // The legend's lines about measured values make it taller than the corner under the
        // ring holds (it is full already): the compass moves up and shrinks to clear them and
        // one line more (the bottom of its ring rises by about 0.88 of what the area loses).
        // Without measured values nothing moves.
        let extra = if legend.len() > legend_base {
            font * 1.3 * (legend.len() - legend_base + 1) as f64 * 1.2
        } else {
            0.0
        };
        let compass_area = [0.0, 0.0, split, (height - extra).max(1.0)];
        (compass_area, fit_words(area, false).0, font)
    } else {
        let area = [
            margin,
            margin,
            (width - 2.0 * margin).max(10.0),
            margin + height * 0.5,
        ];
        let (words, below) = fit_words(area, true);
        let top = (below + margin * 0.5).min(height);
        let font = legend_font(geo::compass_radius(width, height - top));
        let legend_height = font * 1.3 * legend.len() as f64 + margin * 0.5;
        let compass_area = [0.0, top, width, (height - legend_height).max(top + 1.0)];
        (compass_area, words, font)
    };
    let center = P {
        x: f64::midpoint(compass_area[0], compass_area[2]),
        y: f64::midpoint(compass_area[1], compass_area[3]),
    };
    let radius = geo::compass_radius(
        compass_area[2] - compass_area[0],
        compass_area[3] - compass_area[1],
    );
    let sizes = geo::CompassSizes::new(radius);
    let unit = geo::scaled(radius, 1.0);
    let name_font = sizes.name_font;
    let label_font = sizes.label_font;
    let ring_font = sizes.ring_font;
    let arrow_width = sizes.arrow_width;
    let tilt_width = sizes.net_tilt_width;
    let disc = sizes.subject_disc;
    let to_page = |v: model::Vec2| P {
        x: center.x + v.x * radius,
        y: center.y - v.y * radius,
    };

    // Rings, with their labels up the north-west diagonal where names rarely sit.
    let _ = writeln!(svg.out, "<g id=\"rings\">");
    let quiet = direction(315.0);
    for (fraction, label) in geo::RINGS {
        svg.circle(center, fraction * radius, "none", RING, sizes.ring_width);
        svg.text(
            geo::ring_label_at(center, quiet, fraction, radius),
            label,
            ring_font,
            WEAK,
            "middle",
            "",
        );
    }
    let _ = writeln!(svg.out, "</g>");

    // Each power's confidence band across its tip, under every arrow, as the app draws it.
    let _ = writeln!(svg.out, "<g id=\"confidence\">");
    for power in &map.powers {
        let (Some(value), Some(half_width)) = (
            model::judged_sample(&power.track, date_year_f64),
            model::band_half_width_at(&power.track, date_year_f64),
        ) else {
            continue;
        };
        let hue = color(&power.color);
        let opacity = if in_focus(&power.id) {
            1.0
        } else {
            DIMMED_OPACITY
        };
        let span = geo::confidence_span(
            center,
            direction(power.bearing_deg),
            (value, half_width),
            radius,
            geo::span_arc_half_length(arrow_width),
        );
        let _ = writeln!(svg.out, "<g class=\"band\" opacity=\"{}\">", num(opacity));
        svg.line(
            span.low,
            span.high,
            &hue,
            geo::span_width(arrow_width),
            &format!(
                " stroke-opacity=\"{}\" stroke-linecap=\"butt\"",
                num(f64::from(geo::SPAN_OPACITY))
            ),
        );
        for arc in [span.low_arc, span.high_arc] {
            svg.polyline(&arc, &hue, geo::span_arc_width(arrow_width));
        }
        let _ = writeln!(svg.out, "</g>");
    }
    let _ = writeln!(svg.out, "</g>");

    // Values keep clear of every name (the subject's below its disc) and of one another, by
    // the rule the app uses (`geo::place_label`).
    let mut keep_clear: Vec<geo::Bounds<f64>> = map
        .powers
        .iter()
        .map(|power| {
            let dir = direction(power.bearing_deg);
            geo::Bounds::anchored(
                geo::name_at(center, dir, radius, name_font),
                bold_text_size(&power.name, name_font),
                geo::anchor_toward(dir),
            )
        })
        .collect();
    keep_clear.push(geo::Bounds::anchored(
        P {
            x: center.x,
            y: center.y + disc + 3.0,
        },
        bold_text_size(&map.subject, name_font),
        (Side::Middle, Side::Start),
    ));
    // The measured values: where each sits, for the values to keep clear of (as in the app).
    let marker_half = geo::measured_marker_size(arrow_width);
    let marks: Vec<_> = measured
        .iter()
        .filter_map(|indicator| {
            let point = indicator.latest_at(date_year_f64)?;
            let power = map.power(&indicator.power)?;
            let at = geo::measured_marker_at(
                center,
                direction(power.bearing_deg),
                indicator.to_scale(point.value),
                radius,
            );
            Some((*indicator, point, power, at))
        })
        .collect();
    keep_clear.extend(
        marks
            .iter()
            .map(|(.., at)| geo::circle_bounds(*at, marker_half)),
    );
    // Each power: its spoke and arrow (dimmed out of focus), its name at its bearing.
    for power in &map.powers {
        let hue = color(&power.color);
        let dir = direction(power.bearing_deg);
        let dimmed = !in_focus(&power.id);
        // An exercise's value still to judge: no arrow, a dashed "?" ring on the rim.
        let strength = model::judged_sample(&power.track, date_year_f64);
        let unjudged = strength.is_none() && !power.track.is_empty();
        let value = strength.unwrap_or(0.0);
        let contested = power
            .keyframe_at(date_year_f64)
            .is_some_and(model::Keyframe::is_contested);
        let _ = writeln!(
            svg.out,
            "<g class=\"power\"{}>",
            if dimmed {
                format!(" opacity=\"{}\"", num(DIMMED_OPACITY))
            } else {
                String::new()
            }
        );
        svg.line(
            center,
            center.offset(dir, radius),
            &hue,
            sizes.spoke_width,
            " stroke-opacity=\"0.35\"",
        );
        // Toward the power when leaning toward it, away from it when leaning away.
        let (arrow_dir, tip) = geo::arrow_tip(center, dir, value, radius);
        if unjudged {
            // Just inside the rim, clear of the name, as the app draws it.
            let ring = (sizes.zero_ring * 1.8).max(9.0);
            let at = center.offset(dir, radius - ring);
            svg.circle(at, ring, BACKGROUND, "none", 0.0);
            let _ = writeln!(
                svg.out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{hue}\" \
                 stroke-width=\"{}\" stroke-dasharray=\"3 3\" class=\"unjudged\"/>",
                num(at.x),
                num(at.y),
                num(ring),
                num((arrow_width * 0.6).max(1.5))
            );
            svg.text(
                P {
                    x: at.x,
                    y: at.y + ring * 0.45,
                },
                "?",
                ring * 1.3,
                &hue,
                "middle",
                " font-weight=\"bold\"",
            );
            let back = P {
                x: -dir.x,
                y: -dir.y,
            };
            place_value_label(
                &mut svg,
                &mut keep_clear,
                &[(at.offset(back, ring + 3.0), geo::anchor_toward(back))],
                up_of(dir),
                model::exercise::NOT_YET_JUDGED,
                label_font,
                &hue,
                " class=\"value\"",
            );
        } else if geo::is_zero_strength(value) {
            let ring = sizes.zero_ring;
            // Just off the subject's disc, toward the power, as the app draws it.
            let tip = geo::zero_ring_center(center, dir, disc, ring, ZERO_RING_GAP);
            svg.circle(tip, ring, "none", &hue, (arrow_width * 0.6).max(1.5));
            let text = if strength.is_some() {
                "0.00"
            } else {
                "no data"
            };
            place_value_label(
                &mut svg,
                &mut keep_clear,
                &[(geo::zero_label_at(tip, dir, ring), geo::anchor_toward(dir))],
                dir,
                text,
                label_font,
                &hue,
                " class=\"value\"",
            );
            if contested {
                let mark = geo::contested_mark_radius(label_font);
                let out = ring + mark + 3.0;
                let up = up_of(dir);
                let places = [
                    tip.offset(up, out),
                    tip.offset(up, -out),
                    tip.offset(dir, out),
                    tip.offset(dir, -out),
                    tip.offset(up, 2.0 * out),
                    tip.offset(up, -2.0 * out),
                ];
                place_contested(&mut svg, &places, mark, &mut keep_clear);
            }
        } else {
            let length = value.abs() * radius;
            let head = geo::head_length(arrow_width, length);
            let (base, [point, right, left]) =
                geo::arrow_head(tip, arrow_dir, head, geo::head_half_width(head));
            // Counter-clockwise on the page, as the SVG has always listed them.
            let head_points = [point, left, right];
            if value > 0.0 {
                svg.line(center, base, &hue, arrow_width, "");
                svg.polygon(&head_points, &hue, "none", 0.0);
            } else {
                let dash = (arrow_width * 2.5).max(5.0);
                let gap = (arrow_width * 1.5).max(3.0);
                svg.line(
                    center,
                    base,
                    &hue,
                    arrow_width,
                    &format!(
                        " stroke-dasharray=\"{} {}\" stroke-linecap=\"butt\"",
                        num(dash),
                        num(gap)
                    ),
                );
                svg.polygon(&head_points, BACKGROUND, &hue, (arrow_width * 0.7).max(1.5));
            }
            let text = format_strength_signed(value);
            place_value_label(
                &mut svg,
                &mut keep_clear,
                &geo::value_label_places(tip, arrow_dir, head, geo::head_half_width(head)),
                arrow_dir.rot90(),
                &text,
                label_font,
                &hue,
                " font-weight=\"bold\" class=\"value\"",
            );
            if contested {
                // Beside the head, on the side nearer the top of the page, else on the other
                // side, else beyond the tip or back along the shaft: clear of every label, by
                // the app's rule.
                let mark = geo::contested_mark_radius(label_font);
                let middle = tip.offset(arrow_dir, -head * 0.5);
                let (up, out) = (up_of(arrow_dir), geo::head_half_width(head) + mark + 3.0);
                let places = [
                    middle.offset(up, out),
                    middle.offset(up, -out),
                    tip.offset(arrow_dir, mark + 3.0),
                    middle.offset(arrow_dir, -(head + mark)).offset(up, out),
                    middle.offset(up, 2.0 * out),
                    middle.offset(up, -2.0 * out),
                    tip.offset(arrow_dir, 3.0 * mark + 6.0),
                ];
                place_contested(&mut svg, &places, mark, &mut keep_clear);
            }
        }
        let _ = writeln!(svg.out, "</g>");
        // Names stay readable when dimmed, as in the app: only arrows and spokes fade.
        let (anchor, dy) = anchor_toward(dir, name_font);
        let at = geo::name_at(center, dir, radius, name_font);
        svg.text(
            P {
                x: at.x,
                y: at.y + dy,
            },
            &power.name,
            name_font,
            &hue,
            anchor,
            " font-weight=\"bold\" class=\"name\"",
        );
    }

    // The net tilt's fading trail: where its tip was over the last years, as the app draws it.
    // Powers still to judge (an exercise's) are left out of the net tilt, not counted as zero.
    let judged_at = |p: &model::Power, year: f64| {
        p.track.is_empty() || model::judged_sample(&p.track, year).is_some()
    };
    let judged_count = |year: f64| {
        map.powers
            .iter()
            .filter(|p| judged_at(p, year))
            .count()
            .max(1) as f64
    };
    if !map.powers.is_empty() {
        let samples = (TRAIL_YEARS * TRAIL_SAMPLES_PER_YEAR).ceil().max(1.0);
        let step_years = TRAIL_YEARS / samples;
        let tip_at = |year: f64| {
            let sum = map.net_tilt_at(year, |p| judged_at(p, year));
            let count = judged_count(year);
            to_page(model::Vec2 {
                x: sum.x / count,
                y: sum.y / count,
            })
        };
        let trail_width = (tilt_width * 0.45).max(1.5);
        let _ = writeln!(svg.out, "<g id=\"trail\">");
        let mut newer = tip_at(date_year_f64);
        let mut k = 0.0;
        while k < samples {
            let older = tip_at(date_year_f64 - (k + 1.0) * step_years);
            let age = (k + 0.5) / samples;
            if (older.x - newer.x).hypot(older.y - newer.y) > 0.01 {
                svg.line(
                    older,
                    newer,
                    TEXT,
                    trail_width,
                    &format!(
                        " stroke-opacity=\"{}\"",
                        num(TRAIL_MAX_OPACITY * (1.0 - age))
                    ),
                );
            }
            newer = older;
            k += 1.0;
        }
        let _ = writeln!(svg.out, "</g>");
    }

    // The net tilt: the mean of the powers' vectors, so it stays within the compass; none
    // while no power has a judged value.
    if map.powers.iter().any(|p| judged_at(p, date_year_f64)) {
        let sum = map.net_tilt_at(date_year_f64, |p| judged_at(p, date_year_f64));
        let count = judged_count(date_year_f64);
        let end = to_page(model::Vec2 {
            x: sum.x / count,
            y: sum.y / count,
        });
        let (dx, dy) = (end.x - center.x, end.y - center.y);
        let length = dx.hypot(dy);
        let _ = writeln!(svg.out, "<g id=\"net-tilt\">");
        // Outlined, as the app draws it, so the arrow under it shows through; a ring when too
        // short to point anywhere.
        let line = (tilt_width * 0.3).max(1.5);
        let head = geo::head_length(tilt_width, length);
        let places: Vec<geo::LabelPlace<f64>> = if length < head + disc {
            let ring = (tilt_width * 1.2).max(disc + 3.0);
            svg.circle(end, ring, "none", BACKGROUND, line + 3.0);
            svg.circle(end, ring, "none", TEXT, line);
            svg.circle(end, line * 1.2, TEXT, "none", 0.0);
            [(0.0, 1.0), (0.0, -1.0), (1.0, 0.0), (-1.0, 0.0)]
                .map(|(x, y)| {
                    let d = P { x, y };
                    (end.offset(d, ring + 3.0), geo::anchor_toward(d))
                })
                .to_vec()
        } else {
            let dir = P {
                x: dx / length,
                y: dy / length,
            };
            let (_, [point, corner_a, corner_b]) =
                geo::arrow_head(end, dir, head, geo::head_half_width(head));
            let across = dir.rot90();
            let half = tilt_width * 0.5;
            let base = end.offset(dir, -head);
            let outline = [
                center.offset(across, half),
                base.offset(across, half),
                corner_a,
                point,
                corner_b,
                base.offset(across, -half),
                center.offset(across, -half),
            ];
            svg.polygon(&outline, "none", BACKGROUND, line + 3.0);
            svg.polygon(&outline, "none", TEXT, line);
            geo::value_label_places(end, dir, head, geo::head_half_width(head)).to_vec()
        };
        let size = bold_text_size("net tilt", label_font);
        let (at, label_sides) = geo::place_label(&places, size, &keep_clear, P { x: 1.0, y: 0.0 });
        let (anchor, shift) = anchor_of(label_sides, label_font);
        svg.text(
            P {
                x: at.x,
                y: at.y + shift,
            },
            "net tilt",
            label_font,
            TEXT,
            anchor,
            // A halo of the background, as the app draws it, over the arrows it may cross.
            &format!(
                " font-style=\"italic\" class=\"net-tilt\" stroke=\"{BACKGROUND}\" stroke-width=\"{}\" paint-order=\"stroke\"",
                num((label_font * 0.2).max(2.0))
            ),
        );
        let _ = writeln!(svg.out, "</g>");
    }

    // The subject: a hollow disc at the centre, its name below.
    svg.circle(center, disc, BACKGROUND, TEXT, unit.clamp(1.5, 2.0));
    svg.text(
        P {
            x: center.x,
            y: center.y + disc + 3.0 + name_font * 0.8,
        },
        &map.subject,
        name_font,
        TEXT,
        "middle",
        " font-weight=\"bold\"",
    );

    // The measured values over everything (one near 0 would hide under the subject's disc): a
    // diamond on the power's bearing, solid with a
    // filled centre, or dashed and hollow when uncertain, as the app draws them.
    if !marks.is_empty() {
        let _ = writeln!(svg.out, "<g id=\"measured\">");
        for (indicator, point, power, at) in &marks {
            let hue = color(&power.color);
            let opacity = if in_focus(&power.id) {
                String::new()
            } else {
                format!(" opacity=\"{}\"", num(DIMMED_OPACITY))
            };
            let _ = writeln!(svg.out, "<g class=\"measured\"{opacity}>");
            let source = map.source(&point.source).map_or_else(
                || format!("unknown source \"{}\"", point.source),
                |s| s.citation(""),
            );
            let _ = writeln!(
                svg.out,
                "<title>{}</title>",
                escape(&display_text(&format!(
                    "{}: {} in {}, measured, not judged; {source}",
                    indicator.name,
                    indicator.format_value(point),
                    point.date
                )))
            );
            let corners = geo::measured_marker(*at, marker_half);
            let width = (marker_half * 0.35).max(1.5);
            svg.polygon(&corners, BACKGROUND, BACKGROUND, width + 3.0);
            if point.uncertain {
                let _ = writeln!(
                    svg.out,
                    "<polygon points=\"{}\" fill=\"none\" stroke=\"{hue}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\" class=\"uncertain\"/>",
                    points_attr(&corners),
                    num(width),
                    num((marker_half * 0.45).max(2.5)),
                    num((marker_half * 0.35).max(2.0))
                );
            } else {
                svg.polygon(&corners, "none", &hue, width);
                svg.polygon(
                    &geo::measured_marker(*at, marker_half * 0.4),
                    &hue,
                    "none",
                    0.0,
                );
            }
            let _ = writeln!(svg.out, "</g>");
        }
        let _ = writeln!(svg.out, "</g>");
    }

    let _ = writeln!(svg.out, "<g id=\"words\">");
    svg.out.push_str(&words);
    let _ = writeln!(svg.out, "</g>");
    // The legend, as the app's compass shows one (a figure's page gives it once for all).
    let legend = if with_words { legend } else { Vec::new() };
    let _ = writeln!(svg.out, "<g id=\"legend\">");
    for (i, line) in legend.iter().enumerate() {
        let from_bottom = (legend.len() - 1 - i) as f64;
        svg.text(
            P {
                x: compass_area[0] + margin * 0.5,
                y: height - margin * 0.5 - legend_font * 1.3 * from_bottom,
            },
            line,
            legend_font,
            WEAK,
            "start",
            "",
        );
    }
    let _ = writeln!(svg.out, "</g>");
    svg.out.push_str("</svg>\n");
    svg.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_marks_hidden_characters() {
        assert_eq!(
            escape("<a & 'b' \"c\">"),
            "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;"
        );
        assert_eq!(escape("x\u{202E}y\u{1}"), "x{U+202E}y{U+0001}");
        // Not allowed in XML at all: an SVG holding them is not an SVG.
        assert_eq!(escape("a\u{FFFE}b\u{FFFF}"), "a{U+FFFE}b{U+FFFF}");
    }

    #[test]
    fn numbers_have_two_decimals_and_no_negative_zero() {
        assert_eq!(num(1.0), "1.00");
        assert_eq!(num(-0.001), "0.00");
        assert_eq!(num(-1.256), "-1.26");
    }
}
