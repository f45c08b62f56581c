//! The status as an XLSX workbook: one sheet per table (`pledges`, `places`, `funds`,
//! `districts`), the same columns as the JSON (docs/ledger.md), numbers at full precision.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::status::Status;

/// A cell: text, a number, or nothing.
enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: Option<&String>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.clone()))
}

fn sheet(ws: &mut Worksheet, name: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.into_iter().enumerate() {
        for (c, cell) in row.into_iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Number(x) => {
                    ws.write_number(r, c, x)?;
                }
                Cell::Empty => {}
            }
        }
    }
    Ok(())
}

/// The workbook's bytes.
pub fn status_xlsx(s: &Status) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let pledges = s
        .pledges
        .iter()
        .map(|p| {
            vec![
                Cell::Number(p.id as f64),
                text(&p.reference),
                text(&p.donor),
                opt_text(p.commodity.as_ref()),
                opt_text(p.fund.as_ref()),
                opt_text(p.place.as_ref()),
                Cell::Number(p.promised_t),
                Cell::Number(p.promised_usd),
                Cell::Number(p.delivered_t),
                Cell::Number(p.delivered_usd),
                text(p.due.to_string()),
                text(if p.completed_on.is_some() { "true" } else { "false" }),
                p.completed_on.map_or(Cell::Empty, |d| text(d.to_string())),
                Cell::Number(p.days_late as f64),
            ]
        })
        .collect();
    sheet(
        wb.add_worksheet(),
        "pledges",
        &[
            "entry",
            "ref",
            "donor",
            "commodity",
            "fund",
            "place",
            "promised_t",
            "promised_usd",
            "delivered_t",
            "delivered_usd",
            "due",
            "complete",
            "completed_on",
            "days_late",
        ],
        pledges,
    )?;
    let places = s
        .places
        .iter()
        .map(|p| {
            vec![text(&p.place), text(&p.commodity), Cell::Number(p.on_hand_t), Cell::Number(p.in_transit_t)]
        })
        .collect();
    sheet(wb.add_worksheet(), "places", &["place", "commodity", "on_hand_t", "in_transit_t"], places)?;
    let funds = s
        .funds
        .iter()
        .map(|f| {
            vec![
                text(&f.fund),
                Cell::Number(f.committed_usd),
                Cell::Number(f.received_usd),
                Cell::Number(f.spent_usd),
                Cell::Number(f.left_usd),
            ]
        })
        .collect();
    sheet(
        wb.add_worksheet(),
        "funds",
        &["fund", "committed_usd", "received_usd", "spent_usd", "left_usd"],
        funds,
    )?;
    let districts = s
        .districts
        .iter()
        .map(|d| {
            vec![
                text(&d.district),
                text(&d.commodity),
                Cell::Number(d.distributed_t),
                Cell::Number(d.people as f64),
                d.planned_t.map_or(Cell::Empty, Cell::Number),
            ]
        })
        .collect();
    sheet(
        wb.add_worksheet(),
        "districts",
        &["district", "commodity", "distributed_t", "people", "planned_t"],
        districts,
    )?;
    wb.save_to_buffer()
}
