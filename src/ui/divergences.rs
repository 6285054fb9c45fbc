//! The "Judgement and data" panel: every span between two keyframes where a power's judged line
//! and one of its measured indicators move in opposite directions, each by at least the
//! threshold the user sets here ([`divergences`], the one rule every surface uses).
//!
//! One row a span: the power's name in its colour, the keyframes it lies between, and the
//! span in words ([`Divergence::describe`]: "judged +0.05, ISAC alignment −14 points,
//! 2021–2022"). Clicking a row asks to go there, as a row of the Differences panel does: the
//! date to the later keyframe, its power and that keyframe selected, so the evidence panel shows
//! the keyframe and says how judgement and data part. The panel writes nothing itself: the
//! threshold, the date and the selection are changes it pushes for the app.

use egui::FontId;
use egui::text::{LayoutJob, TextFormat};

use crate::model::indicators::{Divergence, divergences};
use crate::model::{StanceMap, display_safe};
use crate::ui::actions::Action;
use crate::ui::changes::{Change, Changes};
use crate::ui::session::{KeyframeRef, Session};
use crate::ui::theme::{Palette, power_color, readable_on};

/// The panel's heading.
pub const HEADING: &str = "Judgement and data";

/// What the rows are, beside the threshold.
const EXPLANATION: &str =
    "Spans where a judged line and a measured indicator move in opposite directions.";

/// What the panel says for a map without measured indicators.
pub const NO_INDICATORS: &str =
    "This map has no measured indicators. File › Import indicator… adds one.";

/// What the panel says when no span passes the threshold.
pub const NONE_PART: &str = "Judgement and data do not part at this threshold: no judged line \
     and measured indicator move in opposite directions by this much between two keyframes.";

/// The accessible label of the threshold field.
pub const THRESHOLD_LABEL: &str = "Threshold";

/// What the threshold means, as its tooltip says it.
pub const THRESHOLD_TOOLTIP: &str = "Both the judged value and the measurement must move at \
     least this far, in opposite directions, on the −1…+1 scale; a measurement is placed on \
     that scale by its own low and high. Drag, or click and type.";

/// The lowest and highest threshold the field takes, in strength units.
pub const THRESHOLD_RANGE: std::ops::RangeInclusive<f64> = 0.01..=1.0;

/// The heading of the evidence panel's block under a keyframe where judgement and data part.
pub const EVIDENCE_HEADING: &str = "Judgement and data part";

/// The note under that block: which side is measured and which judged.
pub const MEASURED_NOTE: &str = "The indicator is measured by its source; the value is the \
     analyst's judgement. Where they part, one of them needs explaining.";

/// The panel's own state between frames.
#[derive(Clone, Debug, Default)]
pub struct DivergencesView {
    /// The rows last computed, and what they were computed from.
    cache: Option<Cached>,
}

/// Rows kept between frames: a map with many indicators and keyframes has many spans to look
/// at, and nothing changes the rows but an edit or another threshold.
#[derive(Clone, Debug)]
struct Cached {
    /// The map's revision ([`crate::model::edit::History::revision`]).
    revision: u64,
    /// The threshold, as bits (so a threshold that is not a number compares equal to itself).
    threshold_bits: u64,
    rows: Vec<Divergence>,
}

impl DivergencesView {
    /// The rows for `map` at `revision` and `threshold`, computed again only when either
    /// changed.
    pub fn rows(&mut self, map: &StanceMap, revision: u64, threshold: f64) -> &[Divergence] {
        let threshold_bits = threshold.to_bits();
        let fresh = self
            .cache
            .as_ref()
            .is_some_and(|c| c.revision == revision && c.threshold_bits == threshold_bits);
        if !fresh {
            self.cache = Some(Cached {
                revision,
                threshold_bits,
                rows: divergences(map, threshold),
            });
        }
        self.cache.as_ref().map_or(&[], |c| c.rows.as_slice())
    }

