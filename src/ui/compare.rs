//! The "Differences" panel: where a second map's reading differs from the open map's.
//!
//! It lists [`differences`] above a threshold the user sets. Clicking a row moves the date
//! there and selects the power, so the compass and timeline show the disagreement (the second
//! map is drawn there as a ghost), and shows the two readings side by side under the table
//! ("This map" / "Other map": value, confidence, reasoning and quotes, with the words that
//! differ marked by [`word_diff`]). The panel writes nothing itself: the date, the selection and
//! stopping the comparison ([`Action::StopComparing`]) are changes it pushes for the app.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText, Stroke};

use crate::model::compare::{Comparison, Difference, differences, word_diff};
use crate::model::{Evidence, Keyframe, Power, StanceMap, display_safe, format_strength_signed};
use crate::ui::actions::Action;
use crate::ui::changes::Changes;
use crate::ui::session::Session;
use crate::ui::theme::Palette;

/// The threshold the window starts with.
pub const DEFAULT_THRESHOLD: f64 = 0.1;

/// The window's own state between frames.
#[derive(Clone, Debug)]
pub struct DifferencesView {
    /// Differences at or below this are not listed (0..=1).
    pub threshold: f64,
    /// The rows last computed, and what they were computed from.
    cache: Option<Cached>,
}

/// Rows kept between frames: two large maps can differ at thousands of dates, and nothing
/// changes them but an edit, another comparison or another threshold.
#[derive(Clone, Debug)]
struct Cached {
    /// The open map's revision ([`crate::model::edit::History::revision`]).
    revision: u64,
    /// The comparison's map (weak, so the cache never keeps a closed comparison alive).
    theirs: std::sync::Weak<StanceMap>,
    threshold: f64,
    rows: Vec<Difference>,
}

impl Default for DifferencesView {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
            cache: None,
        }
    }
}

/// The accessible name of a row: everything it says, so a screen reader (and a test) can find
/// a row by its content.
pub fn row_label(row: &Difference) -> String {
    let name = display_safe(&row.power_name);
    if row.is_one_sided() {
        format!("{name}: {}", row.date_label)
    } else if row.also.is_empty() {
        format!(
            "{name} {}: ours {}, theirs {}, difference {}",
            row.date_label,
            value_text(row, row.ours),
            value_text(row, row.theirs),
            delta_text(row)
        )
    } else {
        format!(
            "{name} {}: ours {}, theirs {}, difference {}; {}",
            row.date_label,
            value_text(row, row.ours),
            value_text(row, row.theirs),
            delta_text(row),
            also_text(row)
        )
    }
}

