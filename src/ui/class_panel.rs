//! The class panel (View › Class panel): how far a class of readings agrees, and where it does
//! not. Three columns along the bottom of the window:
//!
//! - "Agreement": Krippendorff's alpha for interval data per power, then pooled over all powers
//!   (which counts differences between powers as agreement, so it comes last), with its words
//!   and the number of values it rests on ([`Class::alpha`], [`Class::agreement_words`]);
//! - "Where the class disagrees most": the keyframes ranked by [`Class::most_disagreed`]; a click
//!   goes there, as a row of the "Judgement and data" panel does (the date, the power and its
//!   keyframe selected, so the evidence panel lists every reading's value there);
//! - "Furthest from the reference": the readings ranked by [`Class::furthest_from_reference`];
//!   a click asks ([`Change::CompareWithReading`]) for the two-map compare with that reading.
//!
//! The panel writes nothing itself: it reads the class from the session and pushes changes.

use egui::RichText;

use crate::model::class::{Class, Spread};
use crate::model::{Date, PowerId, display_safe, format_strength_signed};
use crate::ui::actions::Action;
use crate::ui::changes::{Change, Changes};
use crate::ui::session::{KeyframeRef, Session};
use crate::ui::theme::{Palette, power_color, readable_on};

/// The panel's heading.
pub const HEADING: &str = "Class of readings";

/// What the panel says when no class is open.
pub const NO_CLASS: &str = "No class is open. File › Open class… opens a folder of your \
     students' readings of this map (made with File › Make exercise…).";

/// The heading of the agreement column.
pub const AGREEMENT: &str = "Agreement";

/// The heading of the column of keyframes ranked by disagreement.
pub const DISAGREES_MOST: &str = "Where the class disagrees most";

/// The heading of the column of readings ranked by their distance from the reference.
pub const FURTHEST: &str = "Furthest from the reference";

/// What alpha is, in one sentence, as the agreement figures' tooltip says it.
pub const ALPHA_TOOLTIP: &str = "Krippendorff's alpha for interval data: 1 means the readers \
     agree perfectly, 0 no better than chance (as if each value had been drawn at random from \
     all the values given), below 0 they disagree more than chance would; 0.800 or more is \
     commonly taken as reliable, 0.667 as the least for tentative conclusions. n is the number \
     of judged values it rests on: those at keyframes at least two readers judged.";

/// What the panel says in place of a figure that cannot be computed.
pub const NO_FIGURE: &str = "too few values to tell";

/// What the panel says when the class has no reference reading.
pub const NO_REFERENCE: &str = "No reference reading: open the class with your own map as the \
     reference to see whose readings lie furthest from it.";

/// How many rows each ranked column lists at most.
pub const TOP_ROWS: usize = 10;

/// The name of the row of the figure pooled over all powers.
pub const POOLED: &str = "All powers pooled";

/// The tooltip of the pooled figure: why it runs higher than the powers' own.
pub const POOLED_TOOLTIP: &str = "Pooled over every power's keyframes: differences between \
     powers count as agreement here, so it runs higher than the powers' own figures; read \
     those first.";

/// The accessible label of the pooled figure: "All powers pooled: α 0.394, …, n 12".
pub fn pooled_label(class: &Class) -> String {
    figure_text(POOLED, class.alpha(None), class.alpha_n(None))
}

/// The accessible label of a power's figure: "EU: α 0.714, tentative agreement, n 6".
pub fn power_label(class: &Class, power: &PowerId) -> String {
    let name = class
        .map
        .power(power)
        .map_or_else(|| power.to_string(), |p| display_safe(&p.name).into_owned());
    figure_text(&name, class.alpha(Some(power)), class.alpha_n(Some(power)))
}

/// "NAME: α 0.714, WORDS, n 6", or "NAME: too few values to tell, n 1".
fn figure_text(name: &str, alpha: Option<f64>, n: usize) -> String {
    match alpha {
        Some(a) => format!(
            "{name}: α {}, {}, n {n}",
            format_alpha(a),
            Class::agreement_words(a)
        ),
        None => format!("{name}: {NO_FIGURE}, n {n}"),
    }
}

/// An agreement figure to three decimals, as Krippendorff reports them, with a true minus:
/// "0.714", "−0.250".
pub fn format_alpha(alpha: f64) -> String {
    let text = format!("{:.3}", alpha.abs());
    if alpha < 0.0 && text != "0.000" {
        format!("−{text}")
    } else {
        text
    }
}

/// The accessible label of a row of the disagreement column: "EU, 2011: median +0.30,
/// quartiles +0.15 to +0.45, n 3".
pub fn disagreement_label(class: &Class, power: &PowerId, date: Date, spread: &Spread) -> String {
    let name = class
        .map
        .power(power)
        .map_or_else(|| power.to_string(), |p| display_safe(&p.name).into_owned());
    format!("{name}, {date}: {}", spread_words(spread))
}

