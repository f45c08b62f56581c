//! Writing outputs safely: the output folder is replaced whole or not at all, and only when
//! hinterland wrote it; single files (`--report`, `--timings`) are staged beside their target
//! and renamed into place.
//!
//! Every folder [`write_outputs`] creates holds a marker file, [`MARKER`], listing the files
//! it wrote. An existing folder is replaced only if its marker lists every file in it (so a
//! wrong `--out`, or notes a user saved into the folder, are never deleted), unless the
//! caller forces it. The new folder is written beside the old one as `.NAME.tmp-PID` and
//! swapped in by one `renameat2(RENAME_EXCHANGE)` on Linux, so `--out` always names a
//! complete folder, the old or the new. Where the exchange is not available (other systems,
//! file systems without it) the old folder is first renamed to `.NAME.old-PID`, then the new
//! one into place: a crash between the two renames leaves no folder at `--out` and the old
//! output in `.NAME.old-PID`. Temporary folders left by processes that no longer run (killed
//! mid-write) are removed by the next write into the same place, if they hold the marker or
//! nothing at all.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The marker file in every output folder: a comment, then the names of the files written.
pub const MARKER: &str = ".hinterland-output";

const MARKER_HEADER: &str = "# Written by `hinterland plan`. The next plan into this folder replaces it whole, but\n\
# only while it holds nothing but the files listed here (or with `--force`).\n";

/// Why outputs could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write `{}`", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("`{}` exists and is not a folder; choose another --out", .0.display())]
    NotAFolder(PathBuf),
    #[error(
        "`{}` is not a folder hinterland wrote (it has no `{MARKER}` file), so it is not replaced; choose another --out, or pass --force to replace it and everything in it",
        .0.display()
    )]
    NotOurs(PathBuf),
    #[error(
        "`{}` holds files hinterland did not write ({}), so it is not replaced; move them out, or pass --force to replace the folder and everything in it",
        dir.display(),
        files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
    )]
    Foreign { dir: PathBuf, files: Vec<String> },
    #[error("`{}` is a folder, not a file", .0.display())]
    IsAFolder(PathBuf),
    #[error("cannot write `{}`: the folder `{}` does not exist", path.display(), parent.display())]
    NoParent { path: PathBuf, parent: PathBuf },
}

impl OutputError {
    /// Whether the command line asked for something that cannot be done (exit 1), rather
    /// than the system failing (exit 2).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, OutputError::Io { .. })
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_owned(), source }
}

/// Checks that `dir` is absent or a folder hinterland may replace: it holds the marker and
/// only files the marker lists. With `force`, any folder may be replaced.
pub fn check_out_dir(dir: &Path, force: bool) -> Result<(), OutputError> {
    let Ok(meta) = fs::symlink_metadata(dir) else { return Ok(()) };
    if !meta.is_dir() {
        return Err(OutputError::NotAFolder(dir.to_owned()));
    }
    if force {
        return Ok(());
    }
    let Ok(manifest) = fs::read_to_string(dir.join(MARKER)) else {
        return Err(OutputError::NotOurs(dir.to_owned()));
    };
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    let mut foreign = Vec::new();
    for entry in fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if name == MARKER || (is_file && listed.contains(&name.as_str())) {
            continue;
        }
        foreign.push(if is_file { name } else { format!("{name}/") });
    }
    if foreign.is_empty() {
        Ok(())
    } else {
        foreign.sort();
        Err(OutputError::Foreign { dir: dir.to_owned(), files: foreign })
    }
}

/// Checks that a single output file can be written at `path`: its folder exists and it is
/// not a folder itself. For checking a command line before any work.
pub fn check_out_file(path: &Path) -> Result<(), OutputError> {
    if path.is_dir() {
        return Err(OutputError::IsAFolder(path.to_owned()));
    }
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(OutputError::NoParent { path: path.to_owned(), parent: parent.to_owned() });
    }
    Ok(())
}

