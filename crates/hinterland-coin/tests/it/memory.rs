//! An LP too large for the memory the process may use (issue 26): the solver's allocation
//! fails with `std::bad_alloc`, which must come back as an error with a message, not unwind
//! into Rust (that aborts: "Rust cannot catch foreign exceptions"). Clp always; HiGHS with
//! the `highs` feature.
//!
//! The solve runs in a child process (this test binary again) under an address-space limit
//! set just above what the Rust side needs, so that Clp's own copy of the LP does not fit.

use std::process::Command;

use hinterland_coin::Clp;
use hinterland_lp::{LpBuilder, Sense, SolveOptions, Solver};

/// Set in the child's environment to the solver it runs: `clp` or `highs`.
const CHILD: &str = "HINTERLAND_MEMORY_TEST_CHILD";

/// Virtual memory of this process now, in bytes (Linux).
fn vm_size() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmSize:")).expect("VmSize");
    let kb: u64 = line.trim_start_matches("VmSize:").trim().trim_end_matches("kB").trim().parse().unwrap();
    kb * 1024
}

#[test]
#[ignore = "run as a child process by issue_26_an_lp_too_large_for_memory_is_an_error"]
fn memory_child() {
    let solver = std::env::var(CHILD).expect("run by the memory test");
    // 3 million columns, each in two of 1.5 million rows: about 180 MB of COIN arrays.
    let (n, m) = (3_000_000u32, 1_500_000u32);
    let mut b = LpBuilder::new(Sense::Minimize);
    let rows: Vec<_> = (0..m).map(|r| b.add_row(r, 1.0, f64::INFINITY)).collect();
    for j in 0..n {
        let c = b.add_col(j, 1.0, 0.0, 10.0);
        b.add_coef(rows[(j % m) as usize], c, 1.0);
        b.add_coef(rows[((j + 1) % m) as usize], c, 2.0);
    }
    let lp = b.build();
    drop(rows);
    let (n, m, nnz) = (u64::from(n), u64::from(m), lp.matrix.nnz() as u64);
    // What the Rust side allocates before Clp copies the LP: its COIN arrays.
    let arrays = (n + 1) * 4 + nnz * 12 + n * 24 + m * 16;
    let limit = vm_size() + arrays + arrays / 4 + (32 << 20);
    let limit = rustix::process::Rlimit { current: Some(limit), maximum: Some(limit) };
    rustix::process::setrlimit(rustix::process::Resource::As, limit).expect("setrlimit");
    let solved = match solver.as_str() {
        #[cfg(feature = "highs")]
        "highs" => hinterland_coin::Highs.solve(&lp, &SolveOptions::default()),
        _ => Clp.solve(&lp, &SolveOptions::default()),
    };
    match solved {
        Err(e) => println!("solve failed: {e}"),
        Ok(sol) => println!("solve ended {:?}", sol.status),
    }
}

/// Runs `memory_child` with `solver` in a child process; its output.
fn child(solver: &str) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "memory::memory_child", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(CHILD, solver)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the child aborted:\n{stdout}\n{stderr}");
    format!("{stdout}\n{stderr}")
}

#[test]
fn issue_26_an_lp_too_large_for_memory_is_an_error() {
    let out = child("clp");
    assert!(
        out.contains("solve failed: the solver failed: Clp ran out of memory"),
        "no out-of-memory error:\n{out}"
    );
}

/// HiGHS's C API catches nothing (`cpp/highs_guard.cpp`): without the guards, `Highs_passLp`
/// throwing `std::bad_alloc` aborts the process.
#[cfg(feature = "highs")]
#[test]
fn issue_26_an_lp_too_large_for_memory_is_a_highs_error() {
    let out = child("highs");
    assert!(
        out.contains("solve failed: the solver failed: HiGHS ran out of memory"),
        "no out-of-memory error:\n{out}"
    );
}
