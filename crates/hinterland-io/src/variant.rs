//! Reading what-if variants: `[[variant]]` tables in `scenario.toml` (or in a variant file of
//! the same shape), and the one-line edit grammar shared with the command line.
//!
//! ```toml
//! [[variant]]
//! name = "budget-halved"
//! description = "only half of the UN food money comes"
//! edits = ["scale-fund:un_food=0.5"]
//! ```
//!
//! An edit is `VERB:TARGET[@PERIODS][=VALUE]` (see [`parse_edit`] and
//! docs/scenario-format.md). Each edit is parsed, then applied to the base scenario, so a
//! code the base does not have is reported at the edit's own line with a "did you mean".

use std::ops::Range;

use hinterland_model::{
    CommodityGroup, CommoditySelector, Edit, LaneSelector, Mode, PeriodRange, Scenario, Target, Variant,
    VariantError, apply_edit,
};
use serde::Deserialize;
use toml::Spanned;

use crate::codes::{self, Code};
use crate::diagnostic::Diagnostic;
use crate::magnitude::{Overflow, edit_overflow};
use crate::schema::SETTINGS_FILE;
use crate::source::ScenarioSource;
use crate::suggest::closest;

/// Why an edit string cannot be read: a message about the part at `at` (a byte range in the
/// edit string) and a help line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EditSyntaxError {
    pub at: Range<usize>,
    pub message: String,
    pub help: String,
}

/// The verbs of the edit grammar, with whether they take `@PERIODS` and `=VALUE`.
pub const VERBS: [(&str, bool, bool); 11] = [
    ("close-lane", true, false),
    ("derate-lane", true, true),
    ("scale-lane-cost", false, true),
    ("block", true, false),
    ("scale-fund", false, true),
    ("set-fund", false, true),
    ("scale-price", true, true),
    ("scale-market", true, true),
    ("scale-needs", true, true),
    ("set-min-share", true, true),
    ("scale-supply", false, true),
];

fn syntax(at: Range<usize>, message: String, help: impl Into<String>) -> EditSyntaxError {
    EditSyntaxError { at, message, help: help.into() }
}

