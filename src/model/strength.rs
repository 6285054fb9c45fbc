//! Strengths as numbers people read and drag: how they are printed, and how a dragged value
//! is rounded. The window, the SVG and the handouts all print through these.

/// A dragged strength is rounded to this step: the precision the app prints.
pub const STRENGTH_STEP: f64 = 0.01;
/// A dragged strength snaps to this step while Shift is held.
pub const STRENGTH_SNAP: f64 = 0.05;

/// A dragged strength: clamped to −1..=1 and rounded to [`STRENGTH_STEP`], or with Shift held
/// to [`STRENGTH_SNAP`]. A value that is not a number (a pointer far off the plot) becomes 0.
pub fn snap_strength(raw: f64, shift: bool) -> f64 {
    if !raw.is_finite() {
        return 0.0;
    }
    let step = if shift { STRENGTH_SNAP } else { STRENGTH_STEP };
    // Dividing by the number of steps per unit gives the nearest float to the multiple.
    let per_unit = (1.0 / step).round();
    ((raw.clamp(-1.0, 1.0) * per_unit).round() / per_unit).clamp(-1.0, 1.0)
}

/// A strength as the app shows it, always with its sign, two decimals and a real minus sign:
/// `+0.62`, `−0.80`, `+0.00`. Used in the window (labels, tooltips, accessible names) and the
/// SVG, where the sign says at a glance which way an arrow leans.
pub fn format_strength_signed(strength: f64) -> String {
    if strength < 0.0 {
        format!("−{:.2}", -strength)
    } else {
        format!("+{strength:.2}")
    }
}

/// A strength as a printed handout shows it: signed, two decimals, a real minus sign, but
/// neutral without a sign (`+0.40`, `−0.35`, `0.00`, and `0.00` for −0.001), and "not a
/// number" in words. Spreadsheets get plain numbers instead (the CSV export's own writer).
pub fn format_strength_handout(strength: f64) -> String {
    if !strength.is_finite() {
        return "not a number".to_owned();
    }
    let magnitude = format!("{:.2}", strength.abs());
    if magnitude == "0.00" {
        magnitude
    } else if strength < 0.0 {
        format!("−{magnitude}")
    } else {
        format!("+{magnitude}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_rounds_clamps_and_refuses_nan() {
        assert_eq!(snap_strength(0.123, false), 0.12);
        assert_eq!(snap_strength(0.123, true), 0.1);
        assert_eq!(snap_strength(-0.126, false), -0.13);
        assert_eq!(snap_strength(1.7, false), 1.0);
        assert_eq!(snap_strength(-3.0, true), -1.0);
        assert_eq!(snap_strength(f64::NAN, false), 0.0);
        assert_eq!(snap_strength(f64::NAN, true), 0.0);
        assert_eq!(snap_strength(f64::INFINITY, false), 0.0);
    }

    #[test]
    fn the_app_always_shows_a_sign() {
        assert_eq!(format_strength_signed(0.62), "+0.62");
        assert_eq!(format_strength_signed(-0.8), "−0.80");
        assert_eq!(format_strength_signed(0.0), "+0.00");
    }

    #[test]
    fn handouts_sign_everything_but_neutral() {
        assert_eq!(format_strength_handout(0.4), "+0.40");
        assert_eq!(format_strength_handout(-0.35), "−0.35");
        assert_eq!(format_strength_handout(0.0), "0.00");
        assert_eq!(format_strength_handout(-0.001), "0.00");
        assert_eq!(format_strength_handout(-1.0), "−1.00");
        assert_eq!(format_strength_handout(f64::NAN), "not a number");
    }
}