    /// Show the panel along the bottom of `ui` for `map` at `revision` (the history's, so the
    /// rows are kept while the map stays the same). Clicking a row asks (in `changes`) to go
    /// there; the threshold field asks for [`Change::SetDivergenceThreshold`].
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        map: &StanceMap,
        revision: u64,
        session: &Session,
        changes: &mut Changes,
    ) {
        // The date and selection views drawn before asked for this frame.
        let pending = changes.pending_session(session);
        let session = pending.as_ref();
        let line = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let shown_rows = if map.indicators.is_empty() {
            1
        } else {
            self.rows(map, revision, session.divergence_threshold)
                .len()
                .clamp(1, VISIBLE_ROWS)
        };
        egui::Panel::bottom("divergences")
            .resizable(true)
            .default_size(
                line * (3.0 + shown_rows as f32) + 2.0 * ui.spacing().window_margin.bottomf(),
            )
            .min_size(line * 3.0)
            .show(ui, |ui| {
                header_ui(ui, map, session, changes);
                if map.indicators.is_empty() {
                    ui.weak(NO_INDICATORS);
                    return;
                }
                let rows = self.rows(map, revision, session.divergence_threshold);
                if rows.is_empty() {
                    ui.weak(NONE_PART);
                } else {
                    table_ui(ui, map, rows, session, changes);
                }
            });
    }
}

/// How many rows the panel makes room for when it first opens.
const VISIBLE_ROWS: usize = 4;

/// The widths of the power's and the keyframes' columns, in points; the words take the rest.
const POWER_WIDTH: f32 = 120.0;
const SPAN_WIDTH: f32 = 190.0;

/// The heading, the threshold field, what the rows mean, and the close button.
fn header_ui(ui: &mut egui::Ui, map: &StanceMap, session: &Session, changes: &mut Changes) {
    ui.horizontal(|ui| {
        ui.strong(HEADING);
        if !map.indicators.is_empty() {
            ui.add_space(8.0);
            let label = ui.label(THRESHOLD_LABEL);
            let mut threshold = session.divergence_threshold;
            let field = ui
                .add(
                    egui::DragValue::new(&mut threshold)
                        .range(THRESHOLD_RANGE)
                        .speed(0.005)
                        .fixed_decimals(2)
                        .update_while_editing(false),
                )
                .labelled_by(label.id)
                .on_hover_text(THRESHOLD_TOOLTIP);
            label.on_hover_text(THRESHOLD_TOOLTIP);
            if field.changed() && threshold.to_bits() != session.divergence_threshold.to_bits() {
                changes.push(Change::SetDivergenceThreshold(threshold));
            }
            // Cut short in a narrow window, leaving the close button its room.
            let room = ui.available_width() - 2.0 * ui.spacing().interact_size.y;
            ui.scope(|ui| {
                ui.set_max_width(room.max(0.0));
                ui.add(egui::Label::new(egui::RichText::new(EXPLANATION).weak()).truncate());
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let close = ui
                .button("✖")
                .on_hover_text(Action::ToggleDivergencesPanel.tooltip());
            close.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Close judgement and data")
            });
            if close.clicked() {
                changes.action(Action::ToggleDivergencesPanel);
            }
        });
    });
}

/// The accessible name of a row: everything it says, so a screen reader (and a test) can find
/// it by its content: "EU, between keyframes 2021 and 2022: judged +0.05, ISAC alignment −14
/// points, 2021–2022".
pub fn row_label(map: &StanceMap, row: &Divergence) -> String {
    format!(
        "{}, between keyframes {} and {}: {}",
        power_name(map, row),
        row.from,
        row.to,
        words(map, row)
    )
}

/// The span in words, with "(a measurement is uncertain)" where either measurement compared
/// is marked uncertain.
pub fn words(map: &StanceMap, row: &Divergence) -> String {
    let mut text = display_safe(&row.describe(map)).into_owned();
    if compared_points(map, row).iter().any(|p| p.uncertain) {
        text.push_str(" (a measurement is uncertain)");
    }
    text
}