/// Parses one edit: `VERB:TARGET[@PERIODS][=VALUE]`.
///
/// * `close-lane:LANES[@P]`, `derate-lane:LANES[@P]=F`, `scale-lane-cost:LANES=F`
/// * `block:COMMODITIES/LANES[@P]`: the commodities cannot move on the lanes
/// * `scale-fund:FUND=F`, `set-fund:FUND=USD`
/// * `scale-price:COMMODITIES[@P]=F`, `scale-market:COMMODITIES[@P]=F` (market capacity)
/// * `scale-needs:DISTRICT[@P]=F`, `set-min-share:DISTRICT[@P]=S`, `scale-supply:SUPPLY=F`
///
/// LANES is `*`, a lane id, `corridor:NAME` or `mode:MODE`; COMMODITIES is `*`, an id or
/// `group:GROUP`; FUND, DISTRICT and SUPPLY are an id or `*`; P is a period label, `FROM..TO`
/// (both included) or `*`.
pub fn parse_edit(text: &str) -> Result<Edit, EditSyntaxError> {
    let verbs = || VERBS.iter().map(|v| v.0);
    let Some((verb, rest)) = text.split_once(':') else {
        let help = match closest(text.trim(), verbs()) {
            Some(v) => format!("did you mean `{v}:...`?"),
            None => "write `VERB:TARGET`, e.g. `close-lane:corridor:dakar@2024-03..2024-07`".to_owned(),
        };
        return Err(syntax(0..text.len(), format!("edit `{text}` has no `:` after its verb"), help));
    };
    let Some(&(verb, takes_periods, takes_value)) = VERBS.iter().find(|v| v.0 == verb) else {
        let help = match closest(verb, verbs()) {
            Some(v) => format!("did you mean `{v}`?"),
            None => {
                format!("use one of {}", verbs().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
            }
        };
        return Err(syntax(0..verb.len(), format!("unknown edit `{verb}`"), help));
    };
    let base = verb.len() + 1;
    let (body, value) = match rest.rsplit_once('=') {
        Some((b, v)) => (b, Some((v, base + b.len() + 1))),
        None => (rest, None),
    };
    let (target, periods) = match body.split_once('@') {
        Some((t, p)) => (t, Some((p, base + t.len() + 1))),
        None => (body, None),
    };
    let target_at = base..base + target.len();
    if target.trim().is_empty() {
        return Err(syntax(target_at, format!("`{verb}` needs a target after `:`"), "e.g. `*` for all"));
    }
    let periods = match periods {
        Some((p, at)) if !takes_periods => {
            return Err(syntax(
                at - 1..at + p.len(),
                format!("`{verb}` applies to every period"),
                "remove `@...`",
            ));
        }
        Some((p, at)) => parse_periods(p, at)?,
        None => None,
    };
    let value = match value {
        Some((v, at)) if !takes_value => {
            return Err(syntax(at - 1..at + v.len(), format!("`{verb}` takes no value"), "remove `=...`"));
        }
        Some((v, at)) => Some(v.trim().parse::<f64>().map_err(|_| {
            syntax(at..at + v.len(), format!("`{v}` is not a number"), "write a number, e.g. `0.5`")
        })?),
        None if takes_value => {
            return Err(syntax(
                0..text.len(),
                format!("`{verb}` needs a value"),
                format!("add `=NUMBER`, e.g. `{text}=0.5`"),
            ));
        }
        None => None,
    };
    let v = value.unwrap_or(0.0);
    let lanes = |t: &str, at: Range<usize>| parse_lanes(t, at);
    Ok(match verb {
        "close-lane" => Edit::LaneFactor { lanes: lanes(target, target_at)?, periods, factor: 0.0 },
        "derate-lane" => Edit::LaneFactor { lanes: lanes(target, target_at)?, periods, factor: v },
        "scale-lane-cost" => Edit::LaneCost { lanes: lanes(target, target_at)?, factor: v },
        "block" => {
            let Some((c, l)) = target.split_once('/') else {
                return Err(syntax(
                    target_at,
                    format!("`block` needs `COMMODITIES/LANES`, found `{target}`"),
                    "e.g. `block:diesel/corridor:dakar`",
                ));
            };
            let lanes_at = base + c.len() + 1..target_at.end;
            Edit::Block {
                commodities: parse_commodities(c, base..base + c.len())?,
                lanes: lanes(l, lanes_at)?,
                periods,
            }
        }
        "scale-fund" => Edit::ScaleFund { fund: parse_target(target), factor: v },
        "set-fund" => Edit::SetFund { fund: parse_target(target), amount_usd: v },
        "scale-price" => {
            Edit::ScalePrice { commodities: parse_commodities(target, target_at)?, periods, factor: v }
        }
        "scale-market" => {
            Edit::ScaleMarket { commodities: parse_commodities(target, target_at)?, periods, factor: v }
        }
        "scale-needs" => Edit::ScaleNeeds { district: parse_target(target), periods, factor: v },
        "set-min-share" => Edit::SetMinShare { district: parse_target(target), periods, share: v },
        "scale-supply" => Edit::ScaleSupply { supply: parse_target(target), factor: v },
        _ => unreachable!("every verb in VERBS is handled"),
    })
}

fn parse_target(t: &str) -> Target {
    match t.trim() {
        "*" => Target::All,
        code => Target::Code(code.to_owned()),
    }
}

fn parse_lanes(t: &str, at: Range<usize>) -> Result<LaneSelector, EditSyntaxError> {
    let t = t.trim();
    if t == "*" {
        return Ok(LaneSelector::All);
    }
    if let Some(name) = t.strip_prefix("corridor:") {
        return Ok(LaneSelector::Corridor(name.to_owned()));
    }
    if let Some(mode) = t.strip_prefix("mode:") {
        return Mode::ALL.into_iter().find(|m| m.as_str() == mode).map(LaneSelector::Mode).ok_or_else(|| {
            syntax(
                at,
                format!("unknown mode `{mode}`"),
                format!("use one of {}", Mode::ALL.map(|m| format!("`{}`", m.as_str())).join(", ")),
            )
        });
    }
    Ok(LaneSelector::Lane(t.to_owned()))
}

fn parse_commodities(t: &str, at: Range<usize>) -> Result<CommoditySelector, EditSyntaxError> {
    let t = t.trim();
    if t == "*" {
        return Ok(CommoditySelector::All);
    }
    if let Some(group) = t.strip_prefix("group:") {
        return CommodityGroup::ALL
            .into_iter()
            .find(|g| g.as_str() == group)
            .map(CommoditySelector::Group)
            .ok_or_else(|| {
                syntax(
                    at,
                    format!("unknown commodity group `{group}`"),
                    format!(
                        "use one of {}",
                        CommodityGroup::ALL.map(|g| format!("`{}`", g.as_str())).join(", ")
                    ),
                )
            });
    }
    Ok(CommoditySelector::Code(t.to_owned()))
}

fn parse_periods(p: &str, at: usize) -> Result<Option<PeriodRange>, EditSyntaxError> {
    let p = p.trim();
    if p == "*" {
        return Ok(None);
    }
    let (from, to) = p.split_once("..").unwrap_or((p, p));
    if from.trim().is_empty() || to.trim().is_empty() {
        return Err(syntax(
            at..at + p.len(),
            format!("period range `{p}` needs both ends"),
            "write `FROM..TO`, e.g. `2024-03..2024-07`",
        ));
    }
    Ok(Some(PeriodRange { from: from.trim().to_owned(), to: to.trim().to_owned() }))
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    variant: Vec<RawVariant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    edits: Spanned<Vec<Spanned<String>>>,
}

/// Reads the `[[variant]]` tables of the scenario's `scenario.toml`.
pub fn read_variants(source: &ScenarioSource, base: &Scenario) -> (Vec<Variant>, Vec<Diagnostic>) {
    match source.file(SETTINGS_FILE) {
        Some(text) => read_variant_text(SETTINGS_FILE, text, base),
        None => (Vec::new(), Vec::new()),
    }
}

/// Reads `[[variant]]` tables from `text` (a `scenario.toml` or a variant file named `file`),
/// resolving every edit against `base`. Variants with errors are left out.
pub fn read_variant_text(file: &str, text: &str, base: &Scenario) -> (Vec<Variant>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let mut d = Diagnostic::new(
                codes::VARIANT_SHAPE,
                file,
                format!(
                    "cannot read the variants: {}",
                    e.message().lines().next().unwrap_or("").trim_end_matches('.')
                ),
            )
            .with_field("variant")
            .with_help("each `[[variant]]` has `name`, an optional `description` and `edits = [\"...\"]`");
            if let Some(span) = e.span() {
                let span = span.start.min(text.len())..span.end.min(text.len());
                d = d.with_line(line_at(text, span.start)).with_span(span);
            }
            return (Vec::new(), vec![d]);
        }
    };
    let mut variants: Vec<Variant> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for rv in raw.variant {
        let name = rv.name.get_ref().trim().to_owned();
        let at = |span: Range<usize>, code: Code, message: String, help: String| {
            Diagnostic::new(code, file, message)
                .with_line(line_at(text, span.start))
                .with_span(span)
                .with_help(help)
        };
        if !valid_name(&name) {
            diags.push(
                at(
                    rv.name.span(),
                    codes::VARIANT_NAME,
                    format!("variant name `{name}` is empty or has characters other than letters, digits, `-`, `_`, `.`"),
                    "use a short name such as `dakar-closed`".to_owned(),
                )
                .with_field("variant.name"),
            );
            continue;
        }
        if names.contains(&name) {
            diags.push(
                at(
                    rv.name.span(),
                    codes::VARIANT_NAME,
                    format!("variant `{name}` is defined twice"),
                    "give each variant its own name".to_owned(),
                )
                .with_field("variant.name"),
            );
            continue;
        }
        names.push(name.clone());
        let mut scratch = base.clone();
        // The scenario before the edit at hand, to tell what the edit changed.
        let mut before = base.clone();
        let mut edits = Vec::new();
        let mut ok = true;
        for e in rv.edits.get_ref() {
            // The string's text starts after its opening quote, when written without escapes.
            let span = e.span();
            let inner = text.get(span.start + 1..span.end - 1).filter(|t| *t == e.get_ref());
            let sub = |r: &Range<usize>| match inner {
                Some(_) => span.start + 1 + r.start..span.start + 1 + r.end,
                None => span.clone(),
            };
            match parse_edit(e.get_ref()) {
                Err(err) => {
                    ok = false;
                    diags.push(
                        at(
                            sub(&err.at),
                            codes::EDIT_SYNTAX,
                            format!("in variant `{name}`: {}", err.message),
                            err.help,
                        )
                        .with_field("variant.edits"),
                    );
                }
                Ok(edit) => match apply_edit(&mut scratch, &edit) {
                    Ok(()) => match edit_overflow(&before, &scratch) {
                        None => {
                            before.clone_from(&scratch);
                            edits.push(edit);
                        }
                        Some(over) => {
                            ok = false;
                            scratch.clone_from(&before);
                            diags.push(
                                at(
                                    span.clone(),
                                    codes::EDIT_VALUE,
                                    format!(
                                        "in variant `{name}`: edit `{}` is out of range: {over}",
                                        e.get_ref()
                                    ),
                                    magnitude_help(&over),
                                )
                                .with_field("variant.edits"),
                            );
                        }
                    },
                    Err(err) => {
                        ok = false;
                        scratch.clone_from(&before);
                        diags.push(
                            variant_error(file, &name, &err, base)
                                .with_line(line_at(text, span.start))
                                .with_span(span.clone())
                                .with_field("variant.edits"),
                        );
                    }
                },
            }
        }
        if rv.edits.get_ref().is_empty() {
            diags.push(
                at(
                    rv.edits.span(),
                    codes::VARIANT_EMPTY,
                    format!("variant `{name}` has no edits: it equals the base"),
                    "add edits such as `\"scale-fund:*=0.5\"`".to_owned(),
                )
                .with_field("variant.edits"),
            );
        }
        if ok {
            variants.push(Variant { name, description: rv.description, edits });
        }
    }
    (variants, diags)
}

