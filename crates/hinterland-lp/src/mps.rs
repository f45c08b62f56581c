//! Free-format MPS writer.
//!
//! Names come from the keys' `Display`, with characters MPS cannot carry (space, `$`, leading
//! `*`) replaced. Rows of the form `lo ≤ a x ≤ hi` with both bounds finite become `E`/`L`
//! rows with a `RANGES` entry. Maximisation is written as `OBJSENSE MAX`.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::{self, Write};

use crate::{Lp, Sense};

/// `s` as an MPS name: whitespace and `$` become `_`, a leading `*` (a comment) or an empty
/// name gets a `_` in front. Borrowed when nothing needs replacing, as is usual.
fn name(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_whitespace() || c == '$';
    if !s.is_empty() && !s.starts_with('*') && !s.contains(bad) {
        return Cow::Borrowed(s);
    }
    let mut out: String = s.chars().map(|c| if bad(c) { '_' } else { c }).collect();
    if out.starts_with('*') || out.is_empty() {
        out.insert(0, '_');
    }
    Cow::Owned(out)
}

/// Writes `lp` in free MPS format, naming columns and rows by their keys' `Display`.
pub fn write_mps<C: Display, R: Display>(lp: &Lp<C, R>, problem_name: &str, w: impl Write) -> io::Result<()> {
    let cols: Vec<String> = lp.col_keys.iter().map(ToString::to_string).collect();
    let rows: Vec<String> = lp.row_keys.iter().map(ToString::to_string).collect();
    write_mps_named(lp, problem_name, &cols, &rows, w)
}

