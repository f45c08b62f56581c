//! Reading MPS files through Clp's reader (`Clp_readMps`, fixed or free format) and turning
//! the model back into an [`Lp`], so tests and tools can use public instances.
//!
//! Clp's reader gets three things wrong, so they are handled here before Clp sees the file:
//! * it ignores `OBJSENSE MAX` (it prints "Coin ignores" to stdout and minimises), so the
//!   sense is read by this module and the `OBJSENSE` section is removed from a temporary copy;
//! * it rejects blank lines before `NAME` (every CUTEst/netlib `.SIF` file has them) and
//! * lines starting with `&` (a comment marker in the Kennington files).
//!
//! Blank and `&` lines are dropped from the copy wherever they are. A file that needs none of
//! these fixes is read in place.

use std::ffi::CString;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use hinterland_lp::{CscMatrix, Lp, Sense, SolverError};

use crate::clp::ClpModel;
use crate::load::from_coin;

/// Why an MPS file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadMpsError {
    #[error("cannot read `{path}`")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("path `{path}` cannot be passed to Clp (it contains a NUL byte)")]
    BadPath { path: PathBuf },
    #[error("Clp could not open `{path}`")]
    Unreadable { path: PathBuf },
    #[error("Clp found {errors} errors in `{path}`")]
    Malformed { path: PathBuf, errors: i32 },
    #[error("Clp returned an unusable model for `{path}`")]
    Model {
        path: PathBuf,
        #[source]
        source: SolverError,
    },
}

/// What a scan of the file's header found.
#[derive(Debug, Default, PartialEq)]
struct Header {
    sense: Option<Sense>,
    /// The file has lines Clp cannot take (an `OBJSENSE` section, blank lines, `&` comments)
    /// that must be dropped from a copy.
    needs_copy: bool,
}

fn is_section(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_uppercase())
}

fn sense_word(word: &str) -> Option<Sense> {
    match word.to_ascii_uppercase().as_str() {
        "MAX" | "MAXIMIZE" | "MAXIMISE" => Some(Sense::Maximize),
        "MIN" | "MINIMIZE" | "MINIMISE" => Some(Sense::Minimize),
        _ => None,
    }
}

fn is_dropped(line: &str) -> bool {
    line.starts_with('&') || line.trim().is_empty()
}

/// Scans `reader` for the sense (an `OBJSENSE` section before `ROWS`) and for lines Clp
/// cannot take.
fn scan_header(reader: impl BufRead) -> io::Result<Header> {
    let mut header = Header::default();
    let mut in_objsense = false;
    let mut before_rows = true;
    for line in reader.lines() {
        let line = line?;
        if is_dropped(&line) {
            header.needs_copy = true;
            continue;
        }
        if !before_rows || line.starts_with('*') {
            continue;
        }
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or_default();
        if is_section(&line) {
            in_objsense = false;
            match first {
                "ROWS" => before_rows = false,
                "OBJSENSE" => {
                    header.needs_copy = true;
                    in_objsense = true;
                    if let Some(s) = words.next().and_then(sense_word) {
                        header.sense = Some(s);
                    }
                }
                _ => {}
            }
        } else if in_objsense && header.sense.is_none() {
            header.sense = sense_word(first);
        }
    }
    Ok(header)
}

