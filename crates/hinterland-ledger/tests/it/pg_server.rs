//! A throwaway PostgreSQL server for tests: initdb and pg_ctl in a temporary folder, listening
//! on a unix socket there only, stopped when dropped. Shared by the ledger's tests and the
//! command line's (`#[path]` include), so both run against the same kind of server.
//!
//! The binaries are taken from `HINTERLAND_POSTGRES` (their folder), else from `PATH`, else
//! from Debian's `/usr/lib/postgresql/*/bin`. Without them [`available`] says so on stderr and
//! tests return without running, unless `HINTERLAND_REQUIRE_POSTGRES=1`, which makes that a
//! failure (CI sets it). As root, the server runs as the `postgres` user (PostgreSQL refuses
//! to run as root).

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin_dir() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(d) = std::env::var_os("HINTERLAND_POSTGRES") {
        return Some(PathBuf::from(d)).filter(|d| has(d));
    }
    if let Some(path) = std::env::var_os("PATH")
        && let Some(d) = std::env::split_paths(&path).find(|d| has(d))
    {
        return Some(d);
    }
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| has(d))
        .collect();
    debian.sort();
    debian.pop()
}

/// Whether PostgreSQL tests can run here; says why not, or fails when they are required.
pub fn available() -> Option<PathBuf> {
    let found = bin_dir();
    if found.is_none() {
        let required = std::env::var("HINTERLAND_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "HINTERLAND_REQUIRE_POSTGRES=1 but no initdb/pg_ctl found (set HINTERLAND_POSTGRES to their folder)"
        );
        eprintln!("notice: PostgreSQL not found (initdb, pg_ctl); the PostgreSQL ledger tests did not run");
    }
    found
}

pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
}

fn as_server_user(bin: &Path, tool: &str) -> Command {
    if rustix::process::geteuid().is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        c
    } else {
        Command::new(bin.join(tool))
    }
}

fn run(mut c: Command, what: &str, cwd: &Path) {
    // The server user may not be allowed into the test's folder (a root-only clone in CI).
    c.current_dir(cwd);
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Server {
    pub fn start(bin: PathBuf) -> Server {
        let dir = tempfile::tempdir().expect("a temporary folder");
        if rustix::process::geteuid().is_root() {
            let id = |flag: &str| -> u32 {
                let out = Command::new("id").args([flag, "postgres"]).output().expect("id runs");
                String::from_utf8_lossy(&out.stdout).trim().parse().expect("the postgres user exists")
            };
            std::os::unix::fs::chown(dir.path(), Some(id("-u")), Some(id("-g"))).expect("chown");
        }
        let data = dir.path().join("data");
        let mut init = as_server_user(&bin, "initdb");
        init.arg("-D").arg(&data).args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
        run(init, "initdb", dir.path());
        let mut start = as_server_user(&bin, "pg_ctl");
        start
            .arg("-D")
            .arg(&data)
            .arg("-o")
            .arg(format!("-k {} -c listen_addresses= -c fsync=off", dir.path().display()))
            .args(["-w", "-s", "-l"])
            .arg(dir.path().join("log"))
            .arg("start");
        run(start, "pg_ctl start", dir.path());
        Server { dir, bin }
    }

    /// The server's `postgres` database, as a `--db` URL.
    pub fn url(&self) -> String {
        format!("postgresql:///postgres?host={}&user=postgres", self.dir.path().display())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let mut stop = as_server_user(&self.bin, "pg_ctl");
        stop.current_dir(self.dir.path()).arg("-D").arg(self.dir.path().join("data")).args([
            "-m",
            "immediate",
            "-s",
            "stop",
        ]);
        let _ = stop.output();
    }
}
