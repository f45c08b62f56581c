//! A comparison as an aligned text table and as JSON.

use std::fmt::Write as _;

use hinterland_plan::explain::{human, human_signed};

use super::{Comparison, Status};

/// The aligned table: one value column per scenario and a difference column per variant,
/// then the variants' descriptions and why any infeasible one has no plan.
pub fn render_table(c: &Comparison) -> String {
    let columns = &c.columns;
    let Some((base, variants)) = columns.split_first() else { return String::new() };
    let mut header = vec![String::new(), base.name.clone()];
    for v in variants {
        header.push(v.name.clone());
        header.push("Δ".to_owned());
    }
    let mut lines: Vec<Vec<String>> = vec![header];
    let mut status = vec!["status".to_owned(), base.solved.status.to_string()];
    for v in variants {
        status.push(v.solved.status.to_string());
        status.push(String::new());
    }
    lines.push(status);
    let mut current = None;
    for key in c.rows() {
        let section = key.section();
        if current != Some(section) {
            current = Some(section);
            let mut l = vec![format!("{}:", section.label())];
            l.resize(lines[0].len(), String::new());
            lines.push(l);
        }
        let b = base.solved.value(key);
        let mut l = vec![format!("  {}", key.label()), b.map_or_else(|| "-".to_owned(), human)];
        for v in variants {
            let x = v.solved.value(key);
            l.push(x.map_or_else(|| "-".to_owned(), human));
            l.push(match (b, x) {
                (Some(b), Some(x)) => human_signed(x - b),
                _ => String::new(),
            });
        }
        lines.push(l);
    }
    let widths: Vec<usize> =
        (0..lines[0].len()).map(|i| lines.iter().map(|l| l[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for l in &lines {
        let mut row = String::new();
        for (i, cell) in l.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                row.push_str(cell);
                row.push_str(&" ".repeat(pad));
            } else {
                row.push_str("  ");
                row.push_str(&" ".repeat(pad));
                row.push_str(cell);
            }
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    let described: Vec<String> = variants
        .iter()
        .filter(|v| !v.description.is_empty())
        .map(|v| format!("  {}: {}", v.name, v.description))
        .collect();
    if !described.is_empty() {
        out.push_str("\nvariants:\n");
        out.push_str(&described.join("\n"));
        out.push('\n');
    }
    for col in columns
        .iter()
        .filter(|col| matches!(col.solved.status, Status::Infeasible | Status::MissedCommitments))
    {
        let r = &col.solved;
        if r.status == Status::Infeasible {
            let _ = write!(
                out,
                "\n{} is infeasible: no plan keeps every hard commitment (`min_share`)\n",
                col.name
            );
        } else {
            let _ = write!(
                out,
                "\n{} misses hard commitments: no plan keeps them all; its figures are the best plan that misses them as little as possible\n",
                col.name
            );
        }
        if r.missed.is_empty() {
            out.push_str(
                "  the solver proved the LP infeasible, but relaxing the commitments did not locate the conflict\n",
            );
        }
        for m in &r.missed {
            let _ = writeln!(out, "  - {m}");
        }
        if !r.limits.is_empty() {
            out.push_str("  limits that stand in the way:\n");
            for l in &r.limits {
                let _ = writeln!(out, "  - {l}");
            }
        }
    }
    out
}

/// `{"schema_version": 1, "scenarios": [{"name", "description", "status", "figures":
/// [{"section", "key", "value", "difference"}], "missed", "limits"}]}`; `missed` and
/// `limits` explain an infeasible scenario in plain words (empty otherwise), as the text
/// table does. No timings: the output is deterministic.
pub fn render_json(c: &Comparison) -> String {
    let keys = c.rows();
    let base = c.columns.first().map(|b| &b.solved);
    let scenarios: Vec<serde_json::Value> = c
        .columns
        .iter()
        .map(|col| {
            let r = &col.solved;
            let figures: Vec<serde_json::Value> = keys
                .iter()
                .filter_map(|key| {
                    let v = r.value(key)?;
                    let diff = base.and_then(|b| b.value(key)).map(|b| v - b);
                    Some(serde_json::json!({
                        "section": key.section().label(),
                        "key": key.label(),
                        "value": v,
                        "difference": diff,
                    }))
                })
                .collect();
            serde_json::json!({
                "name": col.name,
                "description": col.description,
                "status": r.status.to_string(),
                "figures": figures,
                "missed": r.missed,
                "limits": r.limits,
            })
        })
        .collect();
    let doc = serde_json::json!({"schema_version": 1, "scenarios": scenarios});
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    text.push('\n');
    text
}