/// Writes `files` (name, content) into `dir`, all or nothing: into a sibling temporary
/// folder first, which then replaces `dir` (see the module docs). `dir` must pass
/// [`check_out_dir`] with `force`.
pub fn write_outputs(dir: &Path, files: &[(String, Vec<u8>)], force: bool) -> Result<(), OutputError> {
    check_out_dir(dir, force)?;
    let parent = parent_of(dir);
    fs::create_dir_all(parent).map_err(io(parent))?;
    let name = dir.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    remove_stale(parent, &name);
    let tmp = parent.join(temporary(&name, "tmp", std::process::id()));
    if fs::symlink_metadata(&tmp).is_ok() {
        fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    fs::create_dir(&tmp).map_err(io(&tmp))?;
    let result = (|| {
        // The marker first: a temporary folder with it is recognisably ours if we are killed.
        let mut manifest = MARKER_HEADER.to_owned();
        for (file, _) in files {
            manifest.push_str(file);
            manifest.push('\n');
        }
        let marker = tmp.join(MARKER);
        fs::write(&marker, manifest).map_err(io(&marker))?;
        for (file, bytes) in files {
            let path = tmp.join(file);
            fs::write(&path, bytes).map_err(io(&path))?;
        }
        swap_in(&tmp, dir, parent, &name)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// Puts the finished folder `tmp` at `dir`, replacing what is there.
fn swap_in(tmp: &Path, dir: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if fs::symlink_metadata(dir).is_err() {
        return move_new(tmp, dir);
    }
    if exchange(tmp, dir).is_ok() {
        // `tmp` now holds the old folder.
        return fs::remove_dir_all(tmp).map_err(io(tmp));
    }
    let old = parent.join(temporary(name, "old", std::process::id()));
    fs::rename(dir, &old).map_err(io(dir))?;
    if let Err(e) = fs::rename(tmp, dir) {
        let _ = fs::rename(&old, dir);
        return Err(io(dir)(e));
    }
    fs::remove_dir_all(&old).map_err(io(&old))
}

/// Swaps two paths atomically: `renameat2(RENAME_EXCHANGE)`.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Moves `tmp` to `dir`, which did not exist; never onto a folder that appeared meanwhile.
fn move_new(tmp: &Path, dir: &Path) -> Result<(), OutputError> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, tmp, CWD, dir, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // A folder appeared at `dir` meanwhile: it is not replaced unchecked.
            Err(e @ (rustix::io::Errno::EXIST | rustix::io::Errno::NOTEMPTY)) => {
                return Err(io(dir)(e.into()));
            }
            // A file system without the flag: the plain rename below.
            Err(_) => {}
        }
    }
    fs::rename(tmp, dir).map_err(io(dir))
}

/// `.NAME.KIND-PID`: a temporary folder or file beside the output `NAME`.
fn temporary(name: &str, kind: &str, pid: u32) -> String {
    format!(".{name}.{kind}-{pid}")
}

fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Removes temporaries of the output `name` in `parent` left by processes that no longer
/// run: folders that hold the marker or nothing, and staged files. Best effort: what cannot
/// be removed stays.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else { continue };
        let Some((kind, pid)) = rest.split_once('-') else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if !matches!(kind, "tmp" | "old") || (pid != std::process::id() && is_running(pid)) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                let ours = path.join(MARKER).is_file()
                    || fs::read_dir(&path).is_ok_and(|mut entries| entries.next().is_none());
                if ours {
                    let _ = fs::remove_dir_all(&path);
                }
            }
            Ok(t) if t.is_file() && kind == "tmp" => {
                let _ = fs::remove_file(&path);
            }
            _ => {}
        }
    }
}

/// Whether a process with this id runs (or may run: without a way to tell, it is assumed
/// to, so nothing of it is removed).
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
            return true;
        };
        // Signal 0 checks only that the process exists; "no such process" means it is gone.
        !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// A single output file written beside its target and renamed into place on
/// [`StagedFile::commit`], so that creating it checks the path before anything is replaced
/// and a failure never leaves a truncated file. Dropped uncommitted, it removes itself. A
/// pipe or device (`/dev/stdout`) is written directly.
pub struct StagedFile {
    path: PathBuf,
    /// The temporary file, `None` when writing to a pipe or device.
    tmp: Option<PathBuf>,
    file: Option<fs::File>,
}

