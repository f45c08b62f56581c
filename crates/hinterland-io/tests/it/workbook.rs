//! Scenario workbooks: the shipped scenarios survive folder → XLSX → source cell for cell,
//! the written workbook has its notes, lists and frozen headers, and every problem in a
//! hand-built workbook is reported at its sheet and cell.

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};
use hinterland_io::{
    Diagnostic, ScenarioSource, WorkbookError, read_workbook, render_diagnostics, schema, validate,
    write_workbook,
};
use hinterland_model::Backend;
use rust_xlsxwriter::{Formula, Workbook};

use crate::fixture::tiny_dir;

fn shipped(name: &str) -> ScenarioSource {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
    ScenarioSource::from_dir(dir).expect("the shipped scenario is readable")
}

/// A CSV table's records, comments skipped.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}

/// Two cells are the same value: the same text, or numbers that are the same `f64`
/// (`1.50` and `1.5`, `12.0` and `12`).
fn same_cell(a: &str, b: &str) -> bool {
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// Two TOML values are the same, integers and floats compared as numbers.
fn same_toml(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value as V;
    match (a, b) {
        (V::Integer(_) | V::Float(_), V::Integer(_) | V::Float(_)) => number(a) == number(b),
        (V::Array(x), V::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_toml(a, b)),
        (V::Table(x), V::Table(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_toml(v, w)))
        }
        _ => a == b,
    }
}

fn number(v: &toml::Value) -> f64 {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).expect("a number")
}

fn lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn round_trip(name: &str) {
    let folder = shipped(name);
    let bytes = write_workbook(&folder).expect("the workbook is written");
    let book = read_workbook(&bytes, "book.xlsx").expect("the workbook is read");
    assert!(book.is_workbook());
    assert!(book.load_diagnostics().is_empty(), "{:?}", book.load_diagnostics());

    let names = |s: &ScenarioSource| s.files().map(|(n, _)| n.to_owned()).collect::<Vec<_>>();
    assert_eq!(names(&book), names(&folder), "{name}: the same files");
    let mut cells = 0;
    for (file, text) in folder.files() {
        let back = book.file(file).expect("every file comes back");
        if file == schema::SETTINGS_FILE {
            let a: toml::Value = toml::from_str(text).expect("valid TOML");
            let b: toml::Value = toml::from_str(back).expect("the settings sheet gives valid TOML");
            assert!(same_toml(&a, &b), "{name}: settings differ:\n{text}\n---\n{back}");
            continue;
        }
        // Comments carry sources: they come back, in order.
        let comments =
            |t: &str| t.lines().filter(|l| l.starts_with('#')).map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(comments(text), comments(back), "{name} {file}: comments");
        let (a, b) = (records(text), records(back));
        assert_eq!(a.len(), b.len(), "{name} {file}: records");
        for (i, (ra, rb)) in a.iter().zip(&b).enumerate() {
            assert_eq!(ra.len(), rb.len(), "{name} {file} record {i}");
            for (x, y) in ra.iter().zip(rb) {
                assert!(same_cell(x, y), "{name} {file} record {i}: `{x}` came back as `{y}`");
                cells += 1;
            }
        }
    }
    assert!(cells > 100, "{name}: only {cells} cells compared");
    let docs = |s: &ScenarioSource| {
        s.documents().map(|(n, t)| (n.to_owned(), lines(t).join("\n"))).collect::<Vec<_>>()
    };
    assert_eq!(docs(&book), docs(&folder), "{name}: documents");
    assert!(!docs(&folder).is_empty(), "{name} has documents to carry");

    // The validated scenario and its variants are the same, and so are the warnings.
    let (a, b) = (validate(&folder, &[Backend::Clp]), validate(&book, &[Backend::Clp]));
    assert!(a.scenario.is_some(), "{name} is valid");
    assert_eq!(format!("{:?}", a.scenario), format!("{:?}", b.scenario), "{name}: scenario");
    assert_eq!(format!("{:?}", a.variants), format!("{:?}", b.variants), "{name}: variants");
    let said = |d: &[Diagnostic]| d.iter().map(|d| (d.code, d.message.clone())).collect::<Vec<_>>();
    assert_eq!(said(&a.diagnostics), said(&b.diagnostics), "{name}: diagnostics");
    assert!(b.diagnostics.iter().all(|d| d.cell.is_some()), "{name}: every diagnostic names a sheet");

    // Written again, the workbook is the same bytes: writing is deterministic and the round
    // trip is at its fixed point.
    assert_eq!(
        write_workbook(&book).expect("written again"),
        bytes,
        "{name}: a second round trip changes bytes"
    );
}

