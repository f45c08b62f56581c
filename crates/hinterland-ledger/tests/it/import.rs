//! The CSV reader's located problems: file, line, record and column, with a help line.

use hinterland_ledger::import::{Issue, read_csv};

use crate::HEADER;

#[test]
fn bad_rows_are_located() {
    let csv = format!(
        "{HEADER}pledge,p1,2024-03-01,wheat,100,,,dakar,,donor,,,2024-04-30,,,,,,s,\n\
         shipment,s1,2024-13-01,wheat,ten,,dakar,wh_bamako,,,,,,,,,,,s,\n\
         \"distribution\",,2024-03-05,wheat,5,,,mopti,,,,,,,many,,,,s,\"a note\nover two lines\"\n\
         teleport,,2024-03-05,,,,,,,,,,,,,,,,s,\n"
    );
    let p = read_csv("season.csv", &csv).expect_err("three bad rows");
    let text: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        vec![
            "season.csv:3 (record 2) `date`: `2024-13-01` is not a date",
            "season.csv:3 (record 2) `quantity_t`: `ten` is not a number",
            "season.csv:4 (record 3) `people`: `many` is not a count of people",
            "season.csv:6 (record 4) `kind`: `teleport` is not a kind of entry",
        ]
    );
    assert_eq!(p[0].help().as_deref(), Some("write the date as YYYY-MM-DD, e.g. `2024-06-30`"));
}

#[test]
fn header_problems_are_located() {
    let p = read_csv("h.csv", "kind,date,tonnes,date\n").expect_err("bad header");
    let issues: Vec<&Issue> = p.iter().map(|l| &l.issue).collect();
    assert_eq!(issues, vec![&Issue::UnknownColumn("tonnes".into()), &Issue::DuplicateColumn("date".into())]);
    assert_eq!(p[0].to_string(), "h.csv:1 (record 0) `tonnes`: `tonnes` is not a column of a ledger file");
    let p = read_csv("h.csv", "ref,quantity_t\n").expect_err("no kind, no date");
    assert_eq!(p.len(), 2);
}

#[test]
fn shape_problems_name_the_field() {
    // A shipment without a destination, and a distribution with a fund it does not use.
    let csv = format!(
        "{HEADER}shipment,s1,2024-03-01,wheat,10,,dakar,,,,,,,,,,,,s,\n\
         distribution,,2024-03-01,wheat,10,,,mopti,un_food,,,,,,,,,,s,\n"
    );
    let p = read_csv("x.csv", &csv).expect_err("two bad rows");
    let text: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        vec![
            "x.csv:2 (record 1) `to`: a shipment needs this field",
            "x.csv:3 (record 2) `fund`: a distribution does not use this field (it holds `un_food`)",
        ]
    );
}

#[test]
fn empty_source_takes_the_file_name() {
    let csv = format!("{HEADER}pledge,p1,2024-03-01,wheat,100,,,dakar,,donor,,,2024-04-30,,,,,,,\n");
    let rows = read_csv("in/season.csv", &csv).expect("valid");
    assert_eq!(rows.entries[0].source, "season.csv");
}

#[test]
fn workbook_rows_are_read_and_located() {
    use hinterland_ledger::import::read_workbook;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["kind", "ref", "date", "commodity", "quantity_t", "to", "donor", "due", "source"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("cell");
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Row 2: a good pledge with real date cells and a number cell.
    sheet.write_string(1, 0, "pledge").expect("cell");
    sheet.write_string(1, 1, "p1").expect("cell");
    sheet
        .write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2024, 3, 1).expect("date"), &date)
        .expect("cell");
    sheet.write_string(1, 3, "wheat").expect("cell");
    sheet.write_number(1, 4, 2500.5).expect("cell");
    sheet.write_string(1, 5, "dakar").expect("cell");
    sheet.write_string(1, 6, "donor").expect("cell");
    sheet.write_string(1, 7, "2024-04-30").expect("cell");
    // Row 3: tonnes as text that is not a number; no source (takes the file's name).
    sheet.write_string(2, 0, "pledge").expect("cell");
    sheet.write_string(2, 1, "p2").expect("cell");
    sheet.write_string(2, 2, "2024-03-02").expect("cell");
    sheet.write_string(2, 3, "wheat").expect("cell");
    sheet.write_string(2, 4, "lots").expect("cell");
    sheet.write_string(2, 5, "dakar").expect("cell");
    sheet.write_string(2, 6, "donor").expect("cell");
    sheet.write_string(2, 7, "2024-04-30").expect("cell");
    let bytes = book.save_to_buffer().expect("xlsx");

    let p = read_workbook("pledges.xlsx", &bytes).expect_err("row 3 is wrong");
    assert_eq!(p.len(), 1, "{:?}", p.iter().map(ToString::to_string).collect::<Vec<_>>());
    assert_eq!(p[0].to_string(), "pledges.xlsx:3 (record 2) `quantity_t`: `lots` is not a number");

    // Fixed, both rows read: the date cell as a date, the number exactly.
    let sheet = book.worksheet_from_index(0).expect("sheet");
    sheet.write_number(2, 4, 10).expect("cell");
    let rows = read_workbook("pledges.xlsx", &book.save_to_buffer().expect("xlsx")).expect("valid");
    assert_eq!(rows.entries.len(), 2);
    assert_eq!(rows.entries[0].date, chrono::NaiveDate::from_ymd_opt(2024, 3, 1).expect("date"));
    assert_eq!(rows.entries[0].quantity_t, Some(2500.5));
    assert_eq!(rows.entries[1].source, "pledges.xlsx");
}
