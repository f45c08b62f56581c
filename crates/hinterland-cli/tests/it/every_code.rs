//! `check` is a superset of every command's input validation (issue 26): for every
//! diagnostic code there is a broken copy of the Mali scenario on which `check` reports it,
//! and where the code is an error, `plan` and `compare` refuse the same copy with the same
//! code (exit 1). A new code without a case here fails `every_code_has_a_case`.

use std::path::{Path, PathBuf};
use std::process::Command;

use hinterland_io::Severity;
use hinterland_io::codes::ALL;

/// One change to a file of the Mali scenario.
pub enum Change {
    /// Replace the first occurrence of the text (which must be in the file).
    Replace(&'static str, &'static str, &'static str),
    /// Add text at the end.
    Append(&'static str, String),
    /// Write the file with these bytes.
    Write(&'static str, Vec<u8>),
    Remove(&'static str),
    /// Last: turn the scenario into a workbook (`NAME.xlsx` beside the folder, which is
    /// removed) in which the first number cell holding this value, in this sheet part
    /// (`xl/worksheets/sheet6.xml` is `lanes`), holds the spreadsheet error `#DIV/0!`.
    ErrorCell(&'static str, &'static str),
}

pub use Change::{Append, ErrorCell, Remove, Replace, Write};

fn repeat(line: &str, n: usize) -> String {
    line.repeat(n)
}

/// A variant table appended to scenario.toml.
fn variant(name: &str, edits: &str) -> Change {
    Append("scenario.toml", format!("\n[[variant]]\nname = \"{name}\"\nedits = {edits}\n"))
}

/// Every code with the changes that make `check` report it.
fn cases() -> Vec<(&'static str, Vec<Change>)> {
    let mut cases = vec![
        ("H0001", vec![Remove("nodes.csv")]),
        ("H0002", vec![Write("nodse.csv", b"id\n".to_vec())]),
        ("H0003", vec![Write("corridors.csv", b"id,name,cited_share\nx\xff,X,0\n".to_vec())]),
        ("H0004", vec![Append("needs.csv", repeat("kayes,2024-06,-1,3,0,,\n", 60))]),
        ("H0101", vec![Replace("scenario.toml", "periods = 12", "periods = = 12")]),
        ("H0102", vec![Replace("scenario.toml", "periods = 12", "periods = 12\nperiod = 3")]),
        ("H0103", vec![Replace("scenario.toml", "periods = 12\n", "")]),
        ("H0104", vec![Replace("scenario.toml", "periods = 12", "periods = \"12\"")]),
        (
            "H0105",
            vec![Replace(
                "scenario.toml",
                "# value_usd_per_person_day = 5.0",
                "value_usd_per_person_day = 5.0",
            )],
        ),
        ("H0111", vec![Write("corridors.csv", b"# a comment and nothing else\n".to_vec())]),
        ("H0112", vec![Replace("nutrients.csv", "id,name,unit", "id,name")]),
        ("H0113", vec![Replace("nutrients.csv", "id,name,unit", "id,name,units")]),
        ("H0114", vec![Replace("nutrients.csv", "id,name,unit", "id,name,name")]),
        ("H0115", vec![Append("nutrients.csv", "zinc,Zinc\n".into())]),
        ("H0116", vec![Replace("needs.csv", ",assumption A1", ",\"assumption A1")]),
        ("H0201", vec![Append("nutrients.csv", "zinc,,mg\n".into())]),
        ("H0202", vec![Replace("lanes.csv", ",40.57,", ",40.5x,")]),
        ("H0203", vec![Replace("markets.csv", "dakar,wheat,*,261,inf,un,3,", "dakar,wheat,*,261,inf,un,3.5,")]),
        ("H0204", vec![Replace("lanes.csv", ",40.57,", ",-40.57,")]),
        (
            "H0205",
            vec![Replace("lane_availability.csv", "rail_dakar_koulikoro,*,0,", "rail_dakar_koulikoro,*,80,")],
        ),
        ("H0206", vec![Replace("nodes.csv", "SN,0,20.6,0,0,", "SN,0,20.6,0,1,")]),
        ("H0207", vec![Replace("nodes.csv", ",port,", ",harbour,")]),
        ("H0208", vec![Replace("lanes.csv", ",40.57,", ",inf,")]),
        ("H0209", vec![Replace("needs.csv", ",120236,3,", ",120236,7,")]),
        ("H0210", vec![Append("nutrients.csv", "zinc x,Zinc,mg\n".into())]),
        ("H0211", vec![Replace("nodes.csv", "14.68,-17.43", "114.68,-17.43")]),
        ("H0212", vec![Replace("scenario.toml", "2024-03-01", "2024-03-15")]),
        ("H0213", vec![Replace("scenario.toml", "periods = 12", "periods = 0")]),
        ("H0214", vec![Replace("nodes.csv", ",SN,", ",Senegal,")]),
        ("H0301", vec![Replace("needs.csv", "2024-06..2024-08", "2023-06..2024-08")]),
        ("H0302", vec![Replace("needs.csv", "2024-06..2024-08", "2024-08..2024-06")]),
        ("H0303", vec![Replace("needs.csv", "2024-06..2024-08", "June")]),
        ("H0401", vec![Append("nutrients.csv", "energy,Energy,kcal\n".into())]),
        ("H0402", vec![Replace("lanes.csv", ",dakar,kidira_diboli,", ",dakar,kidira_dibol,")]),
        ("H0403", vec![Append("ration.csv", "group,nuts,,100,,,,\n".into())]),
        ("H0404", vec![Append("ration.csv", "nutrient,energy,2100,,0.5,1,,\n".into())]),
        ("H0405", vec![Append("needs.csv", "kayes,2024-06,10,3,0,,\nkayes,2024-06,10,3,0,,\n".into())]),
        ("H0501", vec![Append("needs.csv", "dakar,2024-06,10,3,0,,\n".into())]),
        ("H0502", vec![Append("lanes.csv", "loop,bamako,bamako,road,1,1,0,1,,,\n".into())]),
        ("H0503", vec![Replace("ration.csv", "nutrient,energy,2100,,", "nutrient,energy,2100,2000,")]),
        ("H0504", vec![Append("nutrients.csv", "zinc,Zinc,mg\n".into())]),
        ("H0505", vec![Append("nutrient_content.csv", "urea,energy,100,,\n".into())]),
        ("H0506", vec![Replace("funds.csv", ",commercial,", ",nowhere,")]),
        ("H0507", vec![Replace("funds.csv", ",commercial,", ",un,")]),
        ("H0508", vec![Append("ration.csv", "commodity,urea,,10,,,,\n".into())]),
        ("H0509", vec![Replace("lanes.csv", ",40.57,2.7,", ",40.57,400,")]),
        ("H0510", vec![Replace("scenario.toml", "nonfood_weight_per_t = 1.0", "nonfood_weight_per_t = 0.0")]),
        (
            "H0511",
            vec![Write(
                "ration.csv",
                b"kind,item,min_per_person_day,max_per_person_day,floor_share,value_weight,source,note\n"
                    .to_vec(),
            )],
        ),
        ("H0512", vec![Append("nodes.csv", "lonely,Lonely warehouse,warehouse,12.6,-8.0,ML,,,,,,\n".into())]),
        ("H0513", vec![Replace("markets.csv", "dakar,wheat,*,261,inf,un,3,", "dakar,wheat,*,261,inf,un,12,")]),
        // Every row's `source` read as `transit_periods`, beside its `transit_days`.
        ("H0514", vec![Replace("lanes.csv", "corridor,source,note", "corridor,transit_periods,note")]),
        ("H0515", vec![Append("stocks.csv", "wh_bamako,sorghum,100000000,,\n".into())]),
        (
            "H0516",
            vec![Write(
                "supply.csv",
                b"id,commodity,node,quantity_t,available_from,pledged_period\nwheat_donation,wheat,dakar,25000,2024-04,2024-05\n"
                    .to_vec(),
            )],
        ),
        ("H0517", vec![Append("commodities.csv", "soap,Soap,other,,,,\n".into())]),
        ("H0601", vec![Append("scenario.toml", "\n[[variant]]\nname = \"no-edits\"\n".into())]),
        ("H0602", vec![variant("budget-halved", "[\"scale-fund:un_food=0.4\"]")]),
        ("H0603", vec![variant("typo", "[\"scale-fnd:un_food=0.5\"]")]),
        ("H0604", vec![Replace("scenario.toml", "scale-fund:un_food=0.5", "scale-fund:wfp=0.5")]),
        ("H0605", vec![variant("negative", "[\"scale-fund:un_food=-1\"]")]),
        ("H0606", vec![variant("empty", "[]")]),
    ];
    // Only a build without HiGHS lacks a backend a scenario can name.
    if !cfg!(feature = "highs") {
        cases.push(("H0215", vec![Replace("scenario.toml", "backend = \"clp\"", "backend = \"highs\"")]));
    }
    // The first lane's cost_usd_per_t (lanes is the workbook's sixth sheet, after README,
    // settings, nodes, commodities and nutrients).
    cases.push(("H0216", vec![ErrorCell("xl/worksheets/sheet6.xml", "40.57")]));
    cases
}

/// The folder as a workbook whose first number cell `value` in `part` holds `#DIV/0!`.
fn workbook_with_error(dir: &Path, part: &str, value: &str) -> PathBuf {
    use std::io::{Read as _, Write as _};
    let source = hinterland_io::ScenarioSource::from_dir(dir).unwrap();
    let bytes = hinterland_io::write_workbook(&source).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == part {
            let xml = String::from_utf8(data).unwrap();
            let number = format!("><v>{value}</v>");
            assert!(xml.contains(&number), "{part} has no number cell `{value}`");
            data = xml.replacen(&number, " t=\"e\"><v>#DIV/0!</v>", 1).into_bytes();
        }
        out.start_file(name.as_str(), stored).unwrap();
        out.write_all(&data).unwrap();
    }
    let book = dir.with_extension("xlsx");
    std::fs::write(&book, out.finish().unwrap().into_inner()).unwrap();
    std::fs::remove_dir_all(dir).unwrap();
    book
}

/// A copy of the Mali scenario with `changes`, in a folder named after `name`.
pub fn mali_copy(name: &str, changes: &[Change]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("every-code").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mali = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024");
    for entry in std::fs::read_dir(mali).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    for change in changes {
        match change {
            Replace(file, from, to) => {
                let text = std::fs::read_to_string(dir.join(file)).unwrap();
                assert!(text.contains(from), "{name}: `{from}` is not in {file}");
                std::fs::write(dir.join(file), text.replacen(from, to, 1)).unwrap();
            }
            Append(file, more) => {
                let text = std::fs::read_to_string(dir.join(file)).unwrap();
                std::fs::write(dir.join(file), text + more).unwrap();
            }
            Write(file, bytes) => std::fs::write(dir.join(file), bytes).unwrap(),
            Remove(file) => std::fs::remove_file(dir.join(file)).unwrap(),
            ErrorCell(part, value) => return workbook_with_error(&dir, part, value),
        }
    }
    dir
}

/// `hinterland ARGS DIR`: exit code and stderr.
pub fn run(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("hinterland runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn every_code_has_a_case() {
    let cases = cases();
    for code in ALL {
        if code.code == "H0215" && cfg!(feature = "highs") {
            continue;
        }
        assert!(cases.iter().any(|(c, _)| *c == code.code), "no case reports {}", code.code);
    }
    for (c, _) in &cases {
        assert!(ALL.iter().any(|code| code.code == *c), "{c} is not a code");
    }
}

/// `check` reports each code; for an error, `plan` and `compare` refuse with the same code.
#[test]
fn check_reports_every_code_and_plan_and_compare_refuse_every_error() {
    for (code, changes) in cases() {
        let dir = mali_copy(code, &changes);
        let severity = ALL.iter().find(|c| c.code == code).expect("a code").severity;
        let tag = format!("[{code}]");
        let (status, err) = run(&["check"], &dir);
        assert!(err.contains(&tag), "check does not report {code}:\n{err}");
        let expected = i32::from(severity == Severity::Error);
        assert_eq!(status, Some(expected), "check on the {code} case:\n{err}");
        if severity == Severity::Error {
            for command in [&["plan", "--no-out", "--quiet"][..], &["compare"][..]] {
                let (status, err) = run(command, &dir);
                assert_eq!(status, Some(1), "{command:?} on the {code} case:\n{err}");
                assert!(err.contains(&tag), "{command:?} does not report {code}:\n{err}");
            }
        }
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).unwrap();
        } else {
            std::fs::remove_file(&dir).unwrap();
        }
    }
}
