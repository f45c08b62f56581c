//! Completion of edits in the variant grammar (`VERB:TARGET[@PERIODS][=VALUE]`): what can
//! follow the text typed so far, from the scenario's own ids.

use hinterland_io::VERBS;
use hinterland_model::{CommodityGroup, Kind, Mode, Scenario};
use serde::Serialize;

/// Completions of `text`: each item replaces `text[from..]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub from: usize,
    pub items: Vec<String>,
}

/// What a verb's target names.
#[derive(Clone, Copy)]
enum Targets {
    Lanes,
    Commodities,
    Of(Kind),
}

fn targets(verb: &str) -> Option<Targets> {
    Some(match verb {
        "close-lane" | "derate-lane" | "scale-lane-cost" => Targets::Lanes,
        // `block:COMMODITIES/LANES`: the part typed decides (commodities before the `/`).
        "scale-price" | "scale-market" | "block" => Targets::Commodities,
        "scale-fund" | "set-fund" => Targets::Of(Kind::Fund),
        "scale-needs" | "set-min-share" => Targets::Of(Kind::District),
        "scale-supply" => Targets::Of(Kind::Supply),
        _ => return None,
    })
}

fn candidates(t: Targets, s: &Scenario) -> Vec<String> {
    let mut out = vec!["*".to_owned()];
    match t {
        Targets::Lanes => {
            out.extend(Kind::Lane.codes(s));
            out.extend(Kind::Corridor.codes(s).into_iter().map(|c| format!("corridor:{c}")));
            out.extend(Mode::ALL.iter().map(|m| format!("mode:{}", m.as_str())));
        }
        Targets::Commodities => {
            out.extend(Kind::Commodity.codes(s));
            out.extend(CommodityGroup::ALL.iter().map(|g| format!("group:{}", g.as_str())));
        }
        Targets::Of(kind) => out.extend(Kind::codes(kind, s)),
    }
    out
}

fn matching(items: Vec<String>, prefix: &str, from: usize) -> Completion {
    let mut items: Vec<String> = items.into_iter().filter(|i| i.starts_with(prefix)).collect();
    items.truncate(50);
    Completion { from, items }
}

/// What can follow `text` in scenario `s`.
pub fn complete(text: &str, s: &Scenario) -> Completion {
    let Some((verb, rest)) = text.split_once(':') else {
        let verbs = VERBS.iter().map(|v| format!("{}:", v.0)).collect();
        return matching(verbs, text, 0);
    };
    let Some(&(_, takes_periods, _)) = VERBS.iter().find(|v| v.0 == verb) else {
        return Completion { from: text.len(), items: Vec::new() };
    };
    let Some(mut t) = targets(verb) else { return Completion { from: text.len(), items: Vec::new() } };
    if rest.contains('=') {
        return Completion { from: text.len(), items: Vec::new() };
    }
    let base = verb.len() + 1;
    if let Some(at) = rest.find('@') {
        // Periods: `FROM..TO`; complete the part after the last `..`.
        let periods = &rest[at + 1..];
        let start = periods.rfind("..").map_or(0, |i| i + 2);
        let from = base + at + 1 + start;
        let mut labels = Kind::Period.codes(s);
        labels.insert(0, "*".to_owned());
        return matching(labels, &text[from..], from);
    }
    let mut from = base;
    if let Some(slash) = rest.find('/').filter(|_| verb == "block") {
        t = Targets::Lanes;
        from = base + slash + 1;
    }
    let mut c = matching(candidates(t, s), &text[from..], from);
    // A whole target that takes periods can go on with `@`.
    if takes_periods && c.items.iter().any(|i| *i == text[from..]) && !text[from..].is_empty() {
        c.items.retain(|i| *i != text[from..]);
        c.items.insert(0, format!("{}@", &text[from..]));
    }
    c
}
