//! A sweep's results: one row per variant with its status and headline figures, as CSV (the
//! format `hinterland merge` joins) or JSON. No timings, so a sweep's table is the same
//! however it was split into shards. Every row names its sweep (a fingerprint of the scenario,
//! the variants and the solver), the sweep's number of variants and the shard it came from,
//! so that `merge` can refuse shards of different sweeps and name the missing ones.

use super::{Headline, Solved};

/// One variant of a sweep.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// The variant's place in the whole sweep (0-based), also across shards.
    pub index: usize,
    pub variant: &'a str,
    /// The variant's edits in words.
    pub edits: &'a str,
    pub solved: &'a Solved,
}

/// Which sweep a result file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sweep<'a> {
    /// A fingerprint of the scenario's files, the variants in order, and the solver.
    pub fingerprint: &'a str,
    /// Variants in the whole sweep.
    pub variants: usize,
    /// The shard `(I, N)`: the I-th of N slices (`(1, 1)` for a whole sweep).
    pub shard: (usize, usize),
}

/// The CSV header: `index`, `variant`, `status`, the headline figures' fields, `edits`,
/// then `sweep`, `variants`, `shard` (see [`Sweep`]).
pub fn header() -> Vec<&'static str> {
    let mut h = vec!["index", "variant", "status"];
    h.extend(Headline::ALL.map(Headline::field));
    h.extend(["edits", "sweep", "variants", "shard"]);
    h
}

/// The rows as CSV under [`header`]; a figure without a plan is an empty cell.
pub fn render_csv(rows: &[Row<'_>], sweep: &Sweep<'_>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header()).expect("CSV writes to memory");
    let shard = format!("{}/{}", sweep.shard.0, sweep.shard.1);
    for r in rows {
        let mut rec = vec![r.index.to_string(), r.variant.to_owned(), r.solved.status.to_string()];
        rec.extend(Headline::ALL.map(|h| r.solved.headline(h).map_or_else(String::new, |x| format!("{x}"))));
        rec.extend([
            r.edits.to_owned(),
            sweep.fingerprint.to_owned(),
            sweep.variants.to_string(),
            shard.clone(),
        ]);
        w.write_record(&rec).expect("CSV writes to memory");
    }
    let bytes = w.into_inner().expect("CSV writes to memory");
    String::from_utf8(bytes).expect("CSV of strings is UTF-8")
}

/// `{"schema_version": 1, "sweep": {"fingerprint", "variants", "shard"}, "results":
/// [{"index", "variant", "status", <figures>, "edits"}]}`; a figure without a plan is `null`.
pub fn render_json(rows: &[Row<'_>], sweep: &Sweep<'_>) -> String {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("index".into(), r.index.into());
            o.insert("variant".into(), r.variant.into());
            o.insert("status".into(), r.solved.status.to_string().into());
            for h in Headline::ALL {
                o.insert(h.field().into(), r.solved.headline(h).into());
            }
            o.insert("edits".into(), r.edits.into());
            serde_json::Value::Object(o)
        })
        .collect();
    let shard = format!("{}/{}", sweep.shard.0, sweep.shard.1);
    let about =
        serde_json::json!({"fingerprint": sweep.fingerprint, "variants": sweep.variants, "shard": shard});
    let doc = serde_json::json!({"schema_version": 1, "sweep": about, "results": rows});
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::super::{Figure, FigureKey, Status};
    use super::*;

    #[test]
    fn a_variant_without_a_plan_has_empty_figures() {
        let plan = Solved {
            status: Status::Optimal,
            figures: vec![Figure::new(FigureKey::Headline(Headline::CostUsd), 2.5)],
            ..Solved::failed(String::new())
        };
        let none = Solved { status: Status::Infeasible, ..plan.clone() };
        let rows = [
            Row { index: 0, variant: "a", edits: "scale-fund:f=0.5", solved: &plan },
            Row { index: 1, variant: "b", edits: "x", solved: &none },
        ];
        let sweep = Sweep { fingerprint: "0123456789abcdef", variants: 4, shard: (1, 2) };
        let csv = render_csv(&rows, &sweep);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "index,variant,status,person_days_served,share_of_need_pct,coverage_pct,weighted_service,cost_usd,cost_usd_per_person_day,money_left_usd,edits,sweep,variants,shard"
        );
        // Served is 0 (missing from a plan), cost 2.5; no plan: empty.
        assert_eq!(lines[1], "0,a,optimal,0,0,0,0,2.5,0,0,scale-fund:f=0.5,0123456789abcdef,4,1/2");
        assert_eq!(lines[2], "1,b,infeasible,,,,,,,,x,0123456789abcdef,4,1/2");
        let json: serde_json::Value = serde_json::from_str(&render_json(&rows, &sweep)).unwrap();
        assert_eq!(json["sweep"]["shard"], "1/2");
        assert_eq!(json["results"][0]["cost_usd"], 2.5);
        assert!(json["results"][1]["cost_usd"].is_null());
    }
}