/// What else differs at the row's date, in words: "reasoning differs; 2 quotes here, 1 there".
fn also_text(row: &Difference) -> String {
    row.also
        .iter()
        .map(|also| also.describe())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A side's value; where a power is in both maps but has no value, it rests on a keyframe
/// still to judge: [`NOT_YET_JUDGED`].
fn value_text(row: &Difference, value: Option<f64>) -> String {
    match value {
        Some(v) => format_strength_signed(v),
        None if row.is_one_sided() => "—".to_owned(),
        None => NOT_YET_JUDGED.to_owned(),
    }
}

/// The difference column: "—" where one side has no value to subtract.
fn delta_text(row: &Difference) -> String {
    if row.is_one_sided() || row.is_unjudged() {
        "—".to_owned()
    } else {
        format_strength_signed(row.delta)
    }
}

/// What the table and the side-by-side reading say for a value resting on a keyframe still to
/// judge (an exercise's), which is never a 0.
pub const NOT_YET_JUDGED: &str = "not yet judged";

impl DifferencesView {
    /// Show the panel for `comparison` over `map` (shown to people as `ours_name`), along the
    /// bottom of `ui`: a panel, not a window, so it never covers the compass or the evidence a
    /// row jumps to. Clicking a row asks (in `changes`) to move the date to it and select its power; the
    /// "Stop comparing" button pushes [`Action::StopComparing`] to `changes`. `revision` is the map's, with whether a drag is
    /// under way: the rows wait for its end (see [`Self::rows`]).
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        (map, ours_name): (&StanceMap, &str),
        revision: (u64, bool),
        comparison: &Comparison,
        session: &Session,
        changes: &mut Changes,
    ) {
        // The date and selection views drawn before asked for this frame.
        let pending = changes.pending_session(session);
        let session = pending.as_ref();
        // The row at the date and power on screen: its two readings are shown side by side.
        let selected = self
            .rows(map, revision, comparison)
            .iter()
            .position(|row| is_here(row, session));
        // At first as tall as its rows, up to VISIBLE_ROWS, so the compass keeps as much room
        // as it can; then as tall as the user drags it. With a row's readings open the panel
        // starts taller (its own size, so closing them gives the compass its room back).
        let shown_rows = self.rows(map, revision, comparison).len().min(VISIBLE_ROWS) as f32;
        let line = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let (id, default_size) = if selected.is_some() {
            // Never more than a share of the window: the compass and timeline stay in view,
            // and the readings scroll.
            let rows = shown_rows.min(READING_TABLE_ROWS as f32);
            let most = ui.ctx().content_rect().height() * READING_MAX_SHARE;
            (
                "differences_reading",
                (line * (3.0 + rows) + READING_HEIGHT).min(most),
            )
        } else {
            ("differences", line * (4.0 + shown_rows))
        };
        egui::Panel::bottom(id)
            .resizable(true)
            .default_size(default_size + 2.0 * ui.spacing().window_margin.bottomf())
            .min_size(line * 4.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong("Differences");
                    ui.add(
                        egui::Slider::new(&mut self.threshold, 0.0..=1.0)
                            .step_by(0.01)
                            .fixed_decimals(2)
                            .text("Threshold"),
                    )
                    .on_hover_text(
                        "List values that differ by more than this. Dates where the \
                         keyframes differ in anything else (a keyframe only one map has, \
                         confidence, reasoning, quotes) are listed whatever the threshold.",
                    );
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .button("Stop comparing")
                            .on_hover_text("Remove the second map and its differences")
                            .clicked()
                        {
                            changes.action(Action::StopComparing);
                        }
                    });
                });
                if !self.threshold.is_finite() {
                    self.threshold = DEFAULT_THRESHOLD;
                }
                // Which map is which, and how each is drawn (the readings below name them
                // when they show).
                if selected.is_none() {
                    ui.label(format!(
                        "This map: {} (solid arrows and lines). Other map: {} (hollow rings on \
                     the compass, dashed lines on the timeline). Click a row to see both \
                     readings side by side.",
                        display_safe(ours_name),
                        display_safe(&comparison.name)
                    ));
                }
                let rows = self.rows(map, revision, comparison);
                if rows.is_empty() {
                    ui.weak(
                        "The two maps agree: their values within the threshold, their \
                         keyframes, confidence, reasoning and quotes exactly.",
                    );
                } else {
                    ui.label(match rows.len() {
                        1 => "1 difference:".to_owned(),
                        n => format!("{n} differences:"),
                    });
                    let row = selected.and_then(|i| rows.get(i));
                    let table_rows = row.map(|_| READING_TABLE_ROWS);
                    table_ui(ui, map, rows, (session, table_rows), changes);
                    if let Some(row) = row {
                        reading_ui(ui, (map, ours_name), comparison, row);
                    }
                }
            });
    }

    /// The rows for this map, comparison and threshold, computed again only when one of them
    /// changed. While a drag is under way (`mid_drag`) the map changes every frame, and two
    /// large maps take milliseconds to compare: the rows keep up when the drag ends.
    fn rows(
        &mut self,
        map: &StanceMap,
        (revision, mid_drag): (u64, bool),
        comparison: &Comparison,
    ) -> &[Difference] {
        let theirs = std::sync::Arc::downgrade(&comparison.map);
        let fresh = self.cache.as_ref().is_some_and(|c| {
            (c.revision == revision || mid_drag)
                && c.theirs.ptr_eq(&theirs)
                && c.threshold == self.threshold
        });
        if !fresh {
            self.cache = Some(Cached {
                revision,
                theirs,
                threshold: self.threshold,
                rows: differences(map, &comparison.map, self.threshold),
            });
        }
        self.cache.as_ref().map_or(&[], |c| c.rows.as_slice())
    }
}

/// The table's columns and their widths in points. Fixed widths keep the columns still while
/// only the rows in view are laid out; a longer power name is cut short with "…".
const COLUMNS: [(&str, f32); 6] = [
    ("Power", 120.0),
    ("Date", 115.0),
    ("Ours", 100.0),
    ("Theirs", 100.0),
    ("Difference", 75.0),
    ("Also differs", 230.0),
];

