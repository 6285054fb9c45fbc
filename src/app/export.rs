//! Exports from the File menu: where to write them (a Save dialog) and writing them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::StanceMap;
use crate::model::class::Class;
use crate::storage;
use crate::ui::file_dialog::{FileDialog, FileDialogMode};

use super::background::{Job, Progress};
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
    /// The whole map as one self-contained interactive web page.
    WebPage,
    /// The open class of readings: one row per power and keyframe date with its spread and
    /// the agreement figures.
    ClassCsv,
    /// File › Make exercise…: a copy of the map for students to judge
    /// ([`crate::model::exercise::make_exercise`]); the open map stays as it is.
    Exercise,
}

/// The File › Export menu: what, its label, and its tooltip. "Measured indicators as CSV…"
/// shows only for a map that has indicators; "Class summary as CSV…" is enabled only while a
/// class is open.
pub(super) const EXPORTS: [(SaveTarget, &str, &str); 7] = [
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
    (
        SaveTarget::WebPage,
        "Web page…",
        "The whole map as one interactive web page (.html) anyone can open in a browser, offline, from an e-mail or a USB stick: the compass at any date, the timeline, the evidence, the story and the bibliography",
    ),
    (
        SaveTarget::ClassCsv,
        "Class summary as CSV…",
        "For the open class: one row per power and keyframe date with how many readings \
         judged it, their median, quartiles, lowest, highest, mean and standard deviation, and \
         the agreement figures, for a spreadsheet",
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
            SaveTarget::WebPage => format!("{stem}-web.html"),
            SaveTarget::ClassCsv => format!("{stem}-class.csv"),
            SaveTarget::Exercise => format!("{stem}-exercise.ron"),
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
            SaveTarget::WebPage => ("Export the map as a web page", &["html"]),
            SaveTarget::ClassCsv => ("Export the class summary as CSV", &["csv"]),
            SaveTarget::Exercise => ("Save an exercise for students as", &["ron"]),
        };
        self.show_file_dialog(ActiveFileDialog {
            dialog: FileDialog::new(FileDialogMode::Save, self.dialog_folder(), name)
                .for_purpose(title, extensions),
            purpose: DialogPurpose::Save(target),
        });
    }

    /// Write an export on this thread and say in the banner what was written, or why not
    /// (the window writes them with [`StanceApp::export_in_background`]).
    pub fn export_to(&mut self, target: SaveTarget, path: &Path) {
        let Some(work) = self.export_work(target, path) else {
            return;
        };
        self.notice = Some(work.run(&Progress::default()).notice());
    }

    /// Write an export on a thread of its own, from a copy of the map, while the window keeps
    /// answering: a progress bar (one step per slide) with Cancel shows until it is done, and
    /// the banner then says what was written, or why not. One export at a time.
    pub fn export_in_background(&mut self, target: SaveTarget, path: &Path) {
        if self.jobs.export.is_some() {
            self.show_error(
                "Another export is still being written: wait for it, or cancel it, and export again."
                    .to_owned(),
            );
            return;
        }
        let Some(work) = self.export_work(target, path) else {
            return;
        };
        let total = work.steps();
        let what = work.what();
        self.jobs.export = Some(Job::spawn(what, total, move |progress| work.run(progress)));
    }

    /// What writing `target` to `path` needs, copied from the app; `None` for the map itself,
    /// which is saved at once.
    fn export_work(&mut self, target: SaveTarget, path: &Path) -> Option<ExportWork> {
        if target == SaveTarget::Map {
            self.save_to(path);
            return None;
        }
        if target == SaveTarget::Exercise
            && matches!(&self.origin, Origin::File(open) if open == path
                || open.canonicalize().ok().zip(path.canonicalize().ok()).is_some_and(|(a, b)| a == b))
        {
            self.show_error(format!(
                "{} is the map you have open: save the exercise under another name, so your own \
                 judgements are kept.",
                path.display()
            ));
            return None;
        }
        Some(ExportWork {
            target,
            path: path.to_owned(),
            step: self.current_story_step(),
            map: self.map.clone(),
            class: self.session.class.clone(),
        })
    }

    /// The story step at the current date, or the first step when the date is on none.
    fn current_story_step(&self) -> Option<usize> {
        self.map
            .story
            .iter()
            .position(|s| (s.date.to_year_f64() - self.session.date_year_f64).abs() < 1e-6)
            .or_else(|| (!self.map.story.is_empty()).then_some(0))
    }
}

/// How an export ended.
#[derive(Debug)]
pub(super) enum ExportOutcome {
    /// Written: what and where.
    Wrote(String),
    /// Not written, and why.
    Failed(String),
    /// Stopped by the user; nothing of it is left on disk.
    Cancelled,
}

impl ExportOutcome {
    /// The banner that says how it ended.
    pub(super) fn notice(self) -> Notice {
        match self {
            Self::Wrote(text) => Notice::info(text),
            Self::Failed(text) => Notice::error(format!("The export failed. {text}")),
            Self::Cancelled => {
                Notice::info("The export was cancelled: no file of it was left behind.")
            }
        }
    }
}

/// An export with everything it needs, so it can be written on any thread.
pub(super) struct ExportWork {
    target: SaveTarget,
    path: PathBuf,
    /// The story step the compass SVG shows.
    step: Option<usize>,
    map: StanceMap,
    /// The open class, for its summary (shared, not copied: it is never changed).
    class: Option<Arc<Class>>,
}

