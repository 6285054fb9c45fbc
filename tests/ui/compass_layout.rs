//! The compass's layout rules that hold at every window size and whatever panels are open:
//! a notice never moves the compass, no power's name is cut off, and no value label covers a
//! name or another value.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use egui_kittest::{Harness, kittest::Queryable as _};
use stance_map::app::session::Session;
use stance_map::app::{Notice, StanceApp};
use stance_map::article::article_map;
use stance_map::model::{Date, StanceMap};
use stance_map::ui::changes::Changes;
use stance_map::ui::compass::CompassView;

use crate::common::app_harness;

/// The sizes a lecturer tried: a small laptop, a 720p projector, a 1080p screen.
const SIZES: [(f32, f32); 3] = [(1024.0, 768.0), (1280.0, 720.0), (1920.0, 1080.0)];

const POWERS: [&str; 4] = ["EU", "Russia", "China", "US/NATO"];

/// The article's map in a window of `size`, with the panels `panels` sets, after its first
/// frames.
fn app_at(size: (f32, f32), panels: impl FnOnce(&mut Session)) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    panels(&mut app.session);
    let mut h = app_harness(
        Harness::builder().with_size(egui::vec2(size.0, size.1)),
        app,
    );
    h.run();
    h
}

/// Where the compass and each arrow's tip are.
fn compass_place(h: &Harness<'_, StanceApp>) -> Vec<egui::Rect> {
    std::iter::once(h.get_by_label("Serbia compass").rect())
        .chain(POWERS.map(|p| crate::common::tip(h, p).rect()))
        .collect()
}

#[test]
fn a_notice_does_not_move_or_shrink_the_compass() {
    for size in SIZES {
        let mut h = app_at(size, |_| {});
        let before = compass_place(&h);
        // A long one, that wraps over several lines, with its Undo button.
        h.state_mut().notice = Some(Notice {
            is_error: false,
            text: "Moved Russia's keyframe from March 2009 to June 2010. ".repeat(4),
            undo_at: None,
        });
        h.run();
        assert!(
            h.query_by_label("Dismiss").is_some(),
            "{size:?}: the notice shows"
        );
        assert_eq!(compass_place(&h), before, "{size:?}");
        // It floats over the compass's panel, and its buttons still take the clicks.
        let notice = h.get_by_label("Dismiss").rect();
        assert!(before[0].contains_rect(notice), "{size:?}: {notice:?}");
        h.get_by_label("Dismiss").click();
        h.run();
        assert!(h.state().notice.is_none(), "{size:?}");
        assert_eq!(compass_place(&h), before, "{size:?}");
    }
}

/// Which panels are open, named.
type Layout = (&'static str, fn(&mut Session));

#[test]
fn no_power_name_is_cut_off_whatever_panels_are_open() {
    let layouts: [Layout; 4] = [
        ("as first opened", |_| {}),
        ("article and evidence", |s| {
            s.panels.source = true;
            s.panels.evidence = true;
        }),
        ("every panel", |s| {
            s.panels.source = true;
            s.panels.evidence = true;
            s.panels.powers = true;
            s.panels.story = true;
        }),
        ("compass alone", |s| {
            s.panels.evidence = false;
            s.panels.powers = false;
            s.panels.story = false;
        }),
    ];
    for size in SIZES {
        for (what, panels) in layouts {
            let h = app_at(size, panels);
            let canvas = h.get_by_label("Serbia compass").rect();
            for power in POWERS {
                // The name's handle reaches 3 points past its text.
                let name = h
                    .get_by_label(&format!("{power} bearing"))
                    .rect()
                    .shrink(3.0);
                assert!(
                    canvas.contains_rect(name),
                    "{size:?}, {what}: {power} at {name:?} is cut by {canvas:?}"
                );
            }
        }
    }
}

/// The compass alone, in a panel of `size`, on `map` at `date_year_f64`.
fn compass_of(size: egui::Vec2, map: StanceMap, date_year_f64: f64) -> Harness<'static, State> {
    let session = Session {
        date_year_f64,
        ..Session::default()
    };
    let mut h = Harness::builder().with_size(size).build_ui_state(
        |ui, state: &mut State| {
            let (view, map, session, changes) = state;
            egui::CentralPanel::default().show(ui, |ui| view.ui(ui, map, session, changes));
            changes.apply_view_state(session);
        },
        (CompassView::default(), map, session, Changes::default()),
    );
    h.run();
    h
}

type State = (CompassView, StanceMap, Session, Changes);

/// The article's map with every power at `strengths[i]` in 2009.
fn at_strengths(strengths: [f64; 4]) -> StanceMap {
    let mut map = article_map().unwrap();
    for (power, strength) in map.powers.iter_mut().zip(strengths) {
        for keyframe in &mut power.track {
            keyframe.strength = strength;
        }
    }
    map
}