/// How many rows the panel makes room for when it first opens.
const VISIBLE_ROWS: usize = 5;
/// How many rows the table keeps in view while a row's readings are shown under it.
const READING_TABLE_ROWS: usize = 2;
/// The room the two readings start with under the table, in points.
const READING_HEIGHT: f32 = 230.0;
/// The most of the window's height the panel starts with while it shows readings.
const READING_MAX_SHARE: f32 = 0.4;

/// The columns' widths for a table in `ui`: the last ("Also differs") takes the room the
/// others leave, so what differs is not cut short where there is room to say it.
fn column_widths(ui: &egui::Ui) -> [f32; 6] {
    let mut widths = COLUMNS.map(|(_, width)| width);
    let gaps = ui.spacing().item_spacing.x * (COLUMNS.len() - 1) as f32;
    let fixed: f32 = widths[..5].iter().sum();
    let scroll_bar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin;
    widths[5] = widths[5].max(ui.available_width() - fixed - gaps - scroll_bar);
    widths
}

/// Whether `row` is the one on screen: its power selected and the date at it.
fn is_here(row: &Difference, session: &Session) -> bool {
    session.selected_power.as_ref() == Some(&row.power)
        && (row.year_f64 - session.date_year_f64).abs() < 1e-9
}

/// The rows, one per difference, under a heading that stays put; the power's cell is the
/// row's button. Only the rows in view are laid out, so a table of thousands costs no more a
/// frame than a table of twenty.
fn table_ui(
    ui: &mut egui::Ui,
    map: &StanceMap,
    rows: &[Difference],
    (session, max_rows): (&Session, Option<usize>),
    changes: &mut Changes,
) {
    let row_height = ui.spacing().interact_size.y;
    let widths = column_widths(ui);
    let row_width =
        widths.iter().sum::<f32>() + ui.spacing().item_spacing.x * (widths.len() - 1) as f32;
    ui.horizontal(|ui| {
        // The power names below sit inside buttons: line the heading up with their text.
        let pad = ui.spacing().button_padding.x;
        ui.add_space(pad);
        for (i, ((heading, _), width)) in COLUMNS.into_iter().zip(widths).enumerate() {
            let width = if i == 0 { width - pad } else { width };
            cell(
                ui,
                width,
                row_height,
                egui::Label::new(egui::RichText::new(heading).strong()),
            );
        }
    });
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("differences_rows")
        .auto_shrink([false, false]);
    if let Some(max_rows) = max_rows {
        let line = row_height + ui.spacing().item_spacing.y;
        scroll = scroll
            .auto_shrink([false, true])
            .max_height(line * max_rows as f32);
    }
    scroll.show_rows(ui, row_height, rows.len(), |ui, in_view| {
        for (index, row) in rows
            .iter()
            .enumerate()
            .take(in_view.end)
            .skip(in_view.start)
        {
            ui.horizontal(|ui| {
                let whole =
                    egui::Rect::from_min_size(ui.cursor().min, egui::vec2(row_width, row_height));
                if index % 2 == 1 {
                    ui.painter()
                        .rect_filled(whole, 2.0, ui.visuals().faint_bg_color);
                }
                // The whole row answers a click, not only the power's name (whose
                // button, laid on top, keeps its own part and the row's accessible
                // name).
                let anywhere = ui
                    .interact(
                        whole,
                        ui.scope_id().with(("row", index)),
                        egui::Sense::click(),
                    )
                    .on_hover_cursor(egui::CursorIcon::PointingHand);
                let named = row_ui(ui, row, (row_height, widths), session);
                if anywhere.clicked() || named {
                    go_to(map, row, changes);
                }
            });
        }
    });
}

