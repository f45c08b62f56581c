//! Map labels: one collision pass places the names of places and countries so that no two
//! overlap, clear of the symbols, the legend and the scale bar where it can; a name with no
//! free place is left out (it is in its symbol's hover title).

use std::fmt::Write as _;

use super::esc;

fn f1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".to_owned() } else { format!("{r}") }
}

/// A name to write next to a symbol of radius `r` at (`x`, `y`); a country's name (`r` 0)
/// is written at its place or near it.
pub(super) struct Label {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub text: String,
    pub class: &'static str,
}

/// A box on the map: x0, y0, x1, y1.
pub(crate) type Box2 = (f64, f64, f64, f64);

/// Width of one character and height of a label of `class` (the style sheet's font sizes:
/// place labels 11.5 px; country labels 13 px, 16 px for the planned country, upper case
/// with wide letter spacing). Generous, so boxes that do not overlap here do not on screen.
pub(crate) fn label_metrics(class: &str) -> (f64, f64) {
    if class.contains("clabel") {
        if class.contains("planned") { (13.5, 16.0) } else { (11.0, 13.0) }
    } else {
        (6.6, 12.0)
    }
}

/// The box of a label written at (`x`, `y`) (its baseline) with `anchor`.
pub(crate) fn label_box(class: &str, text: &str, x: f64, y: f64, anchor: &str) -> Box2 {
    let (cw, ch) = label_metrics(class);
    let tw = cw * text.chars().count() as f64;
    let x0 = match anchor {
        "end" => x - tw,
        "middle" => x - tw / 2.0,
        _ => x,
    };
    (x0, y - ch + 2.0, x0 + tw, y + 3.0)
}

fn overlaps(a: Box2, b: Box2) -> bool {
    !(a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1)
}

/// Boxes filed by the cells of a grid over the map, so that a box is compared only with
/// the boxes near it (a generated country has thousands of districts on one map).
struct Grid {
    cols: usize,
    rows: usize,
    cells: Vec<Vec<Box2>>,
}

impl Grid {
    const CELL: f64 = 48.0;

    fn new(w: f64, h: f64) -> Grid {
        let cols = (w / Self::CELL).ceil().max(1.0) as usize;
        let rows = (h / Self::CELL).ceil().max(1.0) as usize;
        Grid { cols, rows, cells: vec![Vec::new(); cols * rows] }
    }

    /// The cells `b` covers (clamped to the map).
    fn span(&self, b: Box2) -> impl Iterator<Item = usize> + use<> {
        let cell = |v: f64, n: usize| ((v / Self::CELL).floor().max(0.0) as usize).min(n - 1);
        let (x0, x1) = (cell(b.0, self.cols), cell(b.2, self.cols));
        let (y0, y1) = (cell(b.1, self.rows), cell(b.3, self.rows));
        let cols = self.cols;
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| y * cols + x))
    }

    fn insert(&mut self, b: Box2) {
        for i in self.span(b) {
            self.cells[i].push(b);
        }
    }

    fn hits(&self, b: Box2) -> bool {
        self.span(b).any(|i| self.cells[i].iter().any(|p| overlaps(b, *p)))
    }
}

