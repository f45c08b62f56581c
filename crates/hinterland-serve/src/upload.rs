//! Scenario folders as ZIP archives: reading an upload (entry by entry, refusing what could
//! escape the working folder or exhaust the server) and writing a download. A workbook
//! (XLSX, itself a ZIP archive) is held to the same size limits before it is read.
//!
//! An upload holds a scenario's files at its root or in one top folder (`mali/lanes.csv`).
//! Refused: absolute paths, `..` or `.` components, backslashes, drive letters and NUL bytes
//! in names (zip-slip), more entries than the limit, more unpacked bytes than the limit
//! (counted as read, not as the archive declares), files in sub-folders, files that are not
//! UTF-8. Files the scenario format does not name (other than `.csv` files, which the
//! reader warns about) are skipped and listed.

use std::io::{Cursor, Read as _, Write as _};

use hinterland_io::{DOCUMENTS, ScenarioSource, schema};

use crate::Limits;

/// A workbook has a few parts per sheet: it may have this many times the entries of a ZIP.
pub const WORKBOOK_ENTRIES_PER_ZIP_ENTRY: usize = 8;

/// Why an upload is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the upload is not a ZIP archive: {reason}")]
    NotZip { reason: String },
    #[error("the archive has {entries} entries; at most {limit} are accepted")]
    TooManyEntries { entries: usize, limit: usize },
    #[error("the archive's files unpack to more than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("entry `{name}` has an unsafe path: {why}")]
    UnsafePath { name: String, why: &'static str },
    #[error("entry `{name}` is in a sub-folder; a scenario's files sit side by side")]
    Nested { name: String },
    #[error("entry `{name}` is not UTF-8 text")]
    NotUtf8 { name: String },
    #[error("entry `{name}` cannot be read: {reason}")]
    Unreadable { name: String, reason: String },
    #[error("the archive holds no `scenario.toml`")]
    NoSettings,
}

impl UploadError {
    pub fn help(&self) -> &'static str {
        match self {
            UploadError::NotZip { .. } => "upload the scenario folder compressed as a .zip file",
            UploadError::TooManyEntries { .. } | UploadError::TooLarge { .. } => {
                "upload only the scenario's files (scenario.toml and its CSV tables)"
            }
            UploadError::UnsafePath { .. } | UploadError::Nested { .. } => {
                "zip the scenario folder itself: its files side by side, names without `..` or `/` at the start"
            }
            UploadError::NotUtf8 { .. } => "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)",
            UploadError::Unreadable { .. } => "make the archive again",
            UploadError::NoSettings => "a scenario folder holds scenario.toml beside its CSV tables",
        }
    }
}

/// A read upload: its scenario files, its documents, and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct Unpacked {
    pub files: Vec<(String, String)>,
    pub documents: Vec<(String, String)>,
    pub skipped: Vec<String>,
}

/// Why a name cannot be used, if it cannot.
fn unsafe_path(name: &str) -> Option<&'static str> {
    if name.contains('\0') {
        return Some("it holds a NUL byte");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("it is absolute");
    }
    if name.contains('\\') {
        return Some("it holds a backslash");
    }
    if name.contains(':') {
        return Some("it holds a drive letter or `:`");
    }
    if name.split('/').any(|c| c == ".." || c == ".") {
        return Some("it holds a `..` or `.` component");
    }
    None
}

/// Reads an uploaded ZIP within `limits`.
pub fn read_zip(bytes: &[u8], limits: &Limits) -> Result<Unpacked, UploadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| UploadError::NotZip { reason: e.to_string() })?;
    if archive.len() > limits.zip_entries {
        return Err(UploadError::TooManyEntries { entries: archive.len(), limit: limits.zip_entries });
    }
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| UploadError::NotZip { reason: e.to_string() })?;
        let name = file.name().map_err(|e| UploadError::NotZip { reason: e.to_string() })?.into_owned();
        if let Some(why) = unsafe_path(&name) {
            return Err(UploadError::UnsafePath { name, why });
        }
        if file.is_dir() {
            continue;
        }
        // Count what is actually unpacked: a declared size can lie.
        let room = limits.zip_unpacked_bytes.saturating_sub(total);
        let mut data = Vec::new();
        (&mut file)
            .take(room + 1)
            .read_to_end(&mut data)
            .map_err(|e| UploadError::Unreadable { name: name.clone(), reason: e.to_string() })?;
        total += data.len() as u64;
        if total > limits.zip_unpacked_bytes {
            return Err(UploadError::TooLarge { limit: limits.zip_unpacked_bytes });
        }
        entries.push((name, data));
    }
    // One top folder shared by every entry is the zipped folder itself.
    let top = entries.first().and_then(|(n, _)| n.split_once('/')).map(|(t, _)| format!("{t}/"));
    let strip = top.filter(|t| entries.iter().all(|(n, _)| n.starts_with(t.as_str())));
    let mut out = Unpacked::default();
    for (name, data) in entries {
        let name = strip.as_deref().and_then(|t| name.strip_prefix(t)).map_or(name.clone(), str::to_owned);
        if name.starts_with("__MACOSX/") || name.split('/').next_back().is_some_and(|f| f.starts_with("._")) {
            out.skipped.push(name);
            continue;
        }
        if name.contains('/') {
            return Err(UploadError::Nested { name });
        }
        let is_csv = std::path::Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let is_doc = DOCUMENTS.contains(&name.as_str());
        if !(is_csv || is_doc || name == schema::SETTINGS_FILE) {
            out.skipped.push(name);
            continue;
        }
        let text = String::from_utf8(data).map_err(|_| UploadError::NotUtf8 { name: name.clone() })?;
        if is_doc {
            out.documents.push((name, text));
        } else {
            out.files.push((name, text));
        }
    }
    if !out.files.iter().any(|(n, _)| n == schema::SETTINGS_FILE) {
        return Err(UploadError::NoSettings);
    }
    Ok(out)
}

