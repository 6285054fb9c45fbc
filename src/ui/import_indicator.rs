//! File › Import indicator…: after a CSV file is read, a dialog that says how many rows were
//! read and which could not be, with their line numbers, and asks what the series is: its
//! name, unit, the power it speaks to, which way is closer, its scale, how it was measured and
//! the source every point cites (one of the map's, or a new one with its web address).
//!
//! Nothing reaches the map while it is filled in. "Import" builds the whole change, checks
//! the map it would make with the same validation a file gets, and only then hands the app
//! one undoable edit: the new source (if any) and the new indicator together.

use egui::{Id, TextEdit, Ui};

use crate::model::edit::Edit;
use crate::model::indicators::format_number;
use crate::model::{
    Closer, Indicator, IndicatorId, IndicatorPoint, MAX_NAME_CHARS, MAX_TEXT_CHARS, PowerId,
    SourceId, StanceMap, display_safe, id_from_text, new_source_with_link, unique_id, validate,
};
use crate::ui::theme::Palette;

/// The rows read from a CSV file, as the dialog shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRows {
    /// The file's name, for the dialog's first sentence.
    pub file_name: String,
    /// The good rows, in date order; their source is set on import.
    pub points: Vec<IndicatorPoint>,
    /// The rows that could not be read, each "line 5: …" (perhaps not all of them).
    pub bad_rows: Vec<String>,
    /// How many rows could not be read.
    pub bad_count: usize,
    /// How many rows below the header were read.
    pub rows_read: usize,
    /// What else the reading found worth saying (columns separated by semicolons, columns
    /// not read).
    pub remarks: Vec<String>,
}

impl ImportRows {
    /// The smallest and largest good value, when there is one.
    fn value_range(&self) -> Option<(f64, f64)> {
        let mut values = self.points.iter().map(|p| p.value);
        let first = values.next()?;
        Some(values.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
    }
}

/// Which source the imported points cite.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SourceChoice {
    /// A new source, from the form.
    New,
    /// One of the map's sources.
    Existing(SourceId),
}

/// The Import indicator dialog's answers, kept between frames while it is open.
#[derive(Clone, Debug)]
pub struct ImportIndicatorDialog {
    rows: ImportRows,
    name: String,
    unit: String,
    power: Option<PowerId>,
    closer: Closer,
    low: String,
    high: String,
    /// Whether the scale was typed in: until then it follows the unit (0–100 for %, else the
    /// data's smallest and largest value).
    scale_typed: bool,
    method: String,
    source: SourceChoice,
    author: String,
    year: String,
    entry: String,
    url: String,
    accessed: String,
    /// Why the last "Import" did not import.
    error: Option<String>,
    /// Whether the name field has been given the keyboard once.
    focused: bool,
}

/// What the user did with the dialog this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportAnswer {
    /// Still filling it in.
    Pending,
    /// Cancel, Escape or a click outside: nothing is imported.
    Cancelled,
    /// Import: one edit that adds the indicator (and its new source), checked valid.
    Import {
        /// The edit to apply, undoable in one step.
        edit: Edit,
        /// The new indicator's id.
        id: IndicatorId,
        /// How many points it has.
        points: usize,
    },
}

impl ImportIndicatorDialog {
    /// The dialog for `rows`, its power the one `selected` (else the map's first).
    pub fn new(map: &StanceMap, rows: ImportRows, selected: Option<&PowerId>) -> Self {
        let power = selected
            .filter(|id| map.power(id).is_some())
            .cloned()
            .or_else(|| map.powers.first().map(|p| p.id.clone()));
        let mut dialog = Self {
            rows,
            name: String::new(),
            unit: "%".to_owned(),
            power,
            closer: Closer::Higher,
            low: String::new(),
            high: String::new(),
            scale_typed: false,
            method: String::new(),
            source: SourceChoice::New,
            author: String::new(),
            year: String::new(),
            entry: String::new(),
            url: String::new(),
            accessed: String::new(),
            error: None,
            focused: false,
        };
        dialog.follow_unit();
        dialog
    }