impl ExportWork {
    /// How many steps the progress bar counts: one per slide, else one.
    fn steps(&self) -> usize {
        match self.target {
            SaveTarget::Slides => self.map.story.len().max(1),
            _ => 1,
        }
    }

    /// What it does, in words, for the progress bar.
    fn what(&self) -> String {
        match self.target {
            SaveTarget::Map => "Saving the map",
            SaveTarget::Handout => "Exporting the evidence handout",
            SaveTarget::Csv => "Exporting the keyframes as CSV",
            SaveTarget::IndicatorsCsv => "Exporting the measured indicators as CSV",
            SaveTarget::Slides => "Exporting the slides",
            SaveTarget::Svg => "Exporting the compass as SVG",
            SaveTarget::WebPage => "Exporting the web page",
            SaveTarget::ClassCsv => "Exporting the class summary as CSV",
            SaveTarget::Exercise => "Saving the exercise",
        }
        .to_owned()
    }

    /// Write it, a step at a time, stopping between steps if `progress` is cancelled.
    pub(super) fn run(self, progress: &Progress) -> ExportOutcome {
        if progress.cancelled() {
            return ExportOutcome::Cancelled;
        }
        let Self {
            target,
            mut path,
            step,
            map,
            class,
        } = self;
        let result = match target {
            // Saved at once by `export_work`, never here.
            SaveTarget::Map => Err("The map is saved with Save, not exported.".to_owned()),
            SaveTarget::Handout => {
                if path.extension().is_some_and(|e| e == "ron") {
                    path.set_extension("md");
                }
                crate::export::write_handout(&map, &path)
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
                crate::export::write_csv(&map, &path)
                    .map(|()| format!("Wrote the keyframes table to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::IndicatorsCsv => {
                path.set_extension("csv");
                crate::export::write_indicators_csv(&map, &path)
                    .map(|()| format!("Wrote the measured indicators table to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::Svg => {
                path.set_extension("svg");
                let svg = crate::slides::compass_svg(&map, step, [1920, 1080]);
                storage::write_atomically(&path, svg.as_bytes())
                    .map(|()| format!("Wrote the compass as SVG to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::WebPage => {
                if !path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
                }) {
                    path.set_extension("html");
                }
                crate::web::write_web_page(&map, class.as_deref(), &path)
                    .map(|()| format!("Wrote the web page to {}", path.display()))
                    .map_err(|e| e.to_string())
            }
            SaveTarget::ClassCsv => {
                path.set_extension("csv");
                match class {
                    Some(class) => crate::export::write_class_csv(&class, &path)
                        .map(|()| format!("Wrote the class summary table to {}", path.display()))
                        .map_err(|e| e.to_string()),
                    None => {
                        Err("No class is open: open one with File › Open class… first.".to_owned())
                    }
                }
            }
            SaveTarget::Slides => {
                path.set_extension("");
                return export_slides(&map, &path, progress);
            }
            SaveTarget::Exercise => {
                path.set_extension("ron");
                let exercise = crate::model::exercise::make_exercise(&map);
                storage::save_path(&exercise, &path)
                    .map(|()| exercise_written_text(&path))
                    .map_err(|e| e.to_string())
            }
        };
        progress.step_done();
        match result {
            Ok(text) => ExportOutcome::Wrote(text),
            Err(text) => ExportOutcome::Failed(text),
        }
    }
}

/// Where an exercise went and what to do with it.
pub(super) fn exercise_written_text(path: &Path) -> String {
    format!(
        "Saved the exercise to {}. Give this file to students: they drag each arrow to judge \
         it and save; collect the files with File › Open class…",
        path.display()
    )
}

/// One PNG per story step into `folder`. Cancelled, it takes away the slides it wrote (and
/// the folder, if it made it); each slide is written atomically, so none is half there.
fn export_slides(map: &StanceMap, folder: &Path, progress: &Progress) -> ExportOutcome {
    if map.story.is_empty() {
        return ExportOutcome::Failed(
            "The map's story has no steps yet: add some in the story panel.".to_owned(),
        );
    }
    let made_folder = !folder.exists();
    if let Err(e) = std::fs::create_dir_all(folder) {
        return ExportOutcome::Failed(format!("{}: {e}", folder.display()));
    }
    let mut written = Vec::new();
    for index in 0..map.story.len() {
        if progress.cancelled() {
            for path in &written {
                let _ = std::fs::remove_file(path);
            }
            if made_folder {
                // Only if empty: never anything the user put there.
                let _ = std::fs::remove_dir(folder);
            }
            return ExportOutcome::Cancelled;
        }
        let path = folder.join(format!("step-{:02}.png", index + 1));
        if let Err(e) = crate::slides::render_step(map, index, [1920, 1080])
            .and_then(|image| crate::slides::write_png(&path, &image))
        {
            return ExportOutcome::Failed(format!("{}: {e}", path.display()));
        }
        written.push(path);
        progress.step_done();
    }
    ExportOutcome::Wrote(format!(
        "Wrote {} slides (1920×1080 PNG) to {}",
        map.story.len(),
        folder.display()
    ))
}
