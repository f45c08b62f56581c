//! Compiles `cpp/progress.cpp`, a Clp event handler that reports simplex iterations to Rust,
//! against the headers `clp-src` exports (`DEP_CLP_INCLUDE`) and with its `COIN_HAS_*`
//! defines and the same build settings as `coin-build-tools` (what `clp-src` compiles Clp
//! with), so the class layouts agree with the library it links.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=cpp/progress.cpp");
    let Some(includes) = env::var_os("DEP_CLP_INCLUDE") else {
        panic!("clp-src did not export its include directories (DEP_CLP_INCLUDE)");
    };
    let mut build = cc::Build::new();
    build.cpp(true).file("cpp/progress.cpp").define("NDEBUG", None);
    for have in [
        "STDIO_H",
        "STDLIB_H",
        "STRING_H",
        "INTTYPES_H",
        "STDINT_H",
        "STRINGS_H",
        "SYS_TYPES_H",
        "SYS_STAT_H",
        "UNISTD_H",
        "CMATH",
        "CFLOAT",
        "MEMORY_H",
    ] {
        build.define(&format!("HAVE_{have}"), None);
    }
    if env::var("TARGET").is_ok_and(|t| t.contains("msvc")) {
        build.flag("-EHsc").flag_if_supported("-std:c++11");
    } else {
        build.flag("-std=c++11");
    }
    for dir in env::split_paths(&includes) {
        build.include(dir);
    }
    if let Ok(flags) = env::var("DEP_CLP_COINFLAGS") {
        for flag in flags.split(';').filter(|f| !f.is_empty()) {
            build.define(&format!("COIN_HAS_{flag}"), None);
        }
    }
    build.compile("hinterland_clp_progress");
}
