//! Whatever the files hold, the reader returns diagnostics and never panics.

use proptest::prelude::*;

use hinterland_io::{read_scenario, render_diagnostics, schema, validate};
use hinterland_model::Backend;

use crate::fixture::tiny;

fn file_names() -> Vec<&'static str> {
    std::iter::once("scenario.toml").chain(schema::schema().iter().map(|t| t.name)).collect()
}

/// Characters that matter to CSV, TOML and the reader's number and period parsing.
fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                ",",
                "\"",
                "\"\"",
                "[[variant]]\nname = \"v\"\nedits = [\"scale-fund:*=2\"]\n",
                "1e308",
                "NaN",
                "\n",
                "\r\n",
                "#",
                "..",
                "*",
                "inf",
                "-",
                ".",
                "e",
                "2024-",
                "03",
                "=",
                "[",
                "]",
                "mopti",
                "\u{feff}",
                "é",
                " ",
                "0",
                "1",
                "99999999999999999999",
            ])
            .prop_map(str::to_owned),
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {

    #[test]
    fn any_text_in_any_file_gives_diagnostics_not_panics(file in prop::sample::select(file_names()), text in any::<String>()) {
        let mut source = tiny();
        source.set_file(file, text);
        let (_, diagnostics) = read_scenario(&source);
        let _ = render_diagnostics(&diagnostics, &source, false);
    }

    #[test]
    fn any_bytes_in_any_file_give_diagnostics_not_panics(file in prop::sample::select(file_names()), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut source = tiny();
        source.set_file(file, String::from_utf8_lossy(&bytes).into_owned());
        let (_, diagnostics) = read_scenario(&source);
        let _ = render_diagnostics(&diagnostics, &source, true);
    }

    #[test]
    fn edits_of_the_fixture_give_diagnostics_not_panics(
        file in prop::sample::select(file_names()),
        at in any::<prop::sample::Index>(),
        cut in 0usize..20,
        insert in nasty_text(),
    ) {
        let mut source = tiny();
        let text = source.file(file).expect("fixture file").to_owned();
        let mut start = at.index(text.len() + 1);
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let edited = format!("{}{}{}", &text[..start], insert, &text[end..]);
        source.set_file(file, edited);
        // Everything a command validates (variants and backends too), as `check` runs it.
        let validated = validate(&source, &[Backend::Clp]);
        let (scenario, diagnostics) = (validated.scenario, validated.diagnostics);
        prop_assert_eq!(scenario.is_some(), !diagnostics.iter().any(hinterland_io::Diagnostic::is_error));
        let rendered = render_diagnostics(&diagnostics, &source, false);
        for d in &diagnostics {
            prop_assert!(rendered.contains(d.code));
            if let Some(span) = &d.span {
                let text = source.file(&d.file).expect("diagnostics name files of the source");
                prop_assert!(span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                // The line is the line of the span's start, which the renderer relies on.
                prop_assert_eq!(d.line, Some(text[..span.start].matches('\n').count() + 1), "{:?}", d);
            }
        }
    }
}
