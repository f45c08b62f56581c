//! Writing the output folder atomically.

use std::fs;
use std::path::{Path, PathBuf};

/// Why the output folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write `{path}`")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("`{0}` exists and is not a folder hinterland wrote (no plan.json in it); choose another --out")]
    NotOurs(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_owned(), source }
}

/// Writes `files` (name, content) into `dir`, all or nothing: they go to a sibling
/// temporary folder first, which then replaces `dir`. An existing `dir` is replaced only if
/// it holds a `plan.json` (so a wrong `--out` cannot wipe unrelated files).
pub fn write_outputs(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    if dir.exists() && !(dir.is_dir() && dir.join("plan.json").exists()) {
        return Err(OutputError::NotOurs(dir.to_owned()));
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io(parent))?;
    let name = dir.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    fs::create_dir(&tmp).map_err(io(&tmp))?;
    let result = (|| {
        for (file, bytes) in files {
            let path = tmp.join(file);
            fs::write(&path, bytes).map_err(io(&path))?;
        }
        if dir.exists() {
            let old = parent.join(format!(".{name}.old-{}", std::process::id()));
            fs::rename(dir, &old).map_err(io(dir))?;
            fs::rename(&tmp, dir).map_err(io(dir))?;
            fs::remove_dir_all(&old).map_err(io(&old))?;
        } else {
            fs::rename(&tmp, dir).map_err(io(dir))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_our_own_folders() {
        let base = std::env::temp_dir().join(format!("hinterland-write-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(&base).unwrap();
        let out = base.join("out");
        write_outputs(&out, &[("plan.json".into(), b"{}".to_vec()), ("a.csv".into(), b"x".to_vec())])
            .unwrap();
        write_outputs(&out, &[("plan.json".into(), b"{\"v\":2}".to_vec())]).unwrap();
        assert_eq!(fs::read_to_string(out.join("plan.json")).unwrap(), "{\"v\":2}");
        assert!(!out.join("a.csv").exists(), "the old folder is replaced whole");
        let foreign = base.join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("thesis.docx"), b"precious").unwrap();
        assert!(matches!(write_outputs(&foreign, &[]), Err(OutputError::NotOurs(_))));
        assert!(foreign.join("thesis.docx").exists());
        fs::remove_dir_all(&base).unwrap();
    }
}
