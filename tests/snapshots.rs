//! Pixel snapshots of the views whose look matters: the compass at two dates and one presenter
//! frame. They render through wgpu, so they run only with `--features snapshots` on a machine
//! with a GPU or a software Vulkan adapter. Create or update the images with
//! `UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test snapshots`.

#![cfg(feature = "snapshots")]
#![allow(clippy::unwrap_used)] // a snapshot that cannot be set up should stop loudly

use egui_kittest::Harness;
use stance_map::app::StanceApp;
use stance_map::app::session::Session;
use stance_map::model::{PowerId, StanceMap};
use stance_map::ui::changes::Changes;
use stance_map::ui::compass::CompassView;

type CompassState = (CompassView, StanceMap, Session, Changes);

fn compass_at(year_f64: f64) -> Harness<'static, CompassState> {
    let map = stance_map::article::article_map().unwrap();
    let session = Session {
        date_year_f64: year_f64,
        selected_power: Some(PowerId("russia".into())),
        ..Session::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(640.0, 480.0))
        .wgpu()
        .build_ui_state(
            |ui, (view, map, session, changes): &mut CompassState| {
                egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
                // As the app does at the end of the frame.
                changes.apply_view_state(session);
            },
            (CompassView::default(), map, session, Changes::default()),
        );
    h.run();
    h
}

#[test]
fn compass_in_1999() {
    compass_at(1999.0).snapshot("compass_1999");
}

#[test]
fn compass_in_2009() {
    compass_at(2009.0).snapshot("compass_2009");
}

#[test]
fn presenter_frame() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .wgpu()
        .build_ui_state(
            |ui, app: &mut StanceApp| app.show(ui),
            StanceApp::new_article(),
        );
    h.run();
    h.key_press(egui::Key::F5);
    h.run_steps(2);
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowRight);
    // Let the step transitions finish (about a second each at 0.25 s a frame).
    h.run_steps(12);
    assert!(h.state().session.presenting);
    h.snapshot("presenter_step_3");
}
