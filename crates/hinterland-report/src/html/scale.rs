//! The colour scale of shares (coverage, share delivered): five steps of viridis, a
//! sequential scale that colour-blind readers and greyscale prints read in order, with
//! steps far enough apart to tell 0% from 25% at a glance (a smooth red→green ramp did not).

use std::fmt::Write as _;

/// The steps: lower bound of each bin and its colour (viridis at 0, ¼, ½, ¾, 1).
pub const SHARE_STEPS: [(f64, &str); 5] =
    [(0.0, "#440154"), (0.2, "#3b528b"), (0.4, "#21918c"), (0.6, "#5ec962"), (0.8, "#fde725")];

/// The colour of a share, 0..1: the step whose bin holds it (0–20%, 20–40%, … 80–100%).
/// Not a number counts as 0.
pub fn share_colour(share: f64) -> String {
    let x = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
    // A share a hair below a bound (0.6 − 1e-12 from a sum) is on the bound for people.
    let x = x + 1e-9;
    let step = SHARE_STEPS.iter().rev().find(|(lo, _)| x >= *lo).unwrap_or(&SHARE_STEPS[0]);
    step.1.to_owned()
}

/// A legend of the steps at (`x`, `y`) in SVG units: one swatch per step, `w` wide in all,
/// with the bounds under them and `what` after the last ("100% coverage").
pub fn share_legend(x: f64, y: f64, w: f64, class: &str, what: &str) -> String {
    let sw = w / SHARE_STEPS.len() as f64;
    let mut out = String::new();
    for (i, (_, colour)) in SHARE_STEPS.iter().enumerate() {
        let _ = write!(
            out,
            "<rect class=\"step\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"10\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"1\"/>",
            x + sw * i as f64,
            sw
        );
    }
    for i in 0..=SHARE_STEPS.len() {
        let label = if i == SHARE_STEPS.len() { format!("100% {what}") } else { format!("{}", i * 20) };
        let anchor = match i {
            0 => "start",
            i if i == SHARE_STEPS.len() => "start",
            _ => "middle",
        };
        let lx = if i == SHARE_STEPS.len() { x + w + 4.0 } else { x + sw * i as f64 };
        let ly = if i == SHARE_STEPS.len() { y + 9.0 } else { y + 22.0 };
        let _ = write!(
            out,
            "<text class=\"{class}\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\">{}</text>",
            label.trim_end()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative luminance (WCAG) of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(&hex[1..], 16).expect("hex");
        let c = |s: u32| {
            let c = f64::from((v >> s) & 0xff) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * c(16) + 0.7152 * c(8) + 0.0722 * c(0)
    }

    #[test]
    fn shares_fall_in_their_steps() {
        assert_eq!(share_colour(0.0), "#440154");
        assert_eq!(share_colour(0.19), "#440154");
        // Issue 30: 0% and 25% are different steps.
        assert_eq!(share_colour(0.25), "#3b528b");
        assert_eq!(share_colour(0.5), "#21918c");
        assert_eq!(share_colour(0.6 - 1e-12), "#5ec962");
        assert_eq!(share_colour(1.0), "#fde725");
        assert_eq!(share_colour(f64::NAN), "#440154");
    }

    /// The steps get lighter in order (so they read in order without hue, as for a reader
    /// with a colour-vision deficiency or on a greyscale print), each clearly apart from the
    /// next: a contrast ratio of at least 1.3 between neighbours.
    #[test]
    fn steps_are_in_order_and_distinguishable() {
        for pair in SHARE_STEPS.windows(2) {
            let (a, b) = (luminance(pair[0].1), luminance(pair[1].1));
            let ratio = (b + 0.05) / (a + 0.05);
            assert!(ratio >= 1.3, "{} → {}: contrast {ratio:.2}", pair[0].1, pair[1].1);
        }
    }
}