/// Copies `reader` to `out` without blank lines, `&` lines and the `OBJSENSE` section.
fn copy_for_clp(reader: impl BufRead, mut out: impl Write) -> io::Result<()> {
    let mut in_objsense = false;
    let mut before_rows = true;
    for line in reader.lines() {
        let line = line?;
        if is_dropped(&line) {
            continue;
        }
        if before_rows && is_section(&line) {
            in_objsense = line.split_whitespace().next() == Some("OBJSENSE");
            before_rows = !line.starts_with("ROWS");
        }
        if in_objsense {
            continue;
        }
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// Reads an MPS file (fixed or free format; Clp detects which) into an [`Lp`] keyed by the
/// file's column and row names.
///
/// The objective sense comes from an `OBJSENSE` section (minimise without one); the constant
/// from the objective row's RHS (`objective_offset = -rhs`, the MPS convention); integer
/// columns from `MARKER` lines. Infinite bounds come back as `±f64::INFINITY` (Clp treats
/// magnitudes of `1e27` and beyond as infinite).
pub fn read_mps(path: impl AsRef<Path>) -> Result<Lp<String, String>, ReadMpsError> {
    let path = path.as_ref();
    let io_err = |source| ReadMpsError::Io { path: path.to_path_buf(), source };
    let header = scan_header(BufReader::new(File::open(path).map_err(io_err)?)).map_err(io_err)?;

    // Keep the temporary copy alive until Clp has read it.
    let copy = if header.needs_copy {
        let mut tmp =
            tempfile::Builder::new().prefix("hinterland-mps-").suffix(".mps").tempfile().map_err(io_err)?;
        let src = BufReader::new(File::open(path).map_err(io_err)?);
        copy_for_clp(src, BufWriter::new(tmp.as_file_mut())).map_err(io_err)?;
        Some(tmp)
    } else {
        None
    };
    let clp_path = copy.as_ref().map_or(path, |t| t.path());
    let c_path = CString::new(clp_path.as_os_str().as_encoded_bytes())
        .map_err(|_| ReadMpsError::BadPath { path: path.to_path_buf() })?;

    let model_err = |source| ReadMpsError::Model { path: path.to_path_buf(), source };
    let mut model = ClpModel::new().map_err(model_err)?;
    model.set_log_level(0);
    match model.read_mps(&c_path).map_err(model_err)? {
        0 => {}
        -1 => return Err(ReadMpsError::Unreadable { path: path.to_path_buf() }),
        errors => return Err(ReadMpsError::Malformed { path: path.to_path_buf(), errors }),
    }
    drop(copy);
    let mut lp = extract(&model).map_err(model_err)?;
    lp.sense = header.sense.unwrap_or(Sense::Minimize);
    Ok(lp)
}

fn extract(model: &ClpModel) -> Result<Lp<String, String>, SolverError> {
    let (n, m) = (model.num_cols(), model.num_rows());
    let missing = |what: &str| SolverError::Failed(format!("Clp has no {what}"));
    let conv = |v: Option<&[f64]>, what: &str| {
        v.map(|v| v.iter().copied().map(from_coin).collect::<Vec<_>>()).ok_or_else(|| missing(what))
    };
    let (rows, cols, vals) = model.matrix_triplets()?;
    let integer = model.integer_information().unwrap_or_else(|| vec![false; n]);
    Ok(Lp {
        sense: Sense::Minimize,
        // Clp's objective is `c·x - offset`.
        objective_offset: -model.objective_offset(),
        col_cost: model.obj_coefficients().ok_or_else(|| missing("objective"))?.to_vec(),
        col_lo: conv(model.col_lower(), "column lower bounds")?,
        col_hi: conv(model.col_upper(), "column upper bounds")?,
        col_integer: integer,
        row_lo: conv(model.row_lower(), "row lower bounds")?,
        row_hi: conv(model.row_upper(), "row upper bounds")?,
        matrix: CscMatrix::from_triplets(m, n, &rows, &cols, &vals),
        col_keys: (0..n).map(|j| model.col_name(j)).collect(),
        row_keys: (0..m).map(|i| model.row_name(i)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_scan_finds_sense_in_both_layouts() {
        let two_lines = "NAME x\nOBJSENSE\n    MAX\nROWS\n N obj\n";
        let h = scan_header(two_lines.as_bytes()).unwrap();
        assert_eq!(h, Header { sense: Some(Sense::Maximize), needs_copy: true });
        let one_line = "* c\nNAME x\nOBJSENSE MINIMIZE\nROWS\n";
        let h = scan_header(one_line.as_bytes()).unwrap();
        assert_eq!(h, Header { sense: Some(Sense::Minimize), needs_copy: true });
        let plain = "* c\nNAME x\nROWS\n N obj\nRHS\n";
        assert_eq!(scan_header(plain.as_bytes()).unwrap(), Header::default());
        for needs_copy in ["\nNAME x\nROWS\n", "NAME x\nROWS\n& see\n", "NAME x\nROWS\n  \n"] {
            let h = scan_header(needs_copy.as_bytes()).unwrap();
            assert_eq!(h, Header { sense: None, needs_copy: true }, "{needs_copy:?}");
        }
        // `OBJSENSE` counts only before `ROWS`.
        let late = "NAME x\nROWS\nOBJSENSE MAX\n";
        assert_eq!(scan_header(late.as_bytes()).unwrap().sense, None);
    }

    #[test]
    fn copy_drops_objsense_blank_and_ampersand_lines() {
        let text = "\nNAME x\n&   See\nOBJSENSE\n    MAX\nROWS\n N obj\n\n    MAX  obj  1\nENDATA\n";
        let mut out = Vec::new();
        copy_for_clp(text.as_bytes(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, "NAME x\nROWS\n N obj\n    MAX  obj  1\nENDATA\n");
    }
}