/// Places labels in the order given (most important first): each at the first of its
/// candidate places (right, left, above, below, then the diagonals, then farther out) whose
/// box stays on the map and overlaps no label placed before and no symbol or `obstacles`;
/// failing that, one that only overlaps symbols; failing that the label is left out (its
/// name is in the symbol's hover title). No two labels ever overlap.
pub(super) fn place_labels(labels: &[Label], w: f64, h: f64, obstacles: &[Box2]) -> String {
    let mut placed = Grid::new(w, h);
    let mut blocked = Grid::new(w, h);
    for b in obstacles {
        blocked.insert(*b);
    }
    let mut out = String::new();
    for l in labels {
        let mut candidates: Vec<(f64, f64, &str)> = Vec::new();
        if l.r == 0.0 {
            for (dx, dy) in [(0.0, 0.0), (0.0, -18.0), (0.0, 18.0), (-40.0, 0.0), (40.0, 0.0), (0.0, 36.0)] {
                candidates.push((l.x + dx, l.y + dy, "middle"));
            }
        } else {
            for gap in [3.0, 12.0] {
                let d = l.r + gap;
                candidates.extend([
                    (l.x + d, l.y + 4.0, "start"),
                    (l.x - d, l.y + 4.0, "end"),
                    (l.x, l.y - d - 1.0, "middle"),
                    (l.x, l.y + d + 10.0, "middle"),
                    (l.x + d * 0.7, l.y - d * 0.7, "start"),
                    (l.x - d * 0.7, l.y - d * 0.7, "end"),
                    (l.x + d * 0.7, l.y + d * 0.7 + 8.0, "start"),
                    (l.x - d * 0.7, l.y + d * 0.7 + 8.0, "end"),
                ]);
            }
        }
        let boxed = |c: &(f64, f64, &str)| label_box(l.class, &l.text, c.0, c.1, c.2);
        let inside = |b: Box2| b.0 >= 0.0 && b.2 <= w && b.1 >= 0.0 && b.3 <= h;
        let clear_of_labels = |b: Box2| !placed.hits(b);
        let clear_of_symbols = |b: Box2| !blocked.hits(b);
        let pick = candidates
            .iter()
            .find(|c| {
                let b = boxed(c);
                inside(b) && clear_of_labels(b) && clear_of_symbols(b)
            })
            .or_else(|| {
                candidates.iter().find(|c| {
                    let b = boxed(c);
                    inside(b) && clear_of_labels(b)
                })
            });
        let Some(c) = pick else { continue };
        placed.insert(boxed(c));
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
            l.class,
            f1(c.0),
            f1(c.1),
            c.2,
            esc(&l.text)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The boxes of the labels `place_labels` wrote.
    fn boxes(svg: &str) -> Vec<Box2> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let a = |name: &str| {
                    let at = t.find(&format!("{name}=\"")).expect("an attribute") + name.len() + 2;
                    t[at..].split('"').next().expect("a value").to_owned()
                };
                let text = &t[t.find('>').expect("a tag") + 1..t.find("</text>").expect("its end")];
                let num = |name: &str| a(name).parse::<f64>().expect("a number");
                label_box(&a("class"), text, num("x"), num("y"), &a("text-anchor"))
            })
            .collect()
    }

    /// A crowded map: 400 places in a 200 × 150 px corner, each with a name. Every label
    /// written stays on the map and clear of every other; those with no free place are left
    /// out rather than drawn over another.
    #[test]
    fn labels_never_overlap_even_when_crowded() {
        let labels: Vec<Label> = (0..400)
            .map(|i| Label {
                x: 20.0 + f64::from(i % 20) * 10.0,
                y: 20.0 + f64::from(i / 20) * 7.5,
                r: 3.0,
                text: format!("Place {i}"),
                class: "nlabel",
            })
            .collect();
        let obstacles = [(0.0, 0.0, 40.0, 40.0)];
        let svg = place_labels(&labels, 600.0, 400.0, &obstacles);
        let placed = boxes(&svg);
        assert!(placed.len() > 20 && placed.len() < 400, "{} labels placed", placed.len());
        for (i, a) in placed.iter().enumerate() {
            assert!(a.0 >= 0.0 && a.1 >= 0.0 && a.2 <= 600.0 && a.3 <= 400.0, "{a:?} off the map");
            for b in &placed[i + 1..] {
                assert!(!overlaps(*a, *b), "{a:?} overlaps {b:?}");
            }
        }
    }

    /// A label goes right of its place when that is free, and avoids an obstacle there.
    #[test]
    fn a_label_takes_the_first_free_place() {
        let one = [Label { x: 100.0, y: 100.0, r: 5.0, text: "Kayes".into(), class: "nlabel" }];
        assert_eq!(
            place_labels(&one, 400.0, 300.0, &[]),
            "<text class=\"nlabel\" x=\"108\" y=\"104\" text-anchor=\"start\">Kayes</text>"
        );
        // An obstacle on the right: the label goes left.
        let svg = place_labels(&one, 400.0, 300.0, &[(104.0, 90.0, 200.0, 110.0)]);
        assert!(svg.contains("text-anchor=\"end\""), "{svg}");
    }
}