/// The help of an edit that takes a value beyond its unit's limit.
pub fn magnitude_help(over: &Overflow) -> String {
    format!(
        "scenario values in {} are at most {}; a factor this large is probably a typo",
        over.limit.unit,
        crate::magnitude::shown(over.limit.max)
    )
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A diagnostic (without position) for an edit that does not fit the base scenario.
pub fn variant_error(file: &str, variant: &str, err: &VariantError, base: &Scenario) -> Diagnostic {
    match err {
        VariantError::Unknown { kind, code } => {
            let candidates = kind.codes(base);
            let help = match closest(code, candidates.iter().map(String::as_str)) {
                Some(guess) => format!("did you mean `{guess}`?"),
                None => format!(
                    "the base scenario's {kind}s include {}",
                    candidates.iter().take(6).map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            Diagnostic::new(
                codes::EDIT_UNKNOWN_ID,
                file,
                format!("in variant `{variant}`: unknown {kind} `{code}`"),
            )
            .with_help(help)
        }
        VariantError::ReversedRange { .. } => {
            Diagnostic::new(codes::EDIT_VALUE, file, format!("in variant `{variant}`: {err}"))
                .with_help("write the earlier period first")
        }
        VariantError::Value { .. } => {
            Diagnostic::new(codes::EDIT_VALUE, file, format!("in variant `{variant}`: {err}"))
                .with_help("factors and amounts are 0 or more; shares are in 0..1")
        }
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_grammar() {
        assert_eq!(
            parse_edit("close-lane:corridor:dakar@2024-03..2024-07"),
            Ok(Edit::LaneFactor {
                lanes: LaneSelector::Corridor("dakar".into()),
                periods: Some(PeriodRange { from: "2024-03".into(), to: "2024-07".into() }),
                factor: 0.0
            })
        );
        assert_eq!(
            parse_edit("scale-fund:un_food=0.5"),
            Ok(Edit::ScaleFund { fund: Target::Code("un_food".into()), factor: 0.5 })
        );
        assert_eq!(
            parse_edit("block:group:fuel/mode:road"),
            Ok(Edit::Block {
                commodities: CommoditySelector::Group(CommodityGroup::Fuel),
                lanes: LaneSelector::Mode(Mode::Road),
                periods: None
            })
        );
        let e = parse_edit("scale-fnd:x=1").unwrap_err();
        assert_eq!((e.at, e.help.as_str()), (0..9, "did you mean `scale-fund`?"));
        assert!(parse_edit("scale-fund:x").is_err());
        assert!(parse_edit("scale-fund:x=abc").is_err());
        assert!(parse_edit("derate-lane:mode:boat=0.5").is_err());
    }
}
