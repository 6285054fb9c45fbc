//! Exports from the File menu: where to write them (a Save dialog) and writing them.

use std::path::Path;

use crate::storage;
use crate::ui::file_dialog::{FileDialog, FileDialogMode};

use super::dialogs::{ActiveFileDialog, DialogPurpose};
use super::{Notice, Origin, StanceApp};

/// What a Save dialog is choosing a file for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveTarget {
    /// The map itself.
    Map,
    /// An evidence handout (Markdown or HTML, by the file's extension).
    Handout,
    /// The keyframes and their evidence as CSV.
    Csv,
    /// Every measured indicator's values with their sources as CSV.
    IndicatorsCsv,
    /// One PNG per story step, into a folder.
    Slides,
    /// The compass at the current story step (or date) as SVG.
    Svg,
}

/// The File › Export menu: what, its label, and its tooltip. "Measured indicators as CSV…"
/// shows only for a map that has indicators.
pub(super) const EXPORTS: [(SaveTarget, &str, &str); 5] = [
    (
        SaveTarget::Handout,
        "Evidence handout…",
        "Every keyframe with its reasoning, quotes and citations, and the bibliography, as a printable web page (.html) or as Markdown (.md)",
    ),
    (
        SaveTarget::Csv,
        "Keyframes as CSV…",
        "One row per keyframe and quote, for a spreadsheet",
    ),
    (
        SaveTarget::IndicatorsCsv,
        "Measured indicators as CSV…",
        "One row per measured value of each indicator, with its source and web address, for a spreadsheet",
    ),
    (
        SaveTarget::Slides,
        "Slides (PNG)…",
        "One 1920×1080 image per story step, into a folder",
    ),
    (
        SaveTarget::Svg,
        "Compass as SVG…",
        "The compass at the current story step as vector graphics, sharp on any projector",
    ),
];

/// The size of the picture "Copy view as image" puts on the clipboard, in pixels: a full
/// slide, so it pastes into a deck at the size of the exported slides.
pub const COPIED_IMAGE_SIZE_PX: [u32; 2] = [1920, 1080];

impl StanceApp {
    /// Edit › Copy view as image (Ctrl+Shift+C): the compass as it is now (its date, focus,
    /// hidden powers, comparison and theme) under the map's title and the date, or in presenter mode the current slide, drawn
    /// headless by the slides' renderer and put on the clipboard as an image.
    pub(super) fn copy_view_image(&mut self, ctx: &egui::Context) {
        let size = COPIED_IMAGE_SIZE_PX;
        let drawn = if self.session.presenting {
            crate::slides::render_step(&self.map, self.views.presenter.step(), size)
        } else {
            let mut session = self.session.clone();
            let dark = ctx.global_style().visuals.dark_mode;
            let map = &self.map;
            crate::slides::render_ui_to_rgba(
                size,
                crate::slides::slide_pixels_per_point(size),
                dark,
                |ui| {
                    // Whose map and when, so the picture stands on its own in a deck.
                    let page = ui.max_rect();
                    let header = format!(
                        "{} — {}",
                        crate::model::display_safe(&map.title),
                        crate::model::format_year_f64(session.date_year_f64)
                    );
                    let color = ui.visuals().text_color();
                    let header = ui.painter().text(
                        page.left_top() + egui::vec2(32.0, 24.0),
                        egui::Align2::LEFT_TOP,
                        header,
                        egui::FontId::proportional(34.0),
                        color,
                    );
                    let compass = egui::Rect::from_min_max(
                        egui::pos2(page.left(), header.bottom() + 8.0),
                        page.max,
                    );
                    ui.scope_builder(egui::UiBuilder::new().max_rect(compass), |ui| {
                        crate::ui::compass::CompassView::default().read_only_ui(
                            ui,
                            map,
                            &mut session,
                        );
                    });
                },
            )
        };
        match drawn {
            Ok(image) => {
                let [width, height] = [image.width as usize, image.height as usize];
                ctx.copy_image(egui::ColorImage::from_rgba_unmultiplied(
                    [width, height],
                    &image.rgba,
                ));
                // The audience sees no banner; the editor says what went where.
                if !self.session.presenting {
                    self.notice = Some(Notice::info(format!(
                        "Copied the compass as an image ({width}×{height}): paste it into your slides or document."
                    )));
                }
            }
            Err(error) => {
                self.show_error(format!("Could not copy the view as an image: {error}"));
            }
        }
    }

