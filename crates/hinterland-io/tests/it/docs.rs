//! The reference docs are checked against the code, so neither can drift.

use hinterland_io::schema::{COMMON_COLUMNS, schema};

fn read_doc(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the `##`/`###` section whose heading names `file` in backticks.
fn section<'a>(doc: &'a str, file: &str) -> &'a str {
    let needle = format!("`{file}`");
    let start = doc
        .match_indices("\n## ")
        .map(|(i, _)| i + 1)
        .find(|i| doc[*i..].lines().next().is_some_and(|h| h.contains(&needle)))
        .unwrap_or_else(|| panic!("docs/scenario-format.md has a section for `{file}`"));
    let end = doc[start + 3..].find("\n## ").map_or(doc.len(), |i| start + 3 + i);
    &doc[start..end]
}

/// The Markdown table of a section (consecutive lines starting with `|`), if any.
fn table_of(section: &str) -> Option<String> {
    let lines: Vec<&str> =
        section.lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|')).collect();
    (!lines.is_empty()).then(|| lines.iter().flat_map(|l| [*l, "\n"]).collect())
}

#[test]
fn every_schema_column_is_documented_in_scenario_format() {
    let doc = read_doc("scenario-format.md");
    for table in schema() {
        let text = section(&doc, table.name);
        for column in table.columns {
            assert!(
                text.contains(&format!("`{}`", column.name)),
                "`{}` of {} is not documented",
                column.name,
                table.name
            );
        }
        // Where the docs have a column table, it is exactly the schema's.
        if let Some(documented) = table_of(text) {
            assert_eq!(
                documented,
                table.markdown_table(),
                "the table of {} in docs/scenario-format.md",
                table.name
            );
        }
    }
    for column in COMMON_COLUMNS {
        assert!(doc.contains(&format!("`{}` column", column.name)), "common column `{}`", column.name);
    }
}

#[test]
fn every_diagnostic_code_is_documented() {
    let doc = read_doc("diagnostics.md");
    for code in hinterland_io::codes::ALL {
        let row = format!("| `{}` | {} | {} |", code.code, code.severity, code.title);
        assert!(doc.contains(&row), "docs/diagnostics.md lacks the row `{row}`");
    }
    // And nothing is documented that the code does not have.
    for word in doc.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() == 5 && word.starts_with('H') && word[1..].bytes().all(|b| b.is_ascii_digit()) {
            assert!(
                hinterland_io::codes::ALL.iter().any(|c| c.code == word),
                "docs/diagnostics.md names unknown code {word}"
            );
        }
    }
}

/// Every unit of a schema column has a largest value (or a check of its own), and the
/// table of largest values in docs/scenario-format.md is the code's.
#[test]
fn the_largest_values_are_documented_for_every_unit() {
    use hinterland_io::magnitude::{MAGNITUDES, markdown_table};
    let doc = read_doc("scenario-format.md");
    let table = markdown_table();
    assert!(doc.contains(&table), "docs/scenario-format.md lacks the table of largest values:\n{table}");
    let own_checks = ["fraction", "degrees", "periods"];
    for table in schema() {
        for column in table.columns.iter().filter(|c| !c.unit.is_empty()) {
            assert!(
                own_checks.contains(&column.unit) || MAGNITUDES.iter().any(|m| m.unit == column.unit),
                "`{}` of {} has the unit `{}`, which has no largest value in hinterland_io::magnitude",
                column.name,
                table.name,
                column.unit
            );
        }
    }
}
