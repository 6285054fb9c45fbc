//! The "Getting started" card: what a first-time user needs to read the compass (the −1…+1
//! scale, the arrow styles, the confidence band) and where the evidence is. Shown on the first
//! run until "Got it", and again from Help › Getting started.

use crate::model::{StanceMap, display_safe};

/// The card's title, which is also its window's name.
pub const GETTING_STARTED: &str = "Getting started";
/// The button that dismisses the card.
pub const GOT_IT: &str = "Got it";

/// The card's paragraphs for `map` (its subject named where the words need it).
pub fn getting_started_text(map: &StanceMap) -> [String; 4] {
    let subject = if map.subject.trim().is_empty() {
        "the country".to_owned()
    } else {
        display_safe(&map.subject).into_owned()
    };
    [
        format!(
            "Each arrow shows how {subject} leans toward one power at the date shown, on a \
             scale from −1 (opposed) through 0 (neutral) to +1 (aligned). The values are the \
             analyst's judgement of the evidence, not measurements."
        ),
        "A solid arrow with a filled head leans toward its power; a dashed arrow with a \
         hollow head leans away from it. The outlined arrow is the net tilt, the mean of the \
         arrows shown."
            .to_owned(),
        "The pale band across an arrow's tip, and around each line on the timeline, is the \
         analyst's confidence: the wider, the less sure. A ring with ≠ marks a value that some \
         evidence points against."
            .to_owned(),
        "Click an arrow, a power or a dot on the timeline: the evidence panel on the right \
         shows the reasoning and the quotes, and \"Show in article\" opens the article at each \
         quote. Step through the dates with the left and right arrow keys, or present the story with F5."
            .to_owned(),
    ]
}

/// Show the card while `open`; `true` when the user dismissed it this frame ("Got it", or
/// the window's close button).
pub fn getting_started_ui(ctx: &egui::Context, map: &StanceMap, open: bool) -> bool {
    if !open {
        return false;
    }
    let mut still_open = true;
    let mut got_it = false;
    egui::Window::new(GETTING_STARTED)
        .open(&mut still_open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.set_max_width(420.0);
            for paragraph in getting_started_text(map) {
                ui.label(paragraph);
                ui.add_space(4.0);
            }
            ui.add_space(4.0);
            got_it = ui
                .button(GOT_IT)
                .on_hover_text("Hide this card; Help › Getting started shows it again")
                .clicked();
        });
    got_it || !still_open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_names_the_subject_and_explains_scale_arrows_band_and_evidence() {
        let mut map = StanceMap::empty();
        map.subject = "Serbia".to_owned();
        let text = getting_started_text(&map).join(" ");
        for words in [
            "how Serbia leans",
            "−1 (opposed)",
            "+1 (aligned)",
            "solid arrow",
            "dashed arrow",
            "pale band",
            "evidence panel",
            "judgement",
        ] {
            assert!(text.contains(words), "{words}");
        }
        let mut unnamed = StanceMap::empty();
        unnamed.subject = " ".to_owned();
        assert!(getting_started_text(&unnamed)[0].contains("how the country leans"));
    }
}