/// One row of the table; returns whether its power's name was clicked.
fn row_ui(
    ui: &mut egui::Ui,
    row: &Difference,
    (row_height, widths): (f32, [f32; 6]),
    session: &Session,
) -> bool {
    let here = is_here(row, session);
    let label = row_label(row);
    let [power, date, ours, theirs, difference, also] = widths;
    let response = ui
        .allocate_ui_with_layout(
            egui::vec2(power, row_height),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.add(
                    // The name, then space that grows: the name sits on the left.
                    egui::Button::selectable(
                        here,
                        (
                            display_safe(&row.power_name).into_owned(),
                            egui::Atom::grow(),
                        ),
                    )
                    .truncate()
                    .min_size(egui::vec2(power, row_height)),
                )
            },
        )
        .inner
        .on_hover_text("Go to this date and select the power");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    cell(ui, date, row_height, egui::Label::new(&row.date_label));
    cell(
        ui,
        ours,
        row_height,
        egui::Label::new(value_text(row, row.ours)),
    );
    cell(
        ui,
        theirs,
        row_height,
        egui::Label::new(value_text(row, row.theirs)),
    );
    if row.is_one_sided() || row.is_unjudged() {
        cell(
            ui,
            difference,
            row_height,
            egui::Label::new(egui::RichText::new("—").weak()),
        );
    } else {
        cell(
            ui,
            difference,
            row_height,
            egui::Label::new(format_strength_signed(row.delta)),
        );
    }
    if !row.also.is_empty() {
        let text = also_text(row);
        cell(ui, also, row_height, egui::Label::new(text.as_str())).on_hover_text(text);
    }
    response.clicked()
}

/// The two readings of a row's power at its date side by side: "This map" on the left,
/// "Other map" on the right, each with its value, confidence, reasoning and quotes, the words
/// and quotes that differ from the other side marked.
fn reading_ui(
    ui: &mut egui::Ui,
    (map, ours_name): (&StanceMap, &str),
    comparison: &Comparison,
    row: &Difference,
) {
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!(
            "{} in {}: both readings",
            display_safe(&row.power_name),
            row.date_label
        ));
        ui.weak("Marked: what one reading says and the other does not.");
    });
    let ours = map.power(&row.power);
    let theirs = comparison.map.power(&row.power);
    egui::ScrollArea::vertical()
        .id_salt("differences_reading")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.columns(2, |columns| {
                let sides = [
                    (ours, theirs, map, ("This map", ours_name)),
                    (
                        theirs,
                        ours,
                        comparison.map.as_ref(),
                        ("Other map", comparison.name.as_str()),
                    ),
                ];
                for (column, (this, other, this_map, names)) in columns.iter_mut().zip(sides) {
                    side_ui(column, (this, other), this_map, names, row);
                }
            });
        });
}

/// One reading of the row: `this` power's, marked against `other`'s.
fn side_ui(
    ui: &mut egui::Ui,
    (this, other): (Option<&Power>, Option<&Power>),
    this_map: &StanceMap,
    (heading, file): (&str, &str),
    row: &Difference,
) {
    let palette = Palette::of(ui);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(heading).strong().size(16.0));
        ui.label(RichText::new(display_safe(file)).color(palette.weak_text));
    });
    let Some(this) = this else {
        ui.label(RichText::new("This map has no such power.").italics());
        return;
    };
    let year = row.year_f64;
    let keyframe = this.keyframe_at(year);
    let other_keyframe = other.and_then(|o| o.keyframe_at(year));
    let judged = |p: &Power| crate::model::judged_sample(&p.track, year);
    let value = match judged(this) {
        Some(v) => format!("value {}", format_strength_signed(v)),
        None if !this.track.is_empty() => NOT_YET_JUDGED.to_owned(),
        None => "no value".to_owned(),
    };
    let value_differs = judged(this) != other.and_then(judged);
    let Some(keyframe) = keyframe else {
        marked_label(
            ui,
            &format!("{value}, between its keyframes: no keyframe at this date"),
            value_differs,
            palette,
        );
        return;
    };
    let confidence_of = |k: &Keyframe| {
        if k.unjudged {
            format!("confidence {NOT_YET_JUDGED}")
        } else {
            format!("confidence {}", k.confidence.label())
        }
    };
    let confidence = confidence_of(keyframe);
    let confidence_differs = other_keyframe.is_some_and(|o| confidence_of(o) != confidence);
    ui.horizontal_wrapped(|ui| {
        marked_label(ui, &value, value_differs, palette);
        ui.label("·");
        marked_label(ui, &confidence, confidence_differs, palette);
    });
    ui.label(RichText::new("Analyst's judgement").strong());
    let reasoning = display_safe(&keyframe.reasoning).into_owned();
    let other_reasoning = other_keyframe
        .map(|o| display_safe(&o.reasoning).into_owned())
        .unwrap_or_default();
    if reasoning.trim().is_empty() {
        ui.label(RichText::new("No reasoning given.").italics());
    } else {
        let words = marked_words(ui, &reasoning, &other_reasoning);
        let mut job = LayoutJob::default();
        for (text, changed) in words.iter() {
            job.append(text, 0.0, word_format(ui, *changed, palette));
        }
        job.wrap.max_width = ui.available_width();
        ui.label(job);
    }
    quotes_ui(ui, this_map, keyframe, other_keyframe, palette);
}

