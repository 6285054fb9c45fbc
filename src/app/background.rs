//! Long work off the window's thread: File › Export's files and opening a map. Each job runs
//! on a thread of its own with what it needs copied or moved in (the map, a path); the window
//! polls it once a frame, shows how far it got with a Cancel button, and keeps answering.
//! Cancelling sets a flag the job reads between its steps; files are written atomically, so
//! none is left half written.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// How often the window looks at a running job when nothing else wakes it, in seconds.
pub(super) const POLL_INTERVAL_S: f64 = 0.05;

/// How far a job got, and whether it was asked to stop; shared with its thread.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    /// One more step of the job is done.
    pub fn step_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The steps done so far and the steps in all.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Whether the user asked the job to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Say how far the job got, for a job that counts its own steps (a class read on several
    /// threads at once).
    pub fn set_counts(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// The flag Cancel sets, for work that reads it itself.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

/// What polling a job found.
pub(super) enum Poll<T> {
    /// Still working.
    Running,
    /// Finished with this result.
    Finished(T),
    /// The thread ended without a result (it panicked).
    Lost,
}

/// A job running on its own thread.
pub(super) struct Job<T> {
    /// What it does, in words: "Exporting the slides".
    pub(super) what: String,
    progress: Arc<Progress>,
    result: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Start `work` on a thread of its own; it has `total` steps.
    pub(super) fn spawn(
        what: impl Into<String>,
        total: usize,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        progress.total.store(total, Ordering::Relaxed);
        let (send, result) = mpsc::channel();
        let shared = Arc::clone(&progress);
        let what = what.into();
        let spawned = std::thread::Builder::new()
            .name("stance-map job".to_owned())
            .spawn(move || {
                // The window may have stopped waiting (a cancelled open): nobody to tell.
                let _ = send.send(work(&shared));
            });
        if let Err(error) = spawned {
            eprintln!("stance-map: could not start a thread for \"{what}\": {error}");
        }
        Self {
            what,
            progress,
            result,
        }
    }

    /// The result, if the job has finished.
    pub(super) fn poll(&self) -> Poll<T> {
        match self.result.try_recv() {
            Ok(result) => Poll::Finished(result),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Ask the job to stop before its next step.
    pub(super) fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// The steps done so far and the steps in all.
    pub(super) fn counts(&self) -> (usize, usize) {
        self.progress.counts()
    }

    /// Whether the user asked the job to stop.
    pub(super) fn cancelled(&self) -> bool {
        self.progress.cancelled()
    }
}

/// What the window shows of a running job, and the names it gives its widgets.
pub(super) struct JobView<'a> {
    /// What the job does, in words.
    pub(super) what: &'a str,
    /// Steps done and steps in all.
    pub(super) counts: (usize, usize),
    /// The progress bar's accessible name: "Export progress".
    pub(super) bar_label: &'static str,
    /// The Cancel button's text and accessible name: "Cancel export".
    pub(super) cancel_label: &'static str,
    /// The Cancel button's tooltip.
    pub(super) cancel_tip: &'static str,
    /// Whether Cancel was pressed already (the job is stopping).
    pub(super) cancelling: bool,
}

/// One job's row: what it does, a progress bar with "3 of 12", and Cancel. Returns whether
/// Cancel was clicked.
pub(super) fn job_ui(ui: &mut egui::Ui, job: &JobView<'_>) -> bool {
    let (done, total) = job.counts;
    ui.label(if job.cancelling {
        format!("{}: stopping…", job.what)
    } else {
        format!("{}…", job.what)
    });
    #[allow(clippy::cast_precision_loss)] // counts of slides, far below 2^24
    let fraction = if total > 0 {
        (done as f32 / total as f32).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let text = if total > 1 {
        format!("{done} of {total}")
    } else {
        "working…".to_owned()
    };
    let label = job.bar_label;
    // Work of one step has no count to show: a stripe sweeps along the bar while it runs
    // (drawn from the clock, not egui's animation, which would ask for a frame at once).
    let shown = if total > 1 {
        fraction
    } else {
        let t = ui.input(|i| i.time);
        #[allow(clippy::cast_possible_truncation)] // a phase in 0..1
        let phase = (t * 0.8).fract() as f32;
        phase
    };
    let bar = egui::ProgressBar::new(shown)
        .desired_width(280.0)
        .text(text.clone());
    ui.add(bar).widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, label);
        info.value = Some(f64::from(fraction) * 100.0);
        info.current_text_value = Some(text.clone());
        info
    });
    ui.add_enabled(!job.cancelling, egui::Button::new(job.cancel_label))
        .on_hover_text(job.cancel_tip)
        .clicked()
}

/// The jobs running: at most one export and one map being opened.
#[derive(Default)]
pub(super) struct Jobs {
    /// File › Export's file being written.
    pub(super) export: Option<Job<super::export::ExportOutcome>>,
    /// A map being read, with the file it is read from.
    pub(super) open: Option<OpenJob>,
    /// A map being read to compare the open one with, with its file.
    pub(super) compare: Option<CompareJob>,
    /// A class of readings being read (File › Open class…).
    pub(super) class: Option<super::class::ClassJob>,
}

/// A map being read on its own thread to be compared with the open one (File › Compare
/// with…); the open map and any comparison shown stay until it is ready.
pub(super) struct CompareJob {
    /// The file, in full.
    pub(super) path: std::path::PathBuf,
    /// The reading.
    pub(super) job: Job<Result<crate::model::StanceMap, crate::storage::StorageError>>,
}

/// A map being read on its own thread; the open map stays until it is ready.
pub(super) struct OpenJob {
    /// The file, in full.
    pub(super) path: std::path::PathBuf,
    /// The reading.
    pub(super) job: Job<Result<super::document::Read, crate::storage::StorageError>>,
    /// The open map's history state when the reading started: if the user edited the map
    /// meanwhile, they are asked about their changes before it is replaced.
    pub(super) state_at_start: u64,
}

impl super::StanceApp {
    /// Whether an export is being written or a map read: the window shows how far it got.
    pub fn is_busy(&self) -> bool {
        self.jobs.export.is_some()
            || self.jobs.open.is_some()
            || self.jobs.compare.is_some()
            || self.jobs.class.is_some()
    }

    /// Take the results of jobs that finished; while any runs, wake up to look again.
    pub(super) fn poll_jobs(&mut self, ctx: &egui::Context) {
        self.poll_export();
        self.poll_open(ctx);
        self.poll_compare();
        self.poll_class();
        if self.is_busy() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(POLL_INTERVAL_S));
        }
    }

    /// A small window in the top right corner for each running job: what it does, a progress
    /// bar, and Cancel.
    pub(super) fn jobs_ui(&mut self, ctx: &egui::Context) {
        if !self.is_busy() {
            return;
        }
        let mut cancel_export = false;
        let mut cancel_open = false;
        let mut cancel_compare = false;
        let mut cancel_class = false;
        egui::Window::new("Working")
            .title_bar(false)
            .resizable(false)
            .collapsible(false)
            .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-12.0, 36.0))
            .show(ctx, |ui| {
                if let Some(job) = &self.jobs.export {
                    cancel_export = job_ui(
                        ui,
                        &JobView {
                            what: &job.what,
                            counts: job.counts(),
                            bar_label: "Export progress",
                            cancel_label: "Cancel export",
                            cancel_tip: "Stop the export: files it has written are taken away again",
                            cancelling: job.cancelled(),
                        },
                    );
                }
                if self.jobs.export.is_some() && self.jobs.open.is_some() {
                    ui.separator();
                }
                if let Some(open) = &self.jobs.open {
                    cancel_open = job_ui(
                        ui,
                        &JobView {
                            what: &open.job.what,
                            counts: open.job.counts(),
                            bar_label: "Opening progress",
                            cancel_label: "Cancel opening",
                            cancel_tip: "Stop opening this map: the map open now stays",
                            cancelling: false,
                        },
                    );
                }
                if let Some(compare) = &self.jobs.compare {
                    if self.jobs.export.is_some() || self.jobs.open.is_some() {
                        ui.separator();
                    }
                    cancel_compare = job_ui(
                        ui,
                        &JobView {
                            what: &compare.job.what,
                            counts: compare.job.counts(),
                            bar_label: "Comparing progress",
                            cancel_label: "Cancel comparing",
                            cancel_tip: "Stop reading the map to compare with: what is shown stays",
                            cancelling: false,
                        },
                    );
                }
                if self.jobs.class.is_some() {
                    if self.jobs.export.is_some()
                        || self.jobs.open.is_some()
                        || self.jobs.compare.is_some()
                    {
                        ui.separator();
                    }
                    cancel_class = self.class_job_ui(ui);
                }
            });
        if cancel_class {
            self.cancel_class();
        }
        if cancel_compare && let Some(compare) = self.jobs.compare.take() {
            compare.job.cancel();
            self.notice = Some(super::Notice::info(format!(
                "Stopped reading {} to compare with.",
                super::display_name(&compare.path)
            )));
        }
        if cancel_export && let Some(job) = &self.jobs.export {
            job.cancel();
        }
        if cancel_open && let Some(open) = self.jobs.open.take() {
            open.job.cancel();
            self.notice = Some(super::Notice::info(format!(
                "Stopped opening {}: the map that was open stays.",
                super::display_name(&open.path)
            )));
        }
    }

    fn poll_export(&mut self) {
        let Some(job) = &self.jobs.export else {
            return;
        };
        let outcome = match job.poll() {
            Poll::Running => return,
            Poll::Finished(outcome) => outcome,
            Poll::Lost => super::export::ExportOutcome::Failed(
                "It stopped unexpectedly; files it finished are kept.".to_owned(),
            ),
        };
        self.jobs.export = None;
        self.notice = Some(outcome.notice());
    }

    fn poll_compare(&mut self) {
        let Some(compare) = &self.jobs.compare else {
            return;
        };
        let result = match compare.job.poll() {
            Poll::Running => return,
            Poll::Finished(result) => Some(result),
            Poll::Lost => None,
        };
        let Some(compare) = self.jobs.compare.take() else {
            return;
        };
        match result {
            Some(result) => {
                self.finish_compare(&compare.path, result);
            }
            None => self.show_error(format!(
                "Could not open the map to compare with, {}: reading it stopped unexpectedly.",
                super::display_name(&compare.path)
            )),
        }
    }

    fn poll_open(&mut self, ctx: &egui::Context) {
        let Some(open) = &self.jobs.open else {
            return;
        };
        let result = match open.job.poll() {
            Poll::Running => return,
            Poll::Finished(result) => result,
            Poll::Lost => {
                let path = open.path.clone();
                self.jobs.open = None;
                self.show_error(format!(
                    "Could not open the map {}: reading it stopped unexpectedly.",
                    super::display_name(&path)
                ));
                return;
            }
        };
        let Some(open) = self.jobs.open.take() else {
            return;
        };
        if result.is_ok()
            && self.history.state_id() != open.state_at_start
            && (self.is_dirty() || !crate::ui::field::waiting(ctx).is_empty())
        {
            // Edited while it was read: ask first, as before any open.
            self.unsaved_prompt = Some(super::Pending::OpenPath(open.path));
            return;
        }
        self.finish_open(&open.path, result);
    }
}