#[test]
fn mali_2024_survives_a_workbook() {
    round_trip("mali-2024");
}

#[test]
fn mali_2024_weekly_survives_a_workbook() {
    round_trip("mali-2024-weekly");
}

#[test]
fn wfp_syria_survives_a_workbook() {
    round_trip("wfp-syria");
}

/// The parts of an XLSX file, by name.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("part {name}")).read_to_string(&mut text).expect("UTF-8");
    text
}

fn part_names(bytes: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    zip.file_names().map(|n| n.expect("a part name").into_owned()).collect()
}

#[test]
fn the_written_workbook_describes_itself() {
    let folder = ScenarioSource::from_dir(tiny_dir()).expect("fixture");
    let bytes = write_workbook(&folder).expect("written");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.as_slice())).expect("calamine opens it");
    let sheets = book.sheet_names();
    // README first, then settings, then the tables in the reader's order.
    assert_eq!(sheets[..5], ["README", "settings", "nodes", "commodities", "nutrients"]);
    assert_eq!(sheets[5], "lanes");
    let lanes = book.worksheet_range("lanes").expect("lanes");
    // lanes.csv: `dakar_bamako,dakar,bamako,road,1250,95,1,6000,dakar`; `mopti_gao,...,inf,`.
    assert_eq!(lanes.get_value((0, 5)), Some(&Data::String("cost_usd_per_t".to_owned())));
    assert_eq!(lanes.get_value((1, 0)), Some(&Data::String("dakar_bamako".to_owned())));
    assert_eq!(lanes.get_value((1, 5)), Some(&Data::Float(95.0)));
    assert_eq!(lanes.get_value((4, 7)), Some(&Data::String("inf".to_owned())));
    assert!(matches!(lanes.get_value((2, 6)), None | Some(Data::Empty)), "an empty cell stays empty");
    let settings = book.worksheet_range("settings").expect("settings");
    let row = (0..settings.height() as u32)
        .find(|&r| settings.get_value((r, 1)) == Some(&Data::String("periods".to_owned())))
        .expect("a periods row");
    assert_eq!(settings.get_value((row, 0)), Some(&Data::String("calendar".to_owned())));
    assert_eq!(settings.get_value((row, 2)), Some(&Data::Float(3.0)));

    // lanes is the sixth sheet: frozen header, notes on the headers, lists for mode and ids.
    let xml = part(&bytes, "xl/worksheets/sheet6.xml");
    assert!(
        xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"sqref="D2:D1048576"><formula1>"road,rail,river,sea,air"</formula1>"#), "{xml}");
    assert!(xml.contains(r#"sqref="B2:B1048576"><formula1>nodes!$A$2:$A$1048576</formula1>"#), "{xml}");
    assert!(xml.contains(r#"sqref="C2:C1048576"><formula1>nodes!$A$2:$A$1048576</formula1>"#), "{xml}");
    assert!(xml.contains(r#"sqref="I2:I1048576"><formula1>corridors!$A$2:$A$1048576</formula1>"#), "{xml}");
    let comments: String =
        part_names(&bytes).iter().filter(|n| n.starts_with("xl/comments")).map(|n| part(&bytes, n)).collect();
    assert!(
        comments.contains("transport cost per tonne moved (any commodity)"),
        "the note of cost_usd_per_t"
    );
    assert!(comments.contains("unit: USD/t"));
    assert!(comments.contains("optional; default: 0"));
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "a bold header format");
}

/// A cell of a hand-built workbook.
#[derive(Clone, Debug)]
enum Cell {
    Text(&'static str),
    Num(f64),
    Bool(bool),
    /// A formula whose saved result is a spreadsheet error.
    Error(&'static str, &'static str),
}

/// A sheet: name, the (row, column) of its first cell, and its rows.
struct Sheet {
    name: String,
    at: (u32, u16),
    rows: Vec<Vec<Option<Cell>>>,
}

/// The tiny fixture's sheets, every cell as a spreadsheet user would type it.
fn tiny_sheets() -> Vec<Sheet> {
    let folder = ScenarioSource::from_dir(tiny_dir()).expect("fixture");
    let bytes = write_workbook(&folder).expect("written");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let rows = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Data::Empty => None,
                        Data::String(s) => Some(Cell::Text(Box::leak(s.clone().into_boxed_str()))),
                        Data::Float(f) => Some(Cell::Num(*f)),
                        Data::Bool(b) => Some(Cell::Bool(*b)),
                        other => panic!("unexpected {other:?}"),
                    })
                    .collect()
            })
            .collect();
        out.push(Sheet { name, at: (0, 0), rows });
    }
    out
}

fn build(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).expect("name");
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (sheet.at.0 + r as u32, sheet.at.1 + c as u16);
                let written = match cell {
                    None => continue,
                    Some(Cell::Text(t)) => ws.write_string(r, c, *t),
                    Some(Cell::Num(v)) => ws.write_number(r, c, *v),
                    Some(Cell::Bool(b)) => ws.write_boolean(r, c, *b),
                    Some(Cell::Error(f, e)) => ws.write_formula(r, c, Formula::new(*f).set_result(*e)),
                };
                written.expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("built")
}

