//! Whose map this is: the map's title, its analyst and its source on one line at the right
//! of the menu bar, where it takes no room from the compass.

use egui::text::LayoutJob;
use egui::{FontId, TextFormat};

use crate::model::{ARTICLE_SOURCE_ID, SourceId, StanceMap, display_safe};

/// Where the map's evidence comes from, in a few words: the bibliography's "article" source
/// (its author and entry), or else the first sentence of the map's description; `None` when
/// the map gives neither.
pub fn map_source(map: &StanceMap) -> Option<String> {
    if let Some(source) = map.source(&SourceId(ARTICLE_SOURCE_ID.to_owned())) {
        let entry = source.entry.trim();
        let author = source.author.trim();
        let text = match (author.is_empty(), entry.is_empty()) {
            (_, true) => author.to_owned(),
            (true, false) => entry.to_owned(),
            (false, false) => format!("{author}, {entry}"),
        };
        if !text.is_empty() {
            return Some(text);
        }
    }
    let description = map.description.trim();
    let first = match description.find(". ") {
        Some(end) => &description[..=end],
        None => description,
    };
    (!first.is_empty()).then(|| first.to_owned())
}

/// The header's parts: the title, "by" the analyst, and the source, each when the map has it.
pub fn header_parts(map: &StanceMap) -> (String, Option<String>, Option<String>) {
    let analyst = map.analyst.trim();
    (
        display_safe(map.title.trim()).into_owned(),
        (!analyst.is_empty()).then(|| display_safe(analyst).into_owned()),
        map_source(map).map(|s| display_safe(&s).into_owned()),
    )
}

/// The header in the space left in `ui` (the menu bar), right-aligned and cut with "…" where
/// it does not fit; hovering shows all of it.
pub fn map_header_ui(ui: &mut egui::Ui, map: &StanceMap) {
    let (title, analyst, source) = header_parts(map);
    if title.is_empty() && analyst.is_none() && source.is_none() {
        return;
    }
    let font = FontId::proportional(ui.text_style_height(&egui::TextStyle::Body) * 0.85);
    let strong = TextFormat::simple(font.clone(), ui.visuals().strong_text_color());
    let weak = TextFormat::simple(font, ui.visuals().weak_text_color());
    let mut job = LayoutJob::default();
    job.append(&title, 0.0, strong);
    if let Some(analyst) = &analyst {
        job.append(&format!(" · by {analyst}"), 0.0, weak.clone());
    }
    if let Some(source) = &source {
        job.append(&format!(" · source: {source}"), 0.0, weak);
    }
    let mut tooltip = vec![format!("Map: {title}")];
    tooltip.extend(analyst.as_ref().map(|a| format!("Analyst: {a}")));
    tooltip.extend(source.as_ref().map(|s| format!("Source: {s}")));
    let tooltip = tooltip.join("\n");
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.add(egui::Label::new(job).truncate())
            .on_hover_text(tooltip);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_map_names_its_analyst_and_the_article() {
        // The article's map's header, as it has it.
        let mut map = StanceMap::empty();
        map.title = " Serbia between the EU, Russia, China and the US/NATO".to_owned();
        map.analyst = "The stance-map developers, reading the article alone ".to_owned();
        map.description = "A stance map. Built from the article.".to_owned();
        map.sources.push(crate::model::Source {
            id: SourceId(ARTICLE_SOURCE_ID.to_owned()),
            author: "STEAR contributors".to_owned(),
            year: None,
            entry: "An “Ironclad Friendship”? Sino-Serbian Relations Amidst Global Pressure on \
                    Russia."
                .to_owned(),
            url: String::new(),
            accessed: String::new(),
        });
        let (title, analyst, source) = header_parts(&map);
        assert_eq!(
            title,
            "Serbia between the EU, Russia, China and the US/NATO"
        );
        assert_eq!(
            analyst.as_deref(),
            Some("The stance-map developers, reading the article alone")
        );
        let source = source.unwrap();
        assert!(
            source.starts_with("STEAR contributors, An “Ironclad Friendship”?"),
            "{source}"
        );
    }

    #[test]
    fn without_an_article_source_the_description_s_first_sentence_is_the_source() {
        let mut map = StanceMap::empty();
        map.description = "Built from Smith (2020). Values are judgements.".to_owned();
        assert_eq!(
            map_source(&map).as_deref(),
            Some("Built from Smith (2020).")
        );
        map.description = "One sentence only".to_owned();
        assert_eq!(map_source(&map).as_deref(), Some("One sentence only"));
        map.description = "  ".to_owned();
        assert_eq!(map_source(&map), None);
    }
}