/// "median +0.30, quartiles +0.15 to +0.45, n 3".
pub fn spread_words(spread: &Spread) -> String {
    format!(
        "median {}, quartiles {} to {}, n {}",
        format_strength_signed(spread.median),
        format_strength_signed(spread.q1),
        format_strength_signed(spread.q3),
        spread.n
    )
}

/// How many keyframes a distance rests on: "over 3 keyframes", "over 1 keyframe".
fn over_keyframes(count: usize) -> String {
    format!("over {count} keyframe{}", if count == 1 { "" } else { "s" })
}

/// The accessible label of a row of the readings column: "Ana (ana.ron): 0.25 from the
/// reference on average over 3 keyframes".
pub fn reading_label(class: &Class, reading: usize, distance: f64, count: usize) -> String {
    let name = class.readings.get(reading).map_or_else(
        || format!("reading {}", reading + 1),
        |r| format!("{} ({})", display_safe(&r.label), display_safe(&r.file)),
    );
    format!(
        "{name}: {distance:.2} from the reference on average {}",
        over_keyframes(count)
    )
}

/// Ask to go to the keyframe of `power` at `date`: the date there, the power and its keyframe
/// selected.
pub fn go_to(power: &PowerId, date: Date, changes: &mut Changes) {
    let year_f64 = date.to_year_f64();
    changes.set_date(year_f64);
    changes.select_power(Some(power.clone()));
    changes.select_keyframe(Some(KeyframeRef {
        power: power.clone(),
        year_f64,
    }));
}

/// Show the panel along the bottom of `ui`: the class's agreement, where it disagrees most,
/// and the readings furthest from the reference; one line on how to open a class when none
/// is open.
pub fn class_panel_ui(ui: &mut egui::Ui, session: &Session, changes: &mut Changes) {
    // The date and selection views drawn before asked for this frame.
    let pending = changes.pending_session(session);
    let session = pending.as_ref();
    let line = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    // Room for the overall figure and up to three powers (the columns scroll): the compass and
    // the timeline keep their room in a small window.
    let rows = session
        .class
        .as_ref()
        .map_or(1, |class| class.map.powers.len().clamp(1, 3) + 1);
    let default = line * (2.5 + rows as f32) + 2.0 * ui.spacing().window_margin.bottomf();
    // While a class is open, never less than that room: the height egui keeps from a run
    // that showed only the one line of the empty panel would leave two rows.
    let min = if session.class.is_some() {
        default
    } else {
        line * 2.5
    };
    egui::Panel::bottom("class_panel")
        .resizable(true)
        .default_size(default)
        .min_size(min)
        .show(ui, |ui| {
            header_ui(ui, session.class.as_deref(), changes);
            let Some(class) = session.class.as_deref() else {
                ui.weak(NO_CLASS);
                return;
            };
            ui.columns(3, |columns| {
                egui::ScrollArea::vertical()
                    .id_salt("class_agreement")
                    .auto_shrink([false, false])
                    .show(&mut columns[0], |ui| agreement_ui(ui, class));
                egui::ScrollArea::vertical()
                    .id_salt("class_disagreed")
                    .auto_shrink([false, false])
                    .show(&mut columns[1], |ui| {
                        disagreed_ui(ui, class, session, changes);
                    });
                egui::ScrollArea::vertical()
                    .id_salt("class_furthest")
                    .auto_shrink([false, false])
                    .show(&mut columns[2], |ui| furthest_ui(ui, class, changes));
            });
        });
}

/// The heading, how many readings, and the close button.
fn header_ui(ui: &mut egui::Ui, class: Option<&Class>, changes: &mut Changes) {
    ui.horizontal(|ui| {
        ui.strong(HEADING);
        if let Some(class) = class {
            let n = class.readings.len();
            let whose = if class.has_reference {
                ", with your map as the reference"
            } else {
                ""
            };
            ui.weak(format!(
                "{n} {}{whose}. Every value is a reader's judgement.",
                if n == 1 { "reading" } else { "readings" }
            ));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let close = ui
                .button("✖")
                .on_hover_text(Action::ToggleClassPanel.tooltip());
            close.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Close class panel")
            });
            if close.clicked() {
                changes.action(Action::ToggleClassPanel);
            }
        });
    });
}

/// Alpha per power, then pooled over all powers, each with its words and n; the definition
/// on hover (and for the pooled figure why it runs higher).
fn agreement_ui(ui: &mut egui::Ui, class: &Class) {
    ui.label(RichText::new(AGREEMENT).strong())
        .on_hover_text(ALPHA_TOOLTIP);
    let palette = Palette::of(ui);
    for power in &class.map.powers {
        let color = readable_on(power_color(&power.color), ui.visuals().panel_fill);
        figure_row_ui(
            ui,
            (&display_safe(&power.name), color),
            class.alpha(Some(&power.id)),
            class.alpha_n(Some(&power.id)),
        )
        .on_hover_text(ALPHA_TOOLTIP);
    }
    figure_row_ui(
        ui,
        (POOLED, palette.text),
        class.alpha(None),
        class.alpha_n(None),
    )
    .on_hover_text(format!("{POOLED_TOOLTIP}\n\n{ALPHA_TOOLTIP}"));
}