/// The words of `ours`, each marked where [`word_diff`] finds it differs from `theirs`, kept
/// from frame to frame while the two texts stay the same: the search for the longest run the
/// two share is quadratic in their words, too much to redo every frame for each side.
fn marked_words(ui: &egui::Ui, ours: &str, theirs: &str) -> Arc<Vec<(String, bool)>> {
    let id = egui::Id::unique(("reasoning word diff", ours, theirs));
    if let Some(kept) = ui.data(|d| d.get_temp::<Arc<Vec<(String, bool)>>>(id)) {
        return kept;
    }
    let (words, _) = word_diff(ours, theirs);
    let words: Arc<Vec<(String, bool)>> = Arc::new(
        words
            .into_iter()
            .map(|w| (w.text.to_owned(), w.changed))
            .collect(),
    );
    ui.data_mut(|d| d.insert_temp(id, Arc::clone(&words)));
    words
}

/// A keyframe's quotes with their roles and citations; a quote the other reading does not
/// cite, or cites with another role, is marked.
fn quotes_ui(
    ui: &mut egui::Ui,
    this_map: &StanceMap,
    keyframe: &Keyframe,
    other: Option<&Keyframe>,
    palette: Palette,
) {
    if keyframe.evidence.is_empty() {
        ui.label(RichText::new("No quotes.").italics());
        return;
    }
    let same =
        |a: &Evidence, b: &Evidence| a.quote.trim() == b.quote.trim() && a.source == b.source;
    for evidence in &keyframe.evidence {
        let twin = other.and_then(|o| o.evidence.iter().find(|e| same(e, evidence)));
        ui.add_space(2.0);
        marked_label(
            ui,
            &format!("\u{201c}{}\u{201d}", display_safe(evidence.quote.trim())),
            twin.is_none(),
            palette,
        );
        let role = format!(
            "{} — {}",
            evidence.role.label(),
            display_safe(&this_map.citation(evidence))
        );
        let role_differs = twin.is_some_and(|t| t.role != evidence.role);
        ui.indent(("quote", evidence.quote.len()), |ui| {
            marked_label(ui, &role, role_differs, palette);
        });
    }
}

/// How a word of a reading is set: marked (a highlight and an underline, so it shows without
/// colour too) when the other reading does not have it.
fn word_format(ui: &egui::Ui, changed: bool, palette: Palette) -> TextFormat {
    let color = ui.visuals().text_color();
    let font = FontId::proportional(ui.style().text_styles[&egui::TextStyle::Body].size);
    if changed {
        TextFormat {
            font_id: font,
            color,
            background: palette.highlight,
            underline: Stroke::new(1.0, color),
            ..TextFormat::default()
        }
    } else {
        TextFormat {
            font_id: font,
            color,
            background: Color32::TRANSPARENT,
            ..TextFormat::default()
        }
    }
}

/// A label, marked as [`word_format`] marks a word when `marked`.
fn marked_label(ui: &mut egui::Ui, text: &str, marked: bool, palette: Palette) {
    let mut job = LayoutJob::single_section(text.to_owned(), word_format(ui, marked, palette));
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}

/// Move the date to a row's and select its power.
fn go_to(map: &StanceMap, row: &Difference, changes: &mut Changes) {
    if row.year_f64.is_finite() {
        changes.set_date(row.year_f64);
        changes.set_playing(false);
    }
    // A power only in the other map cannot be selected here.
    if map.power(&row.power).is_some() {
        changes.select_power(Some(row.power.clone()));
    }
}

/// A table cell of a fixed size, its content left-aligned and cut short if it is too long.
fn cell(ui: &mut egui::Ui, width: f32, height: f32, label: egui::Label) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_size(egui::vec2(width, height));
            ui.add(label.truncate().selectable(false))
        },
    )
    .inner
}