    /// The scale the unit suggests, until the user types one: 0–100 for a percentage, else
    /// the data's own range (widened by one each way when every value is the same).
    fn follow_unit(&mut self) {
        if self.scale_typed {
            return;
        }
        let (low, high) = if self.unit.trim() == "%" {
            (0.0, 100.0)
        } else {
            match self.rows.value_range() {
                Some((lo, hi)) if hi > lo => (lo, hi),
                Some((v, _)) => (v - 1.0, v + 1.0),
                None => (0.0, 1.0),
            }
        };
        self.low = format_number(low);
        self.high = format_number(high);
    }

    /// The label of the button that imports: it names the good rows when some were bad, and
    /// says there is nothing to import when none is good.
    pub fn import_label(&self) -> String {
        let good = self.rows.points.len();
        if good == 0 {
            "Nothing to import".to_owned()
        } else if self.rows.bad_count == 0 {
            "Import".to_owned()
        } else if good == 1 {
            "Import the 1 good row".to_owned()
        } else {
            format!("Import the {good} good rows")
        }
    }

    /// The change the answers make to `map`, checked as a file's map is; or what to fix.
    pub fn build(&self, map: &StanceMap) -> Result<(Edit, IndicatorId), String> {
        if self.rows.points.is_empty() {
            return Err("The file has no row that can be imported.".to_owned());
        }
        let name = self.name.trim();
        if name.is_empty() {
            return Err("Give the indicator a name.".to_owned());
        }
        let power = self
            .power
            .clone()
            .filter(|p| map.power(p).is_some())
            .ok_or_else(|| "Choose the power the indicator speaks to.".to_owned())?;
        let low = parse_number(&self.low).ok_or_else(|| {
            format!(
                "\"{}\" is not a number: give the scale's low end.",
                self.low
            )
        })?;
        let high = parse_number(&self.high).ok_or_else(|| {
            format!(
                "\"{}\" is not a number: give the scale's high end.",
                self.high
            )
        })?;
        if low >= high {
            return Err("The scale's low end must be below its high end.".to_owned());
        }
        let mut sources = None;
        let source_id = match &self.source {
            SourceChoice::Existing(id) if map.source(id).is_some() => id.clone(),
            SourceChoice::Existing(_) => return Err("Choose a source.".to_owned()),
            SourceChoice::New => {
                let source = new_source_with_link(
                    map,
                    &self.author,
                    &self.year,
                    &self.entry,
                    &self.url,
                    &self.accessed,
                )
                .map_err(|e| format!("New source: {e}"))?;
                let id = source.id.clone();
                let mut all = map.sources.clone();
                all.push(source);
                sources = Some(all);
                id
            }
        };
        let base = match id_from_text(name) {
            id if id.is_empty() => "indicator".to_owned(),
            id => id,
        };
        let taken = |id: &str| map.indicators.iter().any(|i| i.id.0 == id);
        let suffixes = (2..=map.indicators.len() + 2).map(|n| format!("_{n}"));
        let id = IndicatorId(unique_id(&base, suffixes, taken).unwrap_or(base));
        let indicator = Indicator {
            id: id.clone(),
            name: name.to_owned(),
            unit: self.unit.trim().to_owned(),
            power,
            closer: self.closer,
            low,
            high,
            method: self.method.trim().to_owned(),
            points: self
                .rows
                .points
                .iter()
                .map(|p| IndicatorPoint {
                    source: source_id.clone(),
                    ..p.clone()
                })
                .collect(),
        };
        let mut indicators = map.indicators.clone();
        indicators.push(indicator);
        // The map it would make must pass the checks a file does, or nothing changes.
        let mut after = map.clone();
        after.indicators.clone_from(&indicators);
        if let Some(sources) = &sources {
            after.sources.clone_from(sources);
        }
        let problems = validate(&after);
        if !problems.is_empty() {
            let shown: Vec<String> = problems.iter().take(3).map(ToString::to_string).collect();
            let more = problems.len().saturating_sub(3);
            let more = if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            };
            return Err(format!(
                "The map would not be valid: {}{more}.",
                shown.join("; ")
            ));
        }
        let mut edits = Vec::new();
        if let Some(sources) = sources {
            edits.push(Edit::SetSources(sources));
        }
        edits.push(Edit::SetIndicators(indicators));
        Ok((Edit::Batch(edits), id))
    }

    /// Draw the dialog this frame.
    pub fn show(&mut self, ctx: &egui::Context, map: &StanceMap) -> ImportAnswer {
        let mut answer = ImportAnswer::Pending;
        let height = (ctx.content_rect().height() - 80.0).max(240.0);
        let modal = egui::Modal::new(Id::unique("import_indicator_dialog")).show(ctx, |ui| {
            ui.set_width(560.0_f32.min(ctx.content_rect().width() - 60.0));
            ui.heading("Import indicator");
            self.summary_ui(ui);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("import_indicator_form")
                .max_height((height - 230.0).max(120.0))
                .auto_shrink([false, true])
                .show(ui, |ui| self.fields_ui(ui, map));
            if let Some(error) = &self.error {
                ui.add_space(4.0);
                ui.colored_label(Palette::of(ui).warning, format!("⚠ {error}"));
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let can = !self.rows.points.is_empty();
                let tip = if self.rows.bad_count == 0 {
                    "Add the series to the map as a measured indicator (Undo takes it back)"
                        .to_owned()
                } else {
                    format!(
                        "Add the {} good rows as a measured indicator; the {} rows listed above \
                         are left out (Undo takes it back)",
                        self.rows.points.len(),
                        self.rows.bad_count
                    )
                };
                let import = ui
                    .add_enabled(can, egui::Button::new(self.import_label()))
                    .on_hover_text(tip)
                    .on_disabled_hover_text(
                        "No row of the file can be imported: correct the rows listed above in \
                         the spreadsheet, save it as CSV again and import it again",
                    );
                if import.clicked() {
                    match self.build(map) {
                        Ok((edit, id)) => {
                            answer = ImportAnswer::Import {
                                edit,
                                id,
                                points: self.rows.points.len(),
                            };
                        }
                        Err(error) => self.error = Some(error),
                    }
                }
                if ui
                    .button("Cancel")
                    .on_hover_text("Close this dialog; nothing is imported")
                    .clicked()
                {
                    answer = ImportAnswer::Cancelled;
                }
            });
        });
        if matches!(answer, ImportAnswer::Pending) && modal.should_close() {
            answer = ImportAnswer::Cancelled;
        }
        answer
    }

    /// How many rows were read, and the bad ones with their line numbers.
    fn summary_ui(&self, ui: &mut Ui) {
        let rows = &self.rows;
        let file = display_safe(&rows.file_name);
        let good = rows.points.len();
        let read = match rows.rows_read {
            0 => format!("{file} has a header row but no rows of data."),
            1 => format!("Read 1 row from {file}."),
            n => format!("Read {n} rows from {file}."),
        };
        let verdict = match (good, rows.bad_count) {
            (_, 0) if good > 0 => " All of them can be imported.".to_owned(),
            (_, 0) => String::new(),
            (0, bad) => format!(" None can be imported: {} listed below.", rows_word(bad)),
            (good, bad) => format!(
                " {} can be imported; {} cannot, listed below, and would be left out.",
                rows_word(good),
                rows_word(bad)
            ),
        };
        ui.label(format!("{read}{verdict}"));
        for remark in &rows.remarks {
            ui.weak(remark);
        }
        if rows.bad_count > 0 {
            let warning = Palette::of(ui).warning;
            egui::ScrollArea::vertical()
                .id_salt("import_bad_rows")
                .max_height(110.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for bad in &rows.bad_rows {
                        ui.colored_label(warning, format!("⚠ {}", display_safe(bad)));
                    }
                    let unlisted = rows.bad_count.saturating_sub(rows.bad_rows.len());
                    if unlisted > 0 {
                        ui.colored_label(
                            warning,
                            format!("… and {} more that cannot be read", rows_word(unlisted)),
                        );
                    }
                });
        }
    }

    /// The indicator's name, unit, power, direction, scale and method; then its source.
    fn fields_ui(&mut self, ui: &mut Ui, map: &StanceMap) {
        egui::Grid::new("import_indicator_fields")
            .num_columns(2)
            // Both grids start their fields at one edge.
            .min_col_width(LABEL_WIDTH)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Name").on_hover_text(
                    "What was measured and by whom, as the timeline and handouts name it",
                );
                let name = ui
                    .add(
                        TextEdit::singleline(&mut self.name)
                            .char_limit(MAX_NAME_CHARS)
                            .hint_text("for example ISAC: alignment with EU declarations")
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id);
                if !self.focused {
                    self.focused = true;
                    name.request_focus();
                }
                ui.end_row();

                let label = ui
                    .label("Unit")
                    .on_hover_text("The unit of the values; % gives the timeline a 0–100% axis");
                let unit = ui
                    .add(
                        TextEdit::singleline(&mut self.unit)
                            .char_limit(MAX_NAME_CHARS)
                            .hint_text("%, a share, an index…")
                            .desired_width(120.0),
                    )
                    .labelled_by(label.id);
                if unit.changed() {
                    self.follow_unit();
                }
                ui.end_row();

                let label = ui.label("Power").on_hover_text(
                    "The power the series speaks to: it is drawn under that power's judged line",
                );
                let shown = self
                    .power
                    .as_ref()
                    .and_then(|id| map.power(id))
                    .map_or_else(
                        || "choose a power".to_owned(),
                        |p| display_safe(&p.name).into_owned(),
                    );
                egui::ComboBox::from_id_salt("import_indicator_power")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for power in &map.powers {
                            ui.selectable_value(
                                &mut self.power,
                                Some(power.id.clone()),
                                display_safe(&power.name),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text("The power the series speaks to");
                ui.end_row();

                ui.label("Closer when").on_hover_text(
                    "Which way the values move when the country comes closer to the power",
                );
                ui.horizontal(|ui| {
                    for (closer, text, tip) in [
                        (
                            Closer::Higher,
                            "Higher",
                            "A higher value means closer (alignment, support for membership)",
                        ),
                        (
                            Closer::Lower,
                            "Lower",
                            "A lower value means closer (a distance between voting positions)",
                        ),
                    ] {
                        ui.radio_value(&mut self.closer, closer, text)
                            .on_hover_text(tip);
                    }
                });
                ui.end_row();

                ui.label("Scale").on_hover_text(
                    "The values drawn at the bottom and the top of the indicator's own scale",
                );
                ui.horizontal(|ui| {
                    let mut typed = false;
                    for (text, field) in [("low end", &mut self.low), ("high end", &mut self.high)]
                    {
                        typed |= ui
                            .add(TextEdit::singleline(field).desired_width(70.0))
                            .accessible_name(format!("Scale {text}"))
                            .on_hover_text(format!("The value drawn at the scale's {text}"))
                            .changed();
                        if text == "low end" {
                            ui.label("to");
                        }
                    }
                    self.scale_typed |= typed;
                    if let Some(outside) = self.outside_scale() {
                        ui.colored_label(Palette::of(ui).warning, outside);
                    }
                });
                ui.end_row();

                let label = ui.label("Method").on_hover_text(
                    "How it is measured and what it leaves out, in a sentence or two",
                );
                ui.add(
                    TextEdit::multiline(&mut self.method)
                        .char_limit(MAX_TEXT_CHARS)
                        .hint_text(
                            "for example: share of EU declarations Serbia joined, by calendar year",
                        )
                        .desired_rows(2)
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        ui.add_space(6.0);
        self.source_ui(ui, map);
    }

    /// "2 values lie outside the scale", when some do.
    fn outside_scale(&self) -> Option<String> {
        let (low, high) = (parse_number(&self.low)?, parse_number(&self.high)?);
        let outside = self
            .rows
            .points
            .iter()
            .filter(|p| p.value < low || p.value > high)
            .count();
        match outside {
            0 => None,
            1 => Some("⚠ 1 value lies outside it".to_owned()),
            n => Some(format!("⚠ {n} values lie outside it")),
        }
    }

    /// The source every point cites: one of the map's, or a new one.
    fn source_ui(&mut self, ui: &mut Ui, map: &StanceMap) {
        ui.strong("Source");
        ui.weak("Every imported value cites this source.");
        let shown = match &self.source {
            SourceChoice::New => "A new source".to_owned(),
            SourceChoice::Existing(id) => map.source(id).map_or_else(
                || id.0.clone(),
                |s| display_safe(&s.citation("")).into_owned(),
            ),
        };
        // Two fields a row where one is short (the year, the day), so the whole form fits a
        // 1280 × 720 screen without scrolling.
        let field = |ui: &mut Ui, text: &str, tip: &str, hint: &str, value: &mut String, width| {
            // Named in full, as in Edit map › Sources.
            ui.add(
                TextEdit::singleline(value)
                    .char_limit(MAX_NAME_CHARS * 10)
                    .hint_text(hint)
                    .desired_width(width),
            )
            .accessible_name(format!("{text} of the new source"))
            .on_hover_text(tip);
        };
        egui::Grid::new("import_indicator_source_fields")
            .num_columns(2)
            // Both grids start their fields at one edge.
            .min_col_width(LABEL_WIDTH)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Cite");
                egui::ComboBox::from_id_salt("import_indicator_source")
                    .selected_text(shown)
                    .width(360.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.source, SourceChoice::New, "A new source");
                        for source in &map.sources {
                            ui.selectable_value(
                                &mut self.source,
                                SourceChoice::Existing(source.id.clone()),
                                display_safe(&source.citation("")),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text("One of the map's sources, or a new one described below");
                ui.end_row();
                if self.source != SourceChoice::New {
                    return;
                }
                ui.label("Author").on_hover_text(AUTHOR_TIP);
                ui.horizontal(|ui| {
                    let hint = "for example ISAC Fund";
                    field(ui, "Author", AUTHOR_TIP, hint, &mut self.author, 220.0);
                    ui.label("Year").on_hover_text(YEAR_TIP);
                    field(ui, "Year", YEAR_TIP, "2023", &mut self.year, 60.0);
                });
                ui.end_row();
                ui.label("Full entry").on_hover_text(ENTRY_TIP);
                let hint = "title, publisher…";
                field(ui, "Full entry", ENTRY_TIP, hint, &mut self.entry, 360.0);
                ui.end_row();
                ui.label("Web address").on_hover_text(URL_TIP);
                ui.horizontal(|ui| {
                    field(
                        ui,
                        "Web address",
                        URL_TIP,
                        "https://…",
                        &mut self.url,
                        220.0,
                    );
                    ui.label("Accessed").on_hover_text(ACCESSED_TIP);
                    let hint = "2024-03-09";
                    field(ui, "Accessed", ACCESSED_TIP, hint, &mut self.accessed, 90.0);
                });
                ui.end_row();
            });
    }
}

/// A tooltip of the new-source form.
const AUTHOR_TIP: &str = "Who published the figures: a person or an organisation";
/// A tooltip of the new-source form.
const YEAR_TIP: &str = "The year it was published; empty for no date (n.d.)";
/// A tooltip of the new-source form.
const ENTRY_TIP: &str =
    "The reference as a bibliography gives it; empty, it is made from the author and year";
/// A tooltip of the new-source form.
const URL_TIP: &str = "Where the figures can be read, starting with https://";
/// A tooltip of the new-source form.
const ACCESSED_TIP: &str = "The day you read the page, as YYYY-MM-DD";

/// The width of the form's labels, so its two grids line up.
const LABEL_WIDTH: f32 = 84.0;

/// "1 row", "5 rows".
fn rows_word(n: usize) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

/// A number typed into the scale: a decimal point or comma, finite.
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    text.parse::<f64>().ok().filter(|v| plain && v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Power, Source};

    fn map() -> StanceMap {
        let mut map = StanceMap::empty();
        map.powers.push(Power {
            id: PowerId("eu".into()),
            name: "EU".into(),
            color: "#1f4e9c".into(),
            bearing_deg: 0.0,
            track: Vec::new(),
        });
        map.sources.push(Source {
            id: SourceId("isac2023".into()),
            author: "ISAC Fund".into(),
            year: Some(2023),
            entry: String::new(),
            url: String::new(),
            accessed: String::new(),
        });
        map
    }

    fn rows(values: &[(i32, f64)], bad: usize) -> ImportRows {
        ImportRows {
            file_name: "a.csv".into(),
            points: values
                .iter()
                .map(|&(year, value)| IndicatorPoint {
                    date: Date::year(year),
                    value,
                    source: SourceId(String::new()),
                    note: String::new(),
                    uncertain: false,
                })
                .collect(),
            bad_rows: (0..bad).map(|i| format!("line {}: bad", i + 2)).collect(),
            bad_count: bad,
            rows_read: values.len() + bad,
            remarks: Vec::new(),
        }
    }

    #[test]
    fn the_scale_follows_the_unit_until_typed() {
        let mut dialog =
            ImportIndicatorDialog::new(&map(), rows(&[(2020, 0.3), (2021, 0.7)], 0), None);
        assert_eq!((dialog.low.as_str(), dialog.high.as_str()), ("0", "100"));
        dialog.unit = "coincidence".into();
        dialog.follow_unit();
        assert_eq!((dialog.low.as_str(), dialog.high.as_str()), ("0.3", "0.7"));
        dialog.scale_typed = true;
        dialog.unit = "%".into();
        dialog.follow_unit();
        assert_eq!(dialog.low, "0.3", "a typed scale stays");
    }

    #[test]
    fn import_builds_one_valid_edit_with_every_point_citing_the_source() {
        let map = map();
        let mut dialog =
            ImportIndicatorDialog::new(&map, rows(&[(2020, 56.0), (2021, 62.0)], 1), None);
        assert_eq!(dialog.import_label(), "Import the 2 good rows");
        assert_eq!(
            dialog.build(&map).unwrap_err(),
            "Give the indicator a name."
        );
        dialog.name = "ISAC: CFSP alignment".into();
        assert!(
            dialog
                .build(&map)
                .unwrap_err()
                .starts_with("New source: Give the author")
        );
        dialog.author = "ISAC Fund".into();
        dialog.year = "2023".into();
        dialog.url = "https://www.isac-fund.org".into();
        let (edit, id) = dialog.build(&map).unwrap();
        assert_eq!(id.0, "isac_cfsp_alignment");
        let mut after = map.clone();
        crate::model::edit::apply(&mut after, &edit).unwrap();
        assert_eq!(after.sources.len(), 2);
        let new_source = &after.sources[1];
        assert_eq!(new_source.id.0, "isac_fund2023");
        assert_eq!(new_source.url, "https://www.isac-fund.org");
        let indicator = after.indicator(&id).unwrap();
        assert_eq!(indicator.power.0, "eu");
        assert_eq!((indicator.low, indicator.high), (0.0, 100.0));
        assert!(indicator.points.iter().all(|p| p.source == new_source.id));
        // An existing source: no new one, and an id not taken twice.
        dialog.source = SourceChoice::Existing(SourceId("isac2023".into()));
        let (edit, id2) = dialog.build(&after).unwrap();
        assert_eq!(id2.0, "isac_cfsp_alignment_2");
        assert!(matches!(&edit, Edit::Batch(edits) if edits.len() == 1));
    }

    #[test]
    fn what_validation_refuses_is_said_before_the_map_changes() {
        let map = map();
        let mut dialog = ImportIndicatorDialog::new(&map, rows(&[(2020, 1.0)], 0), None);
        dialog.name = "x".repeat(300);
        dialog.source = SourceChoice::Existing(SourceId("isac2023".into()));
        let error = dialog.build(&map).unwrap_err();
        assert!(error.starts_with("The map would not be valid:"), "{error}");
        dialog.name = "ok".into();
        dialog.low = "100".into();
        dialog.high = "0".into();
        assert!(
            dialog
                .build(&map)
                .unwrap_err()
                .contains("low end must be below")
        );
        let none = ImportIndicatorDialog::new(&map, rows(&[], 3), None);
        assert_eq!(none.import_label(), "Nothing to import");
        assert!(none.build(&map).is_err());
    }
}
