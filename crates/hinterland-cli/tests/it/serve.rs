//! `hinterland serve` as a user starts it: it prints the URL to open and serves the shipped
//! scenarios (and a folder given); it refuses to listen off loopback without a token, and
//! says why a port cannot be used.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, Command, Stdio};

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).expect("the server accepts");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("sent");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("an answer");
    answer
}

/// `hinterland serve` on a free loopback port with `args`, its output piped.
fn spawn(args: &[&std::ffi::OsStr]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts")
}

/// Starts `hinterland serve` on a free loopback port with `args`; the server and its address.
fn start(args: &[&std::ffi::OsStr]) -> (Server, String) {
    let mut server = Server(spawn(args));
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().expect("stdout")).read_line(&mut line).expect("a line");
    let url = line.trim().strip_prefix("hinterland serve: open ").expect("the URL line");
    let url = url.strip_suffix(" (Ctrl-C to stop)").expect("the URL line");
    let addr = url.strip_prefix("http://").and_then(|u| u.strip_suffix('/')).expect("a loopback URL");
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    (server, addr.to_owned())
}

/// A workbook as `init --xlsx` writes it is served under its name.
#[test]
fn serve_opens_a_workbook() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let book = work.path().join("Mali.xlsx");
    let init = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .arg("init")
        .arg("--xlsx")
        .arg(&book)
        .output()
        .expect("runs");
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let workdir = work.path().join("work");
    let (_server, addr) = start(&["--workdir".as_ref(), workdir.as_os_str(), book.as_os_str()]);
    let shown = get(&addr, "/api/v1/scenarios/dir-mali/validate");
    assert!(shown.starts_with("HTTP/1.1 200") && shown.contains("\"valid\":true"), "{shown}");
}

#[test]
fn serve_prints_its_url_and_serves_the_shipped_scenarios_and_a_folder() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let folder = work.path().join("My Case");
    std::fs::create_dir(&folder).expect("a folder");
    let syria = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/wfp-syria");
    for entry in std::fs::read_dir(&syria).expect("the Syria scenario") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), folder.join(entry.file_name())).expect("copied");
    }
    let workdir = work.path().join("work");
    let (_server, addr) = start(&["--workdir".as_ref(), workdir.as_os_str(), folder.as_os_str()]);
    let addr = addr.as_str();
    let list = get(addr, "/api/v1/scenarios");
    assert!(list.starts_with("HTTP/1.1 200"), "{list}");
    let ids: Vec<usize> = ["\"dir-my-case\"", "\"mali-2024\"", "\"mali-2024-weekly\"", "\"wfp-syria\""]
        .iter()
        .map(|id| list.find(id).unwrap_or_else(|| panic!("{id} not in {list}")))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{list}");
    assert!(work.path().join("work/mali-2024/lanes.csv").is_file());
    assert!(get(addr, "/").contains("<title>hinterland</title>"));
}

#[test]
fn serve_refuses_other_addresses_without_a_token() {
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: refusing to listen on `0.0.0.0:0` without a token"), "{stderr}");
    assert!(stderr.contains("help: give `--token SECRET`"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn serve_says_when_its_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("an address").to_string();
    let work = tempfile::tempdir().expect("a temporary folder");
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["serve", "--addr", &addr, "--workdir"])
        .arg(work.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("error: cannot listen on `{addr}`")), "{stderr}");
}

/// `--max-upload-mb` sets the upload limit: an upload of 1.5 MB passes the default (16 MB)
/// as far as reading the archive, and is refused as too large under `--max-upload-mb 1`.
#[test]
fn serve_takes_its_upload_limit_from_the_command_line() {
    let post = |addr: &str, body: &[u8]| {
        let mut s = std::net::TcpStream::connect(addr).expect("the server accepts");
        write!(
            s,
            "POST /api/v1/scenarios?name=big.zip HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/zip\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .expect("sent");
        // The server may answer and close before reading all of a refused body.
        let _ = s.write_all(body);
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer
    };
    let body = vec![b'x'; 1536 * 1024];
    let work = tempfile::tempdir().expect("a temporary folder");
    let workdir = work.path().join("work");
    let (_server, addr) = start(&["--workdir".as_ref(), workdir.as_os_str()]);
    let answer = post(&addr, &body);
    assert!(answer.starts_with("HTTP/1.1 400") && answer.contains("not a ZIP archive"), "{answer}");
    let workdir = work.path().join("work-small");
    let (_server, addr) =
        start(&["--workdir".as_ref(), workdir.as_os_str(), "--max-upload-mb".as_ref(), "1".as_ref()]);
    let answer = post(&addr, &body);
    assert!(answer.starts_with("HTTP/1.1 413") && answer.contains("too_large"), "{answer}");
}

#[test]
fn serve_refuses_limits_that_are_not_positive() {
    for args in [["--solvers", "0"], ["--time-limit", "0"], ["--max-upload-mb", "0"]] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_hinterland")).arg("serve").args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("invalid value '0' for '{} <", args[0])), "{stderr}");
    }
}

/// Stopped by a signal (Ctrl-C or SIGTERM), the server exits cleanly and removes its own
/// temporary working folder; a folder given with `--workdir` is kept.
#[test]
fn serve_stops_on_a_signal_and_removes_only_its_own_working_folder() {
    use rustix::process::{Pid, Signal, kill_process};
    let run = |args: &[&std::ffi::OsStr], signal: Signal| {
        let mut child = spawn(args);
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let (mut url, mut kept) = (String::new(), String::new());
        out.read_line(&mut url).expect("the URL line");
        out.read_line(&mut kept).expect("the working folder line");
        let folder = kept.split('`').nth(1).expect("a quoted folder").to_owned();
        assert!(std::path::Path::new(&folder).join("mali-2024/lanes.csv").is_file(), "{kept}");
        kill_process(Pid::from_child(&child), signal).expect("signalled");
        let status = child.wait().expect("exits");
        let mut rest = String::new();
        out.read_to_string(&mut rest).expect("the last lines");
        assert_eq!(status.code(), Some(0), "{rest}");
        assert!(rest.contains("hinterland serve: stopped"), "{rest}");
        (kept, std::path::PathBuf::from(folder))
    };
    let (kept, own) = run(&[], Signal::INT);
    assert!(kept.contains("until the server stops"), "{kept}");
    assert!(!own.exists(), "{} is left behind", own.display());
    let work = tempfile::tempdir().expect("a temporary folder");
    let given = work.path().join("work");
    let (_, folder) = run(&["--workdir".as_ref(), given.as_os_str()], Signal::TERM);
    assert_eq!(folder, given);
    assert!(given.join("mali-2024/lanes.csv").is_file(), "a given folder is kept");
}