/// The two measurements compared, with their values and sources: "ISAC alignment, measured:
/// 62% in 2021 (ISAC Fund, 2022), 48% (uncertain) in 2022 (ISAC Fund, 2023)".
pub fn measured_text(map: &StanceMap, row: &Divergence) -> String {
    let Some(indicator) = map.indicator(&row.indicator) else {
        return String::new();
    };
    let points = compared_points(map, row)
        .iter()
        .map(|p| {
            let source = map.source(&p.source).map_or_else(
                || format!("unknown source \"{}\"", p.source),
                |s| s.citation(""),
            );
            format!("{} in {} ({source})", indicator.format_value(p), p.date)
        })
        .collect::<Vec<_>>()
        .join(", ");
    display_safe(&format!("{}, measured: {points}", indicator.name)).into_owned()
}

/// The first and last measurement the span compares.
fn compared_points<'m>(
    map: &'m StanceMap,
    row: &Divergence,
) -> Vec<&'m crate::model::IndicatorPoint> {
    map.indicator(&row.indicator).map_or_else(Vec::new, |i| {
        [row.first, row.last]
            .iter()
            .filter_map(|d| i.points.iter().find(|p| p.date == *d))
            .collect()
    })
}

fn power_name(map: &StanceMap, row: &Divergence) -> String {
    map.power(&row.power).map_or_else(
        || row.power.to_string(),
        |p| display_safe(&p.name).into_owned(),
    )
}

/// The later keyframe of the span, which a click on its row selects.
pub fn later_keyframe(row: &Divergence) -> KeyframeRef {
    KeyframeRef {
        power: row.power.clone(),
        year_f64: row.to.to_year_f64(),
    }
}

/// Ask to go to `row`: the date to its later keyframe, its power and that keyframe selected.
pub fn go_to(row: &Divergence, changes: &mut Changes) {
    let keyframe = later_keyframe(row);
    changes.set_date(keyframe.year_f64);
    changes.select_power(Some(row.power.clone()));
    changes.select_keyframe(Some(keyframe));
}

/// Whether `row` is the one on screen: its later keyframe selected.
fn is_here(row: &Divergence, session: &Session) -> bool {
    session
        .selected_keyframe
        .as_ref()
        .is_some_and(|k| k.power == row.power && (k.year_f64 - row.to.to_year_f64()).abs() < 1e-9)
}

/// The rows, one per span, under a heading; only the rows in view are laid out.
fn table_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    rows: &[Divergence],
    session: &Session,
    changes: &mut Changes,
) {
    let row_height = ui.spacing().interact_size.y;
    let strong = ui.visuals().strong_text_color();
    ui.horizontal(|ui| {
        // Lined up with the rows' text, which sits inside buttons.
        ui.add_space(ui.spacing().button_padding.x);
        ui.label(columns_job(
            ui,
            [
                ("Power".to_owned(), strong),
                ("Between keyframes".to_owned(), strong),
                ("Judged and measured".to_owned(), strong),
            ],
        ));
    });
    let palette = Palette::of(ui);
    let (background, selected_background) =
        (ui.visuals().panel_fill, ui.visuals().selection.bg_fill);
    egui::ScrollArea::vertical()
        .id_salt("divergence_rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, in_view| {
            for row in rows.iter().take(in_view.end).skip(in_view.start) {
                let here = is_here(row, session);
                // The name keeps its contrast on the selected row's background too.
                let behind = if here {
                    selected_background
                } else {
                    background
                };
                let color = map
                    .power(&row.power)
                    .map_or(palette.text, |p| readable_on(power_color(&p.color), behind));
                let job = row_job(ui, map, row, color, palette);
                let width = ui.available_width();
                let response = ui
                    .add(
                        egui::Button::selectable(here, job)
                            .truncate()
                            .min_size(egui::vec2(width, row_height)),
                    )
                    .on_hover_text(format!(
                        "{}\nJudged: the analyst's reading. Click to go to the later keyframe.",
                        measured_text(map, row)
                    ));
                let label = row_label(map, row);
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if response.clicked() {
                    go_to(row, changes);
                }
            }
        });
}

/// A row's text: the power's name in its colour, the keyframes, the words.
fn row_job(
    ui: &egui::Ui,
    map: &StanceMap,
    row: &Divergence,
    color: egui::Color32,
    palette: Palette,
) -> LayoutJob {
    columns_job(
        ui,
        [
            (power_name(map, row), color),
            (format!("{} to {}", row.from, row.to), palette.text),
            (words(map, row), palette.text),
        ],
    )
}

