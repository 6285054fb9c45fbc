//! The CPU cost of one whole app frame, headless (`run_ui` plus tessellation, no GPU), while
//! playing, on the article's map and on a stress map (also with 12 measured indicators of 500
//! points each); and egui's own realistic demo frame, measured in the same run for scale.

#![allow(clippy::unwrap_used)] // a benchmark that cannot set up should stop loudly

use criterion::{Criterion, criterion_group, criterion_main};
use stance_map::app::StanceApp;
use std::sync::Arc;

use stance_map::model::class::{Class, Reading};
use stance_map::model::compare::Comparison;
use stance_map::model::generate::{stress_map, stress_map_with_indicators};

fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        predicted_dt: 1.0 / 60.0,
        ..Default::default()
    }
}

fn bench_app(c: &mut Criterion, name: &str, mut app: StanceApp) {
    let ctx = egui::Context::default();
    app.session
        .select_power(app.map.powers.first().map(|p| p.id.clone()));
    let (start, end) = app.map.span_year_f64().unwrap_or((2000.0, 2001.0));
    app.session.date_year_f64 = start;
    app.session.speed_years_per_s = 1.0;
    c.bench_function(name, |b| {
        b.iter(|| {
            // Keep playing: loop back to the start at the end of the map.
            if !app.session.playing || app.session.date_year_f64 >= end {
                app.session.date_year_f64 = start;
                app.session.playing = true;
            }
            let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
            out.textures_delta.clear();
            ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point)
        });
    });
}

/// Dragging a compass tip on the stress map: the pointer moves every frame, each move is an
/// edit applied through the undo history (one open group), and the frame is redrawn. Then
/// the same with a second stress map compared, whose Differences (6,000 rows) are worked out
/// again after every move, since every move changes the map.
fn bench_drag(c: &mut Criterion) {
    let app = StanceApp::from_map(stress_map(12, 500, 3));
    drag(c, "frame/stress_map_12x500x3_dragging_a_tip", app);
    let mut app = StanceApp::from_map(stress_map(12, 500, 3));
    app.comparison = Some(stress_comparison());
    drag(c, "frame/stress_map_12x500x3_compared_dragging_a_tip", app);
}

/// A second stress map that differs from `stress_map(12, 500, 3)` at every keyframe.
fn stress_comparison() -> Comparison {
    let mut theirs = stress_map(12, 500, 3);
    for k in theirs.powers.iter_mut().flat_map(|p| p.track.iter_mut()) {
        k.strength = (k.strength + 0.5).min(1.0) - 0.25;
    }
    Comparison {
        map: std::sync::Arc::new(theirs),
        name: "theirs.ron".to_owned(),
    }
}

fn drag(c: &mut Criterion, name: &str, mut app: StanceApp) {
    let ctx = egui::Context::default();
    app.session.date_year_f64 = 1970.5;
    let frame = |app: &mut StanceApp, events: Vec<egui::Event>| {
        let mut raw = raw_input();
        raw.events = events;
        let mut out = ctx.run_ui(raw, |ui| app.show(ui));
        out.textures_delta.clear();
        ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point)
    };
    // A few frames first: the compass settles its place (beside or above its legend) after
    // the first frame has measured the legend.
    for _ in 0..3 {
        frame(&mut app, Vec::new());
    }
    let power = app.map.powers[0].id.clone();
    let tip = app.compass().tip(&power).unwrap().tip;
    let center = app.compass().geometry().unwrap().center;
    frame(&mut app, vec![egui::Event::PointerMoved(tip)]);
    frame(
        &mut app,
        vec![egui::Event::PointerButton {
            pos: tip,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        }],
    );
    // One move before measuring, so the drag is under way even when a filter skips this one.
    frame(
        &mut app,
        vec![egui::Event::PointerMoved(center + (tip - center) * 0.7)],
    );
    let mut toward_center = true;
    c.bench_function(name, |b| {
        b.iter(|| {
            let to = if toward_center {
                center + (tip - center) * 0.4
            } else {
                tip
            };
            toward_center = !toward_center;
            frame(&mut app, vec![egui::Event::PointerMoved(to)])
        });
    });
    assert!(app.history.in_group(), "the benchmark really dragged");
    // Release, as a person would: the whole drag, however long, is one undo step.
    let steps = app.history.undo_len();
    frame(
        &mut app,
        vec![egui::Event::PointerButton {
            pos: tip,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        }],
    );
    frame(&mut app, Vec::new());
    assert!(!app.history.in_group(), "the drag ended");
    assert!(
        app.history.undo_len() <= steps + 1,
        "one drag, one undo step"
    );
}