fn sheet<'a>(sheets: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    sheets.iter_mut().find(|s| s.name == name).unwrap_or_else(|| panic!("sheet {name}"))
}

/// Validates the workbook; its diagnostics as `(code, location)`.
fn problems(sheets: &[Sheet]) -> (Vec<(&'static str, String)>, String) {
    let book = read_workbook(&build(sheets), "bad.xlsx").expect("a workbook");
    let v = validate(&book, &[Backend::Clp]);
    let rendered = render_diagnostics(&v.diagnostics, &book, false);
    (v.diagnostics.iter().map(|d| (d.code, d.location())).collect(), rendered)
}

#[test]
fn the_tiny_workbook_is_valid() {
    let (found, rendered) = problems(&tiny_sheets());
    assert!(found.is_empty(), "{rendered}");
}

#[test]
fn a_bad_value_is_reported_at_its_cell() {
    let mut sheets = tiny_sheets();
    // lanes row 3 is bamako_mopti; column F is cost_usd_per_t.
    sheet(&mut sheets, "lanes").rows[2][5] = Some(Cell::Text("forty"));
    let (found, rendered) = problems(&sheets);
    assert_eq!(found, [("H0202", "lanes!F3".to_owned())], "{rendered}");
    assert!(rendered.contains("error[H0202]: lanes!F3, field `cost_usd_per_t`"), "{rendered}");
    assert!(rendered.contains("`forty`"), "{rendered}");
    // The text made from the sheet is not shown: the user edits cells, not CSV.
    assert!(!rendered.contains("bamako_mopti,"), "{rendered}");
}

#[test]
fn a_sheet_that_starts_elsewhere_keeps_its_cells() {
    let mut sheets = tiny_sheets();
    let lanes = sheet(&mut sheets, "lanes");
    // The table starts at C4: header on row 4, columns C.. ; an empty row after the first
    // record. `cost_usd_per_t` (6th column) is then column H; bamako_mopti is on row 7.
    lanes.at = (3, 2);
    lanes.rows.insert(2, vec![None; 3]);
    lanes.rows[3][5] = Some(Cell::Bool(true));
    lanes.rows[3][2] = Some(Cell::Text("mopty"));
    let (mut found, rendered) = problems(&sheets);
    found.sort();
    assert_eq!(found, [("H0202", "lanes!H7".to_owned()), ("H0402", "lanes!E7".to_owned())], "{rendered}");
}

#[test]
fn a_missing_sheet_is_named() {
    let mut sheets = tiny_sheets();
    sheets.retain(|s| s.name != "lanes");
    let (found, rendered) = problems(&sheets);
    assert_eq!(found.first(), Some(&("H0001", "lanes".to_owned())), "{rendered}");
    assert!(rendered.contains("required sheet `lanes` is missing"), "{rendered}");
    assert!(rendered.contains("add a sheet `lanes` to the workbook"), "{rendered}");
}

#[test]
fn an_unknown_sheet_is_a_warning() {
    let mut sheets = tiny_sheets();
    sheets.push(Sheet { name: "lanez".to_owned(), at: (0, 0), rows: vec![vec![Some(Cell::Text("id"))]] });
    let (found, rendered) = problems(&sheets);
    assert_eq!(found, [("H0002", "lanez".to_owned())], "{rendered}");
    assert!(rendered.contains("warning[H0002]: lanez"), "{rendered}");
    assert!(rendered.contains("unknown sheet `lanez`"), "{rendered}");
    assert!(rendered.contains("did you mean `lanes`?"), "{rendered}");
}

#[test]
fn a_formula_error_is_reported_once_at_its_cell() {
    let mut sheets = tiny_sheets();
    // capacity_t_per_period of dakar_bamako: lanes!H2 (8th column).
    sheet(&mut sheets, "lanes").rows[1][7] = Some(Cell::Error("=1/0", "#DIV/0!"));
    let (found, rendered) = problems(&sheets);
    assert_eq!(found, [("H0216", "lanes!H2".to_owned())], "{rendered}");
    assert!(rendered.contains("`capacity_t_per_period` holds the spreadsheet error `#DIV/0!`"), "{rendered}");
}

#[test]
fn settings_problems_are_at_their_key_or_value() {
    let mut sheets = tiny_sheets();
    let settings = sheet(&mut sheets, "settings");
    let row = settings
        .rows
        .iter()
        .position(|r| matches!(r.get(1), Some(Some(Cell::Text("step")))))
        .expect("a step row");
    settings.rows[row][2] = Some(Cell::Text("montly"));
    let (found, rendered) = problems(&sheets);
    assert_eq!(found, [("H0207", format!("settings!C{}", row + 1))], "{rendered}");

    // An unknown key (reported before the values are looked at) is in the key column.
    let mut sheets = tiny_sheets();
    let settings = sheet(&mut sheets, "settings");
    settings.rows.push(vec![Some(Cell::Text("solver")), Some(Cell::Text("thread")), Some(Cell::Num(2.0))]);
    let last = settings.rows.len();
    let (found, rendered) = problems(&sheets);
    assert_eq!(found, [("H0102", format!("settings!B{last}"))], "{rendered}");
}

#[test]
fn settings_keep_nested_values_and_numbers() {
    let mut sheets = tiny_sheets();
    let settings = sheet(&mut sheets, "settings");
    // A whole number typed for a float setting, a nested array as TOML text, a variant.
    settings.rows.push(vec![
        Some(Cell::Text("allocation")),
        Some(Cell::Text("adequacy_curve")),
        Some(Cell::Text("[[0.5, 0.7], [1.0, 1.0]]")),
    ]);
    settings.rows.push(vec![
        Some(Cell::Text("variant[1]")),
        Some(Cell::Text("name")),
        Some(Cell::Text("dear")),
    ]);
    settings.rows.push(vec![
        Some(Cell::Text("variant[1]")),
        Some(Cell::Text("edits")),
        Some(Cell::Text(r#"["scale-fund:un_food=0.5"]"#)),
    ]);
    let book = read_workbook(&build(&sheets), "x.xlsx").expect("read");
    let toml: toml::Value = toml::from_str(book.file("scenario.toml").expect("settings")).expect("TOML");
    assert_eq!(toml["allocation"]["adequacy_curve"][0][1].as_float(), Some(0.7));
    assert_eq!(toml["variant"][0]["name"].as_str(), Some("dear"));
    assert_eq!(toml["objective"]["service_tolerance"].as_float(), Some(1e-7));
    assert_eq!(toml["calendar"]["periods"].as_integer(), Some(3));
}

#[test]
fn bytes_that_are_not_a_workbook_are_an_error() {
    for bytes in [&b""[..], b"id,name\n", b"PK\x03\x04 truncated"] {
        assert!(matches!(read_workbook(bytes, "x.xlsx"), Err(WorkbookError::Open { .. })));
    }
    let mut good = write_workbook(&ScenarioSource::from_dir(tiny_dir()).expect("fixture")).expect("written");
    good.truncate(good.len() / 2);
    assert!(read_workbook(&good, "half.xlsx").is_err(), "half a workbook is refused");
}

/// What a user reads for a workbook with several problems: each at its sheet and cell,
/// without the text made from the sheet.
#[test]
fn workbook_diagnostics_as_people_read_them() {
    let mut sheets = tiny_sheets();
    sheet(&mut sheets, "lanes").rows[2][5] = Some(Cell::Text("forty"));
    let nodes = sheet(&mut sheets, "nodes");
    let dakar =
        nodes.rows.iter().position(|r| matches!(r.first(), Some(Some(Cell::Text("dakar"))))).expect("dakar");
    nodes.rows[dakar][3] = Some(Cell::Error("=A1/0", "#DIV/0!"));
    let settings = sheet(&mut sheets, "settings");
    let step =
        settings.rows.iter().position(|r| matches!(r.get(1), Some(Some(Cell::Text("step"))))).expect("step");
    settings.rows[step][2] = Some(Cell::Text("montly"));
    sheets.push(Sheet { name: "Lanes2".to_owned(), at: (0, 0), rows: vec![vec![Some(Cell::Text("x"))]] });
    let (_, rendered) = problems(&sheets);
    insta::assert_snapshot!(rendered);
}

/// A cell a spreadsheet user could leave anywhere.
fn any_cell() -> impl proptest::strategy::Strategy<Value = Option<Cell>> {
    use proptest::prelude::*;
    prop_oneof![
        Just(None),
        prop::sample::select(vec![
            "", "#", "# note", "inf", ",", "\"", "a\nb", "[1,", "mopti", "2024-03", "lanes"
        ])
        .prop_map(|t| Some(Cell::Text(t))),
        prop::num::f64::NORMAL.prop_map(|v| Some(Cell::Num(v))),
        proptest::bool::ANY.prop_map(|b| Some(Cell::Bool(b))),
        prop::sample::select(vec!["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
            .prop_map(|e| Some(Cell::Error("=1/0", e))),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Whatever the cells of a table or the settings hold, and wherever they are, reading
    /// gives diagnostics at sheet cells and never panics.
    #[test]
    fn any_cells_give_located_diagnostics(
        target in proptest::sample::select(vec!["lanes", "settings", "nodes", "needs"]),
        at in (0u32..4, 0u16..4),
        edits in proptest::collection::vec(((0usize..8, 0usize..12), any_cell()), 1..12),
    ) {
        let mut sheets = tiny_sheets();
        let sheet = sheet(&mut sheets, target);
        sheet.at = at;
        for ((r, c), cell) in edits {
            if sheet.rows.len() <= r {
                sheet.rows.resize(r + 1, Vec::new());
            }
            let row = &mut sheet.rows[r];
            if row.len() <= c {
                row.resize(c + 1, None);
            }
            row[c] = cell;
        }
        let book = read_workbook(&build(&sheets), "any.xlsx").expect("a workbook");
        let v = validate(&book, &[Backend::Clp]);
        let _ = render_diagnostics(&v.diagnostics, &book, false);
        for d in &v.diagnostics {
            let cell = d.cell.as_ref();
            proptest::prop_assert!(cell.is_some(), "{d}");
        }
    }
}