/// Three texts in columns, [`POWER_WIDTH`] and [`SPAN_WIDTH`] wide, then the rest: each
/// column's text followed by the room left to its width.
fn columns_job(ui: &egui::Ui, columns: [(String, egui::Color32); 3]) -> LayoutJob {
    let font = FontId::proportional(ui.style().text_styles[&egui::TextStyle::Button].size);
    let mut job = LayoutJob::default();
    let mut gap = 0.0;
    for ((text, color), width) in columns.into_iter().zip([POWER_WIDTH, SPAN_WIDTH, 0.0]) {
        let format = TextFormat {
            font_id: font.clone(),
            color,
            ..TextFormat::default()
        };
        job.append(&text, gap, format);
        if width > 0.0 {
            let used = ui.fonts_mut(|f| f.layout_no_wrap(text, font.clone(), color).size().x);
            gap = (width - used).max(MIN_GAP);
        }
    }
    job
}

/// The least room between two columns, in points, when a column's text is wider than it.
const MIN_GAP: f32 = 8.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Closer, Confidence, Date, Indicator, IndicatorId, IndicatorPoint, Interpolation, Keyframe,
        Power, PowerId, SourceId,
    };

    /// One power judged +0.30 then +0.40 while its indicator falls from 60% to 40%.
    fn parting() -> StanceMap {
        let keyframe = |year, strength| Keyframe {
            unjudged: false,
            date: Date::year(year),
            strength,
            confidence: Confidence::Medium,
            interpolation: Interpolation::Linear,
            reasoning: String::new(),
            evidence: Vec::new(),
        };
        let point = |year, value| IndicatorPoint {
            date: Date::year(year),
            value,
            source: SourceId("s".into()),
            note: String::new(),
            uncertain: year == 2011,
        };
        let mut map = StanceMap::empty();
        map.powers.push(Power {
            id: PowerId("p".into()),
            name: "P".into(),
            color: "#336699".into(),
            bearing_deg: 0.0,
            track: vec![keyframe(2010, 0.3), keyframe(2011, 0.4)],
        });
        map.indicators.push(Indicator {
            id: IndicatorId("i".into()),
            name: "Poll".into(),
            unit: "%".into(),
            power: PowerId("p".into()),
            closer: Closer::Higher,
            low: 0.0,
            high: 100.0,
            method: String::new(),
            points: vec![point(2010, 60.0), point(2011, 40.0)],
        });
        map
    }

    #[test]
    fn the_rows_are_kept_while_the_revision_and_threshold_stay_the_same() {
        let mut map = parting();
        let mut view = DivergencesView::default();
        assert_eq!(view.rows(&map, 1, 0.05).len(), 1);
        // Changed without a new revision: the kept rows are shown (nothing computed again).
        map.indicators.clear();
        assert_eq!(view.rows(&map, 1, 0.05).len(), 1);
        // A new revision, or another threshold, computes them again.
        assert!(view.rows(&map, 2, 0.05).is_empty());
        let map = parting();
        assert_eq!(view.rows(&map, 2, 0.05).len(), 0, "still revision 2");
        assert_eq!(view.rows(&map, 2, 0.06).len(), 1);
        assert!(view.rows(&map, 2, 0.5).is_empty());
    }

    #[test]
    fn an_uncertain_measurement_is_said_in_the_words_and_every_value_names_its_source() {
        let map = parting();
        let row = &divergences(&map, 0.05)[0];
        assert_eq!(
            words(&map, row),
            "judged +0.10, Poll −20 points, 2010–2011 (a measurement is uncertain)"
        );
        assert_eq!(
            measured_text(&map, row),
            "Poll, measured: 60% in 2010 (unknown source \"s\"), 40% (uncertain) in 2011 \
             (unknown source \"s\")"
        );
        assert_eq!(
            row_label(&map, row),
            "P, between keyframes 2010 and 2011: judged +0.10, Poll −20 points, 2010–2011 \
             (a measurement is uncertain)"
        );
    }
}
