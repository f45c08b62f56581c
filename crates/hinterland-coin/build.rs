//! Compiles hinterland's C++: `cpp/progress.cpp`, a Clp event handler that reports simplex
//! iterations to Rust, and `cpp/guard.cpp`, which keeps C++ exceptions from crossing into
//! Rust, with `coin-build-tools` — the builder, defines and flags `clp-src`
//! compiles Clp with — and the headers and `COIN_HAS_*` flags `clp-src` exports, so the class
//! layouts agree with the library it links; and, with the `highs` feature,
//! `cpp/highs_guard.cpp`, the same guard for HiGHS's C API, and `cpp/highs_iterate.cpp`, two
//! members of HiGHS's `Highs` class that its C API lacks.

use coin_build_tools::coinbuilder;

fn main() {
    println!("cargo:rerun-if-changed=cpp/progress.cpp");
    println!("cargo:rerun-if-changed=cpp/guard.cpp");
    println!("cargo:rerun-if-changed=cpp/guard.h");
    let (includes, coinflags) = coinbuilder::get_metadata_from("Clp");
    assert!(!includes.is_empty(), "clp-src did not export its include directories (DEP_CLP_INCLUDE)");
    let mut build = coinbuilder::init_builder();
    for flag in &coinflags {
        build.define(&format!("COIN_HAS_{flag}"), None);
    }
    build.includes(includes).file("cpp/progress.cpp").file("cpp/guard.cpp");
    if std::env::var_os("CARGO_FEATURE_HIGHS").is_some() {
        // In the same library as `guard.cpp`, whose `hl_guard_record_current` it calls.
        println!("cargo:rerun-if-changed=cpp/highs_guard.cpp");
        build.file("cpp/highs_guard.cpp");
    }
    build.compile("hinterland_clp_progress");

    if std::env::var_os("CARGO_FEATURE_HIGHS").is_some() {
        println!("cargo:rerun-if-changed=cpp/highs_iterate.cpp");
        coinbuilder::init_builder().file("cpp/highs_iterate.cpp").compile("hinterland_highs_iterate");
    }
}