#[test]
fn no_value_label_covers_a_name_or_another_value() {
    let date = Date::year(2009).to_year_f64();
    let cases = [
        [1.0, 1.0, 1.0, 1.0],
        [-1.0, -1.0, -1.0, -1.0],
        [0.85, 0.85, 0.85, 0.85],
        [-0.85, -0.85, -0.85, -0.85],
        [1.0, -1.0, 0.85, -0.85],
        [-0.85, 0.85, -1.0, 1.0],
    ];
    // The panel beside the article, the 720p one, a full screen.
    for size in [
        egui::vec2(420.0, 440.0),
        egui::vec2(800.0, 600.0),
        egui::vec2(1400.0, 800.0),
    ] {
        for strengths in cases {
            let h = compass_of(size, at_strengths(strengths), date);
            let view = &h.state().0;
            let labels = view.value_labels();
            assert_eq!(labels.len(), 4, "{size:?} {strengths:?}");
            let names: Vec<_> = POWERS
                .map(|p| {
                    (
                        p,
                        h.get_by_label(&format!("{p} bearing")).rect().shrink(3.0),
                    )
                })
                .to_vec();
            for (i, (power, label)) in labels.iter().enumerate() {
                for (name, rect) in &names {
                    assert!(
                        !label.intersects(*rect),
                        "{size:?} {strengths:?}: {}'s value {label:?} covers {name} {rect:?}",
                        power.0
                    );
                }
                for (other, other_label) in &labels[..i] {
                    assert!(
                        !label.intersects(*other_label),
                        "{size:?} {strengths:?}: {} and {} values overlap",
                        power.0,
                        other.0
                    );
                }
            }
        }
    }
}

/// The compass's panel beside the default side panels (1024×768 and 1280×720), beside the
/// article too, and at full screen: the legend always has its place, whole, clear of every
/// name and never a tall column of words.
#[test]
fn the_legend_always_has_room_beside_or_below_the_compass() {
    let date = Date::year(2009).to_year_f64();
    for size in [
        egui::vec2(380.0, 440.0),
        egui::vec2(420.0, 440.0),
        egui::vec2(500.0, 490.0),
        egui::vec2(800.0, 600.0),
        egui::vec2(1400.0, 800.0),
    ] {
        let h = compass_of(size, article_map().unwrap(), date);
        let canvas = h.get_by_label("Serbia compass").rect();
        let legend = h.state().0.legend();
        let legend = legend.unwrap_or_else(|| panic!("{size:?}: no legend"));
        assert!(canvas.contains_rect(legend), "{size:?}: {legend:?}");
        // Five lines of about 11 points and the measured series' two (the article's map
        // ships some), wrapped into at most two more.
        assert!(legend.height() < 9.0 * 15.0, "{size:?}: {legend:?}");
        for power in POWERS {
            let name = h
                .get_by_label(&format!("{power} bearing"))
                .rect()
                .shrink(3.0);
            assert!(!legend.intersects(name), "{size:?}: {power}");
        }
    }
}

/// At 1024×768 with the article and the evidence open, the side panels give up width so the
/// compass keeps some, without one panel's content spilling over the next.
#[test]
fn squeezed_side_panels_leave_the_compass_room_and_do_not_overlap() {
    let h = app_at((1024.0, 768.0), |s| {
        s.panels.source = true;
        s.panels.evidence = true;
        s.selected_power = Some(crate::common::russia());
    });
    let compass = h.get_by_label("Serbia compass").rect();
    assert!(compass.width() > 200.0, "{compass:?}");
    // The article's close button, at its top-right; the evidence panel's heading, at its
    // top-left (the powers list names Russia too, further left).
    let close = h.get_by_label("Close article").rect();
    let heading = h
        .get_all_by_label("Russia")
        .map(|n| n.rect())
        .find(|r| r.left() > compass.right())
        .unwrap();
    assert!(compass.right() < close.left(), "{compass:?} {close:?}");
    assert!(close.right() < heading.left(), "{close:?} {heading:?}");
}

/// The "!" and "≠" marks sit clear of every value label and name: at each date where the
/// article's map has a contested value (the EU at +0.10 in 2008 once had its "≠" printed
/// over its value), and with every value stripped of support, at 420×440 (beside the article),
/// 800×600 and full screen.
#[test]
fn no_mark_covers_a_value_or_a_name() {
    let map = article_map().unwrap();
    let mut dates: Vec<f64> = map
        .powers
        .iter()
        .flat_map(|p| &p.track)
        .filter(|k| k.is_contested())
        .map(|k| k.date.to_year_f64())
        .collect();
    dates.sort_by(f64::total_cmp);
    dates.dedup();
    assert!(dates.contains(&2008.0), "{dates:?}");
    let mut unsupported = map.clone();
    for keyframe in unsupported.powers.iter_mut().flat_map(|p| &mut p.track) {
        keyframe.evidence.truncate(1);
        keyframe.evidence[0].role = stance_map::model::Role::Contradicts;
    }
    let cases = dates
        .iter()
        .map(|&d| (map.clone(), d))
        .chain([(unsupported.clone(), 2008.0), (unsupported, 2022.2)]);
    let mut marks_seen = 0;
    for (case_map, date) in cases {
        for size in [
            egui::vec2(420.0, 440.0),
            egui::vec2(800.0, 600.0),
            egui::vec2(1400.0, 800.0),
        ] {
            let h = compass_of(size, case_map.clone(), date);
            let view = &h.state().0;
            let names: Vec<_> = POWERS
                .map(|p| h.get_by_label(&format!("{p} bearing")).rect().shrink(3.0))
                .to_vec();
            marks_seen += view.marks().len();
            for (power, mark) in view.marks() {
                for (other, label) in view.value_labels() {
                    assert!(
                        !mark.intersects(*label),
                        "{date} {size:?}: {}'s mark {mark:?} covers {}'s value {label:?}",
                        power.0,
                        other.0
                    );
                }
                for name in &names {
                    assert!(
                        !mark.intersects(*name),
                        "{date} {size:?}: {}'s mark covers a name",
                        power.0
                    );
                }
            }
        }
    }
    assert!(marks_seen > 20, "{marks_seen} marks drawn");
}