/// One figure as one label (so it reads as one line aloud): the name in its colour, α, its
/// words and n, as [`figure_text`] says them.
fn figure_row_ui(
    ui: &mut egui::Ui,
    name: (&str, egui::Color32),
    alpha: Option<f64>,
    n: usize,
) -> egui::Response {
    let palette = Palette::of(ui);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let format = |font_id: &egui::FontId, color| egui::TextFormat {
        font_id: font_id.clone(),
        color,
        ..egui::TextFormat::default()
    };
    let mut job = egui::text::LayoutJob::default();
    job.append(&format!("{}: ", name.0), 0.0, format(&font, name.1));
    match alpha {
        Some(a) => {
            job.append(
                &format!("α {}", format_alpha(a)),
                0.0,
                format(&font, palette.text),
            );
            job.append(
                &format!(", {}", Class::agreement_words(a)),
                0.0,
                format(&font, palette.text),
            );
        }
        None => job.append(NO_FIGURE, 0.0, format(&font, palette.weak_text)),
    }
    job.append(&format!(", n {n}"), 0.0, format(&font, palette.weak_text));
    ui.label(job)
}

/// The keyframes where the class disagrees most; a click goes there.
fn disagreed_ui(ui: &mut egui::Ui, class: &Class, session: &Session, changes: &mut Changes) {
    ui.label(RichText::new(DISAGREES_MOST).strong())
        .on_hover_text(
            "The keyframes where the readers' values are most spread out. Click one to go there: \
         the evidence panel lists every reading's value and reasoning.",
        );
    let rows = class.most_disagreed();
    if rows.is_empty() {
        ui.weak("No keyframe has values from two readings or more yet.");
    }
    let palette = Palette::of(ui);
    for (power, date, spread) in rows.iter().take(TOP_ROWS) {
        let here = session
            .selected_keyframe
            .as_ref()
            .is_some_and(|k| &k.power == power && (k.year_f64 - date.to_year_f64()).abs() < 1e-9);
        let behind = if here {
            ui.visuals().selection.bg_fill
        } else {
            ui.visuals().panel_fill
        };
        let (name, color) = class.map.power(power).map_or_else(
            || (power.to_string(), palette.text),
            |p| {
                (
                    display_safe(&p.name).into_owned(),
                    readable_on(power_color(&p.color), behind),
                )
            },
        );
        let mut job = egui::text::LayoutJob::default();
        let font = egui::TextStyle::Button.resolve(ui.style());
        let format = |color| egui::TextFormat {
            font_id: font.clone(),
            color,
            ..egui::TextFormat::default()
        };
        job.append(&name, 0.0, format(color));
        job.append(
            &format!("  {date}  {}", spread_words(spread)),
            0.0,
            format(palette.text),
        );
        let response = ui
            .add(egui::Button::selectable(here, job).truncate())
            .on_hover_text(format!(
                "Lowest {}, highest {}. Click to go to this keyframe.",
                format_strength_signed(spread.min),
                format_strength_signed(spread.max)
            ));
        let label = disagreement_label(class, power, *date, spread);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if response.clicked() {
            go_to(power, *date, changes);
        }
    }
}

/// The readings furthest from the reference; a click compares the open map with one.
fn furthest_ui(ui: &mut egui::Ui, class: &Class, changes: &mut Changes) {
    ui.label(RichText::new(FURTHEST).strong()).on_hover_text(
        "The readings whose values lie furthest from the reference's, on average over the \
         keyframes both judged. Click one to compare it with the open map.",
    );
    if !class.has_reference {
        ui.weak(NO_REFERENCE);
        return;
    }
    let rows = class.furthest_from_reference();
    if rows.is_empty() {
        ui.weak("No reading has judged a keyframe the reference has.");
    }
    for &(reading, distance, count) in rows.iter().take(TOP_ROWS) {
        let Some(r) = class.readings.get(reading) else {
            continue;
        };
        let text = format!(
            "{}  {distance:.2} on average {}",
            display_safe(&r.label),
            over_keyframes(count)
        );
        let response = ui
            .add(egui::Button::selectable(false, text).truncate())
            .on_hover_text(format!(
                "{}. Click to compare this reading with the open map, side by side.",
                display_safe(&r.file)
            ));
        let label = reading_label(class, reading, distance, count);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if response.clicked() {
            changes.push(Change::CompareWithReading(reading));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_alpha;

    #[test]
    fn alpha_is_written_to_three_decimals_with_a_true_minus_and_no_negative_zero() {
        assert_eq!(format_alpha(5.0 / 7.0), "0.714");
        assert_eq!(format_alpha(-0.25), "−0.250");
        assert_eq!(format_alpha(-0.0001), "0.000");
        assert_eq!(format_alpha(1.0), "1.000");
    }
}
