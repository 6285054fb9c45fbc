//! File › Open class…: read a folder (or files) of readings of the open map on a thread of its
//! own, with a progress bar and Cancel, into [`Session::class`](crate::ui::session::Session),
//! and say in a report window what loaded, what could not be read, what was left out and how
//! each reading differs in shape from the map. The open map is the reference reading; loading
//! a class never touches it or its undo history. File › Close class takes it away again.

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::class::{Class, Mismatch};
use crate::model::display_safe;
use crate::storage::class::{class_files, load_readings};
use crate::ui::file_dialog::{FileDialog, FileDialogMode};

use super::background::{Job, JobView, Poll, job_ui};
use super::dialogs::{ActiveFileDialog, DialogPurpose};
use super::{Notice, StanceApp};

/// A class being read on its own thread.
pub(super) struct ClassJob {
    /// The job; its result is the class with what went wrong, or why nothing could be read.
    pub(super) job: Job<Result<Opened, String>>,
}

/// A class read, with the files that gave no reading.
pub(super) struct Opened {
    /// The class, matched against the open map.
    class: Class,
    /// Files that could not be read: (file, why).
    failed: Vec<(String, String)>,
    /// Files left out: (file, why).
    skipped: Vec<(String, String)>,
}

/// What the report window says after a class was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassReport {
    /// The line at the top: "Opened 28 readings; 2 files could not be read; 1 skipped".
    pub summary: String,
    /// Each file that could not be read, with why: "broken.ron: …".
    pub failed: Vec<String>,
    /// Each file left out, with why.
    pub skipped: Vec<String>,
    /// How each reading differs in shape from the map: "Ana: lacks the keyframe of Russia at
    /// 2014", its keyframes still to judge as one count: "Ana: 25 of 28 keyframes not yet
    /// judged" ([`Class::mismatch_words`]).
    pub mismatches: Vec<String>,
}

/// How many of a thing, in words: "1 reading", "3 readings".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One mismatch of reading `label`, in plain words, as `stance-map class` says it too:
/// "Ana: lacks the keyframe of Russia at 2014".
pub fn mismatch_line(label: &str, mismatch: &Mismatch) -> String {
    format!(
        "{}: {}",
        display_safe(label),
        display_safe(&mismatch.to_string())
    )
}

impl ClassReport {
    /// The report on `opened`.
    fn of(opened: &Opened) -> Self {
        let class = &opened.class;
        let mut parts = vec![format!(
            "Opened {}",
            count(class.readings.len(), "reading", "readings")
        )];
        if !opened.failed.is_empty() {
            parts.push(format!(
                "{} could not be read",
                count(opened.failed.len(), "file", "files")
            ));
        }
        if !opened.skipped.is_empty() {
            parts.push(format!("{} skipped", opened.skipped.len()));
        }
        let summary = parts.join("; ");
        let line = |(file, why): &(String, String)| format!("{}: {}", display_safe(file), why);
        Self {
            summary,
            failed: opened.failed.iter().map(line).collect(),
            skipped: opened.skipped.iter().map(line).collect(),
            mismatches: class
                .readings
                .iter()
                .enumerate()
                .flat_map(|(i, reading)| {
                    class.mismatch_words(i).into_iter().map(|words| {
                        format!("{}: {}", display_safe(&reading.label), display_safe(&words))
                    })
                })
                .collect(),
        }
    }
}

impl StanceApp {
    /// File › Open class…: ask for the folder of readings (or a reading's file).
    pub(super) fn choose_class(&mut self) {
        self.show_file_dialog(ActiveFileDialog {
            dialog: FileDialog::new(FileDialogMode::Open, self.class_folder(), String::new())
                .for_purpose(
                    "Open a class: the folder of the students' readings",
                    &["ron"],
                )
                .choosing_folder(),
            purpose: DialogPurpose::OpenClass,
        });
    }

    /// Where File › Open class… starts: the folder the last class was opened from while it
    /// is there, else where the other dialogs start.
    fn class_folder(&self) -> PathBuf {
        self.session
            .last_class_folder
            .clone()
            .filter(|folder| folder.is_dir())
            .unwrap_or_else(|| self.dialog_folder())
    }

