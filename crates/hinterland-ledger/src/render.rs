//! What people and programs read: the status as a text summary (rounded) and as JSON (full
//! precision, `schema_version` 1, documented in docs/ledger.md), and the violations of
//! `ledger verify`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::status::Status;
use crate::verify::Violation;

/// Version of the JSON written by `ledger status --json` and `ledger verify --json`.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// `1234567.8` as `1,234,568` (rounded to whole units, thousands separated).
pub fn whole(x: f64) -> String {
    let r = x.round();
    let neg = r < 0.0;
    let digits = format!("{:.0}", r.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg && out != "0" { format!("-{out}") } else { out }
}

fn share(delivered: f64, promised: f64) -> String {
    if promised > 0.0 { format!("{:.0}%", 100.0 * delivered / promised) } else { "-".to_owned() }
}

/// The status as a text summary.
pub fn status_text(s: &Status) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "ledger status at the end of {} ({} entries recorded)", s.as_of, s.entries);
    let _ = writeln!(o, "\npledges: promised, delivered, on time or late");
    if s.pledges.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for p in &s.pledges {
        let what = match (&p.commodity, &p.fund) {
            (Some(c), _) => format!(
                "{} t {c}{}",
                whole(p.promised_t),
                p.place.as_ref().map(|pl| format!(" at {pl}")).unwrap_or_default()
            ),
            (None, Some(f)) => format!("US$ {} into {f}", whole(p.promised_usd)),
            (None, None) => String::new(),
        };
        let got = if p.commodity.is_some() {
            format!("{} t", whole(p.delivered_t))
        } else {
            format!("US$ {}", whole(p.delivered_usd))
        };
        let when = match (p.completed_on, p.days_late) {
            (Some(d), 0) => format!("complete on {d}, on time"),
            (Some(d), n) => format!("complete on {d}, {n} day(s) late"),
            (None, 0) => format!("open, due {}", p.due),
            (None, n) => format!("open, {n} day(s) late (due {})", p.due),
        };
        let _ = writeln!(
            o,
            "  {:<18} {:<30} {what}, due {}: delivered {got} ({}), {when}",
            p.reference,
            p.donor,
            p.due,
            share(p.delivered(), p.promised())
        );
    }
    let _ = writeln!(o, "\nplaces: stock on hand, in transit towards the place (t)");
    if s.places.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for p in &s.places {
        let _ = writeln!(
            o,
            "  {:<18} {:<10} on hand {:>10}   in transit {:>10}",
            p.place,
            p.commodity,
            whole(p.on_hand_t),
            whole(p.in_transit_t)
        );
    }
    let _ = writeln!(o, "\nfunds: committed (pledged), spent on purchases, left (US$)");
    if s.funds.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for f in &s.funds {
        let _ = writeln!(
            o,
            "  {:<18} committed {:>12}   spent {:>12}   left {:>12}   received {:>12}",
            f.fund,
            whole(f.committed_usd),
            whole(f.spent_usd),
            whole(f.left_usd),
            whole(f.received_usd)
        );
    }
    let _ = writeln!(
        o,
        "\ndistricts: distributed (t, and people reached summed over distributions){}",
        if s.districts.iter().any(|d| d.planned_t.is_some()) { ", against the plan to date" } else { "" }
    );
    if s.districts.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for d in &s.districts {
        let planned = d
            .planned_t
            .map(|p| format!("   planned {:>8} t ({})", whole(p), share(d.distributed_t, p)))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {:<18} {:<10} distributed {:>8} t to {:>9} people{planned}",
            d.district,
            d.commodity,
            whole(d.distributed_t),
            whole(d.people as f64)
        );
    }
    o
}

/// The status as JSON (docs/ledger.md, "Status JSON").
pub fn status_json(s: &Status) -> Value {
    json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "as_of": s.as_of.to_string(),
        "entries": s.entries,
        "pledges": s.pledges.iter().map(|p| json!({
            "entry": p.id,
            "ref": p.reference,
            "donor": p.donor,
            "commodity": p.commodity,
            "fund": p.fund,
            "place": p.place,
            "promised_t": p.promised_t,
            "promised_usd": p.promised_usd,
            "delivered_t": p.delivered_t,
            "delivered_usd": p.delivered_usd,
            "due": p.due.to_string(),
            "complete": p.completed_on.is_some(),
            "completed_on": p.completed_on.map(|d| d.to_string()),
            "days_late": p.days_late,
        })).collect::<Vec<_>>(),
        "places": s.places.iter().map(|p| json!({
            "place": p.place,
            "commodity": p.commodity,
            "on_hand_t": p.on_hand_t,
            "in_transit_t": p.in_transit_t,
        })).collect::<Vec<_>>(),
        "funds": s.funds.iter().map(|f| json!({
            "fund": f.fund,
            "committed_usd": f.committed_usd,
            "received_usd": f.received_usd,
            "spent_usd": f.spent_usd,
            "left_usd": f.left_usd,
        })).collect::<Vec<_>>(),
        "districts": s.districts.iter().map(|d| json!({
            "district": d.district,
            "commodity": d.commodity,
            "distributed_t": d.distributed_t,
            "people": d.people,
            "planned_t": d.planned_t,
        })).collect::<Vec<_>>(),
    })
}

/// The violations as JSON.
pub fn violations_json(v: &[Violation]) -> Value {
    json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "ok": v.is_empty(),
        "violations": v.iter().map(|x| json!({
            "entry": x.entry(),
            "check": x.code(),
            "message": x.to_string(),
        })).collect::<Vec<_>>(),
    })
}