/// 200 readings of the article's map, built in memory: each keyframe's strength moved by up
/// to ±0.4, differently for each reading, power and keyframe (a fixed pattern, no randomness).
fn class_of_200(map: &stance_map::model::StanceMap) -> Class {
    let readings = (0..200_u32)
        .map(|i| {
            let mut reading = map.clone();
            reading.analyst = format!("Student {i}");
            for (p, power) in (0_u32..).zip(&mut reading.powers) {
                for (k, keyframe) in (0_u32..).zip(&mut power.track) {
                    let step = (i * 37 + p * 11 + k * 7) % 41;
                    let offset = (f64::from(step) / 40.0 - 0.5) * 0.8;
                    keyframe.strength = (keyframe.strength + offset).clamp(-1.0, 1.0);
                }
            }
            Reading {
                label: reading.analyst.clone(),
                file: format!("student-{i}.ron"),
                map: reading,
            }
        })
        .collect();
    Class::new(map.clone(), true, readings)
}

fn frames(c: &mut Criterion) {
    bench_app(c, "frame/article_map_playing", StanceApp::new_article());
    // The same with a class of 200 readings shown: its fan and median on the compass and its
    // bands on the timeline; within 2× of the case above.
    let mut app = StanceApp::new_article();
    app.session.class = Some(Arc::new(class_of_200(&app.map)));
    app.session.show_class = true;
    bench_app(
        c,
        "frame/article_map_with_a_class_of_200_readings_shown_playing",
        app,
    );
    bench_app(
        c,
        "frame/stress_map_12x500x3_playing",
        StanceApp::from_map(stress_map(12, 500, 3)),
    );

    // The same stress map with 12 measured indicators of 500 points each, all shown (as the
    // session starts), in every other setting the same as the case above: within 1.2× of it.
    let app = StanceApp::from_map(stress_map_with_indicators(12, 500, 3, 12, 500));
    assert!(
        app.map
            .indicators
            .iter()
            .all(|i| app.session.is_indicator_shown(&i.id)),
        "every indicator is shown"
    );
    bench_app(
        c,
        "frame/stress_map_12x500x3_with_12_indicators_x500_points_playing",
        app,
    );
    // And with View › Judgement and data open beside it, listing where they part.
    let mut app = StanceApp::from_map(stress_map_with_indicators(12, 500, 3, 12, 500));
    app.session.panels.divergences = true;
    bench_app(
        c,
        "frame/stress_map_12x500x3_with_12_indicators_and_the_judgement_and_data_list",
        app,
    );

    // Two stress maps that differ at every keyframe: the Differences table lists 6,000 rows.
    let mut app = StanceApp::from_map(stress_map(12, 500, 3));
    app.comparison = Some(stress_comparison());
    bench_app(c, "frame/stress_map_12x500x3_compared_playing", app);

    let ctx = egui::Context::default();
    let mut demo_windows = egui_demo_lib::DemoWindows::default();
    c.bench_function("egui/demo_with_tessellate__realistic", |b| {
        b.iter(|| {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| demo_windows.ui(ui));
            out.textures_delta.clear();
            ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point)
        });
    });
}

/// The Differences of two stress maps, worked out from scratch: what each move of a drag
/// costs while a map is compared.
fn bench_differences(c: &mut Criterion) {
    let ours = stress_map(12, 500, 3);
    let theirs = stress_comparison();
    c.bench_function("model/differences_of_two_stress_maps_12x500x3", |b| {
        b.iter(|| stance_map::model::compare::differences(&ours, &theirs.map, 0.1));
    });
}

criterion_group!(benches, frames, bench_drag, bench_differences);
criterion_main!(benches);