impl StagedFile {
    pub fn create(path: &Path) -> Result<StagedFile, OutputError> {
        check_out_file(path)?;
        if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let file = fs::OpenOptions::new().write(true).open(path).map_err(io(path))?;
            return Ok(StagedFile { path: path.to_owned(), tmp: None, file: Some(file) });
        }
        let parent = parent_of(path);
        let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(parent, &name);
        let tmp = parent.join(temporary(&name, "tmp", std::process::id()));
        let file = fs::File::create(&tmp).map_err(io(path))?;
        Ok(StagedFile { path: path.to_owned(), tmp: Some(tmp), file: Some(file) })
    }

    /// Writes `bytes` and puts the file in place.
    pub fn commit(mut self, bytes: &[u8]) -> Result<(), OutputError> {
        let mut file = self.file.take().expect("a staged file is committed once");
        file.write_all(bytes).and_then(|()| file.flush()).map_err(io(&self.path))?;
        drop(file);
        if let Some(tmp) = self.tmp.take()
            && let Err(e) = fs::rename(&tmp, &self.path)
        {
            let _ = fs::remove_file(&tmp);
            return Err(io(&self.path)(e));
        }
        Ok(())
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            let _ = fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(name: &str) -> PathBuf {
        let base = std::env::temp_dir().join(format!("hinterland-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(&base).unwrap();
        base
    }

    fn files(v: &str) -> Vec<(String, Vec<u8>)> {
        vec![("plan.json".into(), v.as_bytes().to_vec()), ("a.csv".into(), b"x".to_vec())]
    }

    #[test]
    fn replaces_only_our_own_folders() {
        let base = base("ours");
        let out = base.join("out");
        write_outputs(&out, &files("{}"), false).unwrap();
        assert!(out.join(MARKER).is_file());
        write_outputs(&out, &[("plan.json".into(), b"{\"v\":2}".to_vec())], false).unwrap();
        assert_eq!(fs::read_to_string(out.join("plan.json")).unwrap(), "{\"v\":2}");
        assert!(!out.join("a.csv").exists(), "the old folder is replaced whole");
        let names: Vec<_> = fs::read_dir(&base).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["out"], "no temporary is left beside it");
        fs::remove_dir_all(&base).unwrap();
    }

    /// Issue 26: a folder with someone else's plan.json and a thesis was deleted.
    #[test]
    fn issue_26_a_folder_without_the_marker_is_refused_unless_forced() {
        let base = base("foreign");
        let foreign = base.join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("plan.json"), b"{}").unwrap();
        fs::write(foreign.join("thesis.tex"), b"precious").unwrap();
        assert!(matches!(write_outputs(&foreign, &files("{}"), false), Err(OutputError::NotOurs(_))));
        assert!(foreign.join("thesis.tex").exists());
        write_outputs(&foreign, &files("{}"), true).unwrap();
        assert!(!foreign.join("thesis.tex").exists(), "--force replaces the folder");
        assert!(foreign.join(MARKER).is_file());
        fs::remove_dir_all(&base).unwrap();
    }

    /// Issue 26: re-planning deleted my_notes.txt and sub/keep.txt saved in the folder.
    #[test]
    fn issue_26_files_we_did_not_write_keep_the_folder() {
        let base = base("notes");
        let out = base.join("out");
        write_outputs(&out, &files("{}"), false).unwrap();
        fs::write(out.join("my_notes.txt"), b"mine").unwrap();
        fs::create_dir(out.join("sub")).unwrap();
        fs::write(out.join("sub/keep.txt"), b"mine").unwrap();
        match write_outputs(&out, &files("{}"), false) {
            Err(OutputError::Foreign { files, .. }) => assert_eq!(files, ["my_notes.txt", "sub/"]),
            other => panic!("{other:?}"),
        }
        assert!(out.join("my_notes.txt").exists() && out.join("sub/keep.txt").exists());
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_file_at_the_folders_path_is_never_replaced() {
        let base = base("file");
        let file = base.join("out");
        fs::write(&file, b"keep").unwrap();
        for force in [false, true] {
            assert!(matches!(write_outputs(&file, &files("{}"), force), Err(OutputError::NotAFolder(_))));
        }
        assert_eq!(fs::read(&file).unwrap(), b"keep");
        fs::remove_dir_all(&base).unwrap();
    }

    /// Issue 26: a kill right after the temporary folder appeared left it forever.
    #[test]
    fn issue_26_temporaries_of_dead_processes_are_removed() {
        let base = base("stale");
        // No process has id 4194304 + 1: Linux caps ids at 2^22.
        let dead = 4_194_305;
        let empty = base.join(temporary("out", "tmp", dead));
        let with_marker = base.join(temporary("out", "old", dead));
        let someone_elses = base.join(temporary("out", "tmp", dead + 1));
        let alive = base.join(temporary("out", "tmp", 1));
        for d in [&empty, &with_marker, &someone_elses, &alive] {
            fs::create_dir(d).unwrap();
        }
        fs::write(with_marker.join(MARKER), MARKER_HEADER).unwrap();
        fs::write(someone_elses.join("notes.txt"), b"not ours").unwrap();
        fs::write(alive.join(MARKER), MARKER_HEADER).unwrap();
        let staged = base.join(temporary("r.html", "tmp", dead));
        fs::write(&staged, b"half").unwrap();
        write_outputs(&base.join("out"), &files("{}"), false).unwrap();
        StagedFile::create(&base.join("r.html")).unwrap().commit(b"report").unwrap();
        assert!(!empty.exists() && !with_marker.exists() && !staged.exists(), "stale temporaries go");
        assert!(someone_elses.exists(), "a folder without the marker is not ours to delete");
        assert!(alive.exists(), "process 1 runs: its temporary stays");
        assert_eq!(fs::read(base.join("r.html")).unwrap(), b"report");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_staged_file_checks_its_path_and_leaves_nothing_when_dropped() {
        let base = base("staged");
        let missing = base.join("no/such/folder/r.html");
        assert!(matches!(StagedFile::create(&missing), Err(OutputError::NoParent { .. })));
        assert!(matches!(StagedFile::create(&base), Err(OutputError::IsAFolder(_))));
        let target = base.join("t.json");
        fs::write(&target, b"old").unwrap();
        drop(StagedFile::create(&target).unwrap());
        assert_eq!(fs::read(&target).unwrap(), b"old", "an uncommitted file replaces nothing");
        assert_eq!(fs::read_dir(&base).unwrap().count(), 1, "and leaves no temporary");
        fs::remove_dir_all(&base).unwrap();
    }
}