    /// Read the readings in `paths` (folders and files) on a thread of their own, as the
    /// window does, matched against the open map as the reference: what is shown stays, with
    /// a progress bar and Cancel, until they are read (see [`StanceApp::is_busy`]). A class
    /// already being read is given up for this one.
    pub fn open_class_in_background(&mut self, paths: &[PathBuf]) {
        if let Some(running) = self.jobs.class.take() {
            running.job.cancel();
        }
        let paths: Vec<PathBuf> = paths.iter().map(|p| super::absolute(p)).collect();
        // The folder chosen (or the one a reading's file is in), for the next Open class.
        if let Some(first) = paths.first() {
            let folder = if first.is_dir() {
                Some(first.as_path())
            } else {
                first.parent()
            };
            if let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty()) {
                self.session.last_class_folder = Some(folder.to_owned());
            }
        }
        let what = match paths.as_slice() {
            [one] => format!("Opening the class in {}", super::display_name(one)),
            _ => format!("Opening a class of {} files", paths.len()),
        };
        let map = self.map.clone();
        let job = Job::spawn(what, 0, move |progress| {
            let files = class_files(&paths)?;
            progress.set_counts(0, files.len());
            // The open map is the reference: a copy of it in the folder is no reading.
            let load = load_readings(
                &map,
                true,
                &files,
                &|done, total| progress.set_counts(done, total),
                progress.cancel_flag(),
            );
            Ok(Opened {
                class: Class::new(map, true, load.readings),
                failed: load.failed,
                skipped: load.skipped,
            })
        });
        self.jobs.class = Some(ClassJob { job });
    }

    /// Take away the class, its drawing and its report.
    pub fn close_class(&mut self) {
        self.session.class = None;
        self.dialogs.class_report = None;
    }

    /// The report on the class last opened, while its window is open.
    pub fn class_report(&self) -> Option<&ClassReport> {
        self.dialogs.class_report.as_ref()
    }

    /// Take the class when it has been read.
    pub(super) fn poll_class(&mut self) {
        let Some(running) = &self.jobs.class else {
            return;
        };
        let result = match running.job.poll() {
            Poll::Running => return,
            Poll::Finished(result) => result,
            Poll::Lost => Err("reading the files stopped unexpectedly".to_owned()),
        };
        self.jobs.class = None;
        match result {
            Ok(opened) if opened.class.readings.is_empty() => {
                let report = ClassReport::of(&opened);
                self.notice = Some(Notice::error(format!(
                    "No reading could be opened as a class of this map. {}.",
                    report.summary
                )));
                self.dialogs.class_report = Some(report);
            }
            Ok(opened) => {
                self.dialogs.class_report = Some(ClassReport::of(&opened));
                self.session.class = Some(Arc::new(opened.class));
                self.session.show_class = true;
            }
            Err(why) => self.show_error(format!("Could not open the class: {why}")),
        }
    }

    /// The class's row in the "Working" window; returns whether Cancel was clicked.
    pub(super) fn class_job_ui(&self, ui: &mut egui::Ui) -> bool {
        let Some(running) = &self.jobs.class else {
            return false;
        };
        job_ui(
            ui,
            &JobView {
                what: &running.job.what,
                counts: running.job.counts(),
                bar_label: "Class progress",
                cancel_label: "Cancel opening the class",
                cancel_tip: "Stop reading the class: no class is opened, the map stays as it is",
                cancelling: false,
            },
        )
    }

    /// Cancel reading the class: nothing of it is shown.
    pub(super) fn cancel_class(&mut self) {
        if let Some(running) = self.jobs.class.take() {
            running.job.cancel();
            self.notice = Some(Notice::info(
                "Stopped opening the class: no class was opened.",
            ));
        }
    }

    /// The report window after a class was opened: the summary, and what went wrong in
    /// sections to open.
    pub(super) fn class_report_ui(&mut self, ctx: &egui::Context) {
        let Some(report) = &self.dialogs.class_report else {
            return;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Class opened")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(480.0)
            .show(ctx, |ui| {
                ui.label(&report.summary);
                ui.label(
                    "The open map is the reference: its arrows are drawn over the class's \
                     median (thin arrow) and spread (the fan). View › Show class hides them.",
                );
                for (title, lines) in [
                    ("Files that could not be read", &report.failed),
                    ("Files skipped", &report.skipped),
                    ("How readings differ from the map", &report.mismatches),
                ] {
                    if lines.is_empty() {
                        continue;
                    }
                    egui::CollapsingHeader::new(format!("{title} ({})", lines.len()))
                        .default_open(lines.len() <= 5)
                        .show(ui, |ui| {
                            egui::ScrollArea::vertical()
                                .id_salt(title)
                                .max_height(180.0)
                                .show(ui, |ui| {
                                    for line in lines {
                                        ui.label(line);
                                    }
                                });
                        });
                }
                if ui
                    .button("Close report")
                    .on_hover_text("Close this report; the class stays shown")
                    .clicked()
                {
                    close = true;
                }
            });
        if !open || close {
            self.dialogs.class_report = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn mismatches_read_as_plain_sentences() {
        let date = Date {
            year: 2014,
            month: None,
        };
        assert_eq!(
            mismatch_line(
                "Ana",
                &Mismatch::MissingKeyframe {
                    power: "Russia".into(),
                    date
                }
            ),
            "Ana: lacks the keyframe of Russia at 2014"
        );
        assert!(mismatch_line("Ana", &Mismatch::ExtraPower("China".into())).contains("China"));
    }
}