/// Writes `lp` in free MPS format with column `j` named `col_names[j]` and row `i`
/// `row_names[i]`. Names must be unique; characters MPS cannot carry are replaced as they are
/// written, so the names are never copied (at a million columns they are most of the
/// writer's memory).
pub fn write_mps_named<C, R, N: AsRef<str>>(
    lp: &Lp<C, R>,
    problem_name: &str,
    col_names: &[N],
    row_names: &[N],
    w: impl Write,
) -> io::Result<()> {
    if col_names.len() != lp.ncols() || row_names.len() != lp.nrows() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} column and {} row names for an LP of {} columns and {} rows",
                col_names.len(),
                row_names.len(),
                lp.ncols(),
                lp.nrows()
            ),
        ));
    }
    let row_name = |i: usize| name(row_names[i].as_ref());
    let col_name = |j: usize| name(col_names[j].as_ref());
    let mut w = io::BufWriter::new(w);
    writeln!(w, "NAME {}", name(problem_name))?;
    if lp.sense == Sense::Maximize {
        writeln!(w, "OBJSENSE\n    MAX")?;
    }
    writeln!(w, "ROWS\n N obj")?;
    for i in 0..lp.nrows() {
        let (lo, hi) = (lp.row_lo[i], lp.row_hi[i]);
        let t = if lo == hi {
            'E'
        } else if lo.is_finite() && !hi.is_finite() {
            'G'
        } else if hi.is_finite() {
            'L'
        } else {
            'N'
        };
        writeln!(w, " {t} {}", row_name(i))?;
    }
    writeln!(w, "COLUMNS")?;
    let mut in_int = false;
    for j in 0..lp.ncols() {
        let cname = col_name(j);
        if lp.col_integer[j] != in_int {
            let tag = if lp.col_integer[j] { "'INTORG'" } else { "'INTEND'" };
            writeln!(w, " MARKER 'MARKER' {tag}")?;
            in_int = lp.col_integer[j];
        }
        if lp.col_cost[j] != 0.0 {
            writeln!(w, " {cname} obj {:e}", lp.col_cost[j])?;
        }
        for (r, v) in lp.matrix.column(j) {
            writeln!(w, " {cname} {} {:e}", row_name(r), v)?;
        }
        if lp.col_cost[j] == 0.0 && lp.matrix.start[j] == lp.matrix.start[j + 1] {
            // MPS lists a column only through its entries: keep empty columns visible.
            writeln!(w, " {cname} obj 0")?;
        }
    }
    if in_int {
        writeln!(w, " MARKER 'MARKER' 'INTEND'")?;
    }
    writeln!(w, "RHS")?;
    if lp.objective_offset != 0.0 {
        // MPS convention: the RHS of the objective row is minus the constant.
        writeln!(w, " rhs obj {:e}", -lp.objective_offset)?;
    }
    for i in 0..lp.nrows() {
        let (lo, hi) = (lp.row_lo[i], lp.row_hi[i]);
        let rhs = if lo == hi || (lo.is_finite() && !hi.is_finite()) {
            lo
        } else if hi.is_finite() {
            hi
        } else {
            0.0
        };
        if rhs != 0.0 {
            writeln!(w, " rhs {} {:e}", row_name(i), rhs)?;
        }
    }
    let ranged: Vec<usize> = (0..lp.nrows())
        .filter(|&i| lp.row_lo[i].is_finite() && lp.row_hi[i].is_finite() && lp.row_lo[i] != lp.row_hi[i])
        .collect();
    if !ranged.is_empty() {
        writeln!(w, "RANGES")?;
        for i in ranged {
            writeln!(w, " rng {} {:e}", row_name(i), lp.row_hi[i] - lp.row_lo[i])?;
        }
    }
    writeln!(w, "BOUNDS")?;
    for j in 0..lp.ncols() {
        let cname = col_name(j);
        let (lo, hi) = (lp.col_lo[j], lp.col_hi[j]);
        if lo == hi {
            writeln!(w, " FX bnd {cname} {lo:e}")?;
            continue;
        }
        match (lo.is_finite(), hi.is_finite()) {
            (false, false) => writeln!(w, " FR bnd {cname}")?,
            (false, true) => {
                writeln!(w, " MI bnd {cname}")?;
                writeln!(w, " UP bnd {cname} {hi:e}")?;
            }
            (true, fin_hi) => {
                if lo != 0.0 || lp.col_integer[j] {
                    writeln!(w, " LO bnd {cname} {lo:e}")?;
                }
                if fin_hi {
                    writeln!(w, " UP bnd {cname} {hi:e}")?;
                } else if lp.col_integer[j] {
                    writeln!(w, " PL bnd {cname}")?;
                }
            }
        }
    }
    writeln!(w, "ENDATA")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LpBuilder, Sense};

    #[test]
    fn writes_ranges_bounds_and_sense() {
        let mut b = LpBuilder::<&str, &str>::new(Sense::Maximize);
        let x = b.add_col("x", 1.0, 0.0, 4.0);
        let y = b.add_col("y y", 0.0, -1.0, f64::INFINITY);
        let r = b.add_row("cap", 1.0, 3.0);
        b.add_coef(r, x, 1.0);
        b.add_coef(r, y, 2.0);
        let lp = b.build();
        let mut out = Vec::new();
        write_mps(&lp, "t", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("OBJSENSE\n    MAX"), "{text}");
        assert!(text.contains(" L cap"), "{text}");
        assert!(text.contains(" rhs cap 3e0"), "{text}");
        assert!(text.contains(" rng cap 2e0"), "{text}");
        assert!(text.contains(" UP bnd x 4e0"), "{text}");
        assert!(text.contains(" LO bnd y_y -1e0"), "{text}");
    }

    #[test]
    fn names_mps_cannot_carry_are_replaced_and_must_be_one_per_column_and_row() {
        assert_eq!(name("a b$c"), "a_b_c");
        assert_eq!(name("*x"), "_*x");
        assert_eq!(name(""), "_");
        assert!(matches!(name("flow[a,b,2024-03]"), Cow::Borrowed(_)));
        let mut b = LpBuilder::<&str, &str>::new(Sense::Minimize);
        b.add_col("x", 1.0, 0.0, 1.0);
        let lp = b.build();
        let mut out = Vec::new();
        let err = write_mps_named(&lp, "t", &["x", "y"], &[], &mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
        assert!(out.is_empty(), "nothing written");
        write_mps_named(&lp, "t", &["x"], &[], &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains(" x obj 1e0"));
    }
}