    /// Ask where to write an export of the map.
    pub fn start_export(&mut self, target: SaveTarget) {
        let stem = match &self.origin {
            Origin::File(path) => path
                .file_stem()
                .map_or_else(|| "map".to_owned(), |s| s.to_string_lossy().into_owned()),
            Origin::Article => "serbia".to_owned(),
            Origin::Empty => "map".to_owned(),
            Origin::New => super::commands::new_map_file_stem(&self.map.subject),
        };
        let name = match target {
            SaveTarget::Map => format!("{stem}.ron"),
            // A web page opens in any browser and prints; Markdown is for those who ask.
            SaveTarget::Handout => format!("{stem}-handout.html"),
            SaveTarget::Csv => format!("{stem}-keyframes.csv"),
            SaveTarget::IndicatorsCsv => format!("{stem}-indicators.csv"),
            SaveTarget::Slides => format!("{stem}-slides"),
            SaveTarget::Svg => format!("{stem}-compass.svg"),
        };
        let (title, extensions): (&str, &'static [&'static str]) = match target {
            SaveTarget::Map => ("Save the map as", &["ron"]),
            SaveTarget::Handout => (
                "Export the evidence handout as a web page (.html) or Markdown (.md)",
                &["html", "md"],
            ),
            SaveTarget::Csv => ("Export the keyframes as CSV", &["csv"]),
            SaveTarget::IndicatorsCsv => ("Export the measured indicators as CSV", &["csv"]),
            SaveTarget::Slides => ("Export the slides into a new folder", &[]),
            SaveTarget::Svg => ("Export the compass as SVG", &["svg"]),
        };
        self.show_file_dialog(ActiveFileDialog {
            dialog: FileDialog::new(FileDialogMode::Save, self.dialog_folder(), name)
                .for_purpose(title, extensions),
            purpose: DialogPurpose::Save(target),
        });
    }

    /// Write an export and say in the banner what was written, or why not.
    pub fn export_to(&mut self, target: SaveTarget, path: &Path) {
        let mut path = path.to_owned();
        let result: Result<String, String> = match target {
            SaveTarget::Map => {
                self.save_to(&path);
                return;
            }
            SaveTarget::Handout => {
                if path.extension().is_some_and(|e| e == "ron") {
                    path.set_extension("md");
                }
                crate::export::write_handout(&self.map, &path)
                    .map(|format| {
                        format!(
                            "Wrote the evidence handout ({}) to {}",
                            format.label(),
                            path.display()
                        )
                    })
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Csv => {
                path.set_extension("csv");
                crate::export::write_csv(&self.map, &path)
                    .map(|()| format!("Wrote the keyframes table to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::IndicatorsCsv => {
                path.set_extension("csv");
                crate::export::write_indicators_csv(&self.map, &path)
                    .map(|()| format!("Wrote the measured indicators table to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Svg => {
                path.set_extension("svg");
                let step = self.current_story_step();
                let svg = crate::slides::compass_svg(&self.map, step, [1920, 1080]);
                storage::write_atomically(&path, svg.as_bytes())
                    .map(|()| format!("Wrote the compass as SVG to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Slides => {
                path.set_extension("");
                self.export_slides(&path)
            }
        };
        self.notice = Some(match result {
            Ok(text) => Notice::info(text),
            Err(text) => Notice::error(format!("The export failed. {text}")),
        });
    }

    /// The story step at the current date, or the first step when the date is on none.
    fn current_story_step(&self) -> Option<usize> {
        self.map
            .story
            .iter()
            .position(|s| (s.date.to_year_f64() - self.session.date_year_f64).abs() < 1e-6)
            .or_else(|| (!self.map.story.is_empty()).then_some(0))
    }

    fn export_slides(&self, folder: &Path) -> Result<String, String> {
        if self.map.story.is_empty() {
            return Err(
                "The map's story has no steps yet: add some in the story panel.".to_owned(),
            );
        }
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for index in 0..self.map.story.len() {
            let path = folder.join(format!("step-{:02}.png", index + 1));
            crate::slides::render_step(&self.map, index, [1920, 1080])
                .and_then(|image| crate::slides::write_png(&path, &image))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(format!(
            "Wrote {} slides (1920×1080 PNG) to {}",
            self.map.story.len(),
            folder.display()
        ))
    }
}