impl Unpacked {
    /// The scenario these files make, with `origin`.
    pub fn into_source(self, origin: &str) -> ScenarioSource {
        let mut source = ScenarioSource::from_files(origin, self.files);
        for (name, text) in &self.documents {
            source.set_document(name, text.as_str());
        }
        source
    }
}

/// Holds a workbook to the limits of an upload (entries, bytes unpacked, counted while
/// unpacking) before it is read: a workbook is a ZIP archive too.
pub fn check_workbook(bytes: &[u8], limits: &Limits) -> Result<(), UploadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| UploadError::NotZip { reason: e.to_string() })?;
    let most = limits.zip_entries * WORKBOOK_ENTRIES_PER_ZIP_ENTRY;
    if archive.len() > most {
        return Err(UploadError::TooManyEntries { entries: archive.len(), limit: most });
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(|e| UploadError::NotZip { reason: e.to_string() })?;
        let room = limits.zip_unpacked_bytes.saturating_sub(total);
        let read = std::io::copy(&mut file.take(room + 1), &mut std::io::sink())
            .map_err(|e| UploadError::Unreadable { name: format!("part {i}"), reason: e.to_string() })?;
        total += read;
        if total > limits.zip_unpacked_bytes {
            return Err(UploadError::TooLarge { limit: limits.zip_unpacked_bytes });
        }
    }
    Ok(())
}

/// The scenario (and its documents) as a folder ZIP: `FOLDER/scenario.toml`, ...
pub fn write_zip(folder: &str, source: &ScenarioSource) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in source.files().chain(source.documents()) {
        zip.start_file(format!("{folder}/{name}"), options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Named files as a flat ZIP (a plan's CSV tables).
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let files: Vec<(String, Vec<u8>)> =
            entries.iter().map(|(n, b)| ((*n).to_owned(), b.to_vec())).collect();
        zip_files(&files).expect("in memory")
    }

    #[test]
    fn unsafe_names_are_refused() {
        for name in ["../x.csv", "/etc/passwd", "a/../../x", "C:/x.csv", "a\\b.csv", "./x.csv"] {
            let zip = zip_of(&[("scenario.toml", b""), (name, b"x")]);
            let err = read_zip(&zip, &Limits::default()).expect_err(name);
            assert!(matches!(err, UploadError::UnsafePath { .. }), "{name}: {err}");
        }
    }

    #[test]
    fn a_top_folder_is_stripped_and_other_files_skipped() {
        let zip = zip_of(&[
            ("mali/scenario.toml", b"a"),
            ("mali/lanes.csv", b"b"),
            ("mali/README.md", b"c"),
            ("mali/photo.png", b"d"),
        ]);
        let u = read_zip(&zip, &Limits::default()).expect("valid");
        assert_eq!(
            u.files,
            [("scenario.toml".to_owned(), "a".to_owned()), ("lanes.csv".to_owned(), "b".to_owned())]
        );
        assert_eq!(u.documents, [("README.md".to_owned(), "c".to_owned())]);
        assert_eq!(u.skipped, ["photo.png"]);
    }

    #[test]
    fn limits_hold() {
        let limits = Limits { zip_entries: 2, zip_unpacked_bytes: 10, ..Limits::default() };
        let many = zip_of(&[("scenario.toml", b""), ("a.csv", b""), ("b.csv", b"")]);
        assert_eq!(
            read_zip(&many, &limits).err(),
            Some(UploadError::TooManyEntries { entries: 3, limit: 2 })
        );
        let big = zip_of(&[("scenario.toml", &[b'x'; 11])]);
        assert_eq!(read_zip(&big, &limits).err(), Some(UploadError::TooLarge { limit: 10 }));
        let fits = zip_of(&[("scenario.toml", &[b'x'; 10])]);
        assert!(read_zip(&fits, &limits).is_ok());
        assert!(matches!(read_zip(b"not a zip", &limits), Err(UploadError::NotZip { .. })));
        let nested = zip_of(&[("scenario.toml", b""), ("x/y.csv", b"")]);
        assert!(matches!(read_zip(&nested, &limits), Err(UploadError::Nested { .. })));
        let binary = zip_of(&[("scenario.toml", &[0xff, 0xfe])]);
        assert!(matches!(read_zip(&binary, &limits), Err(UploadError::NotUtf8 { .. })));
        let none = zip_of(&[("lanes.csv", b"")]);
        assert_eq!(read_zip(&none, &limits).err(), Some(UploadError::NoSettings));
    }
}
