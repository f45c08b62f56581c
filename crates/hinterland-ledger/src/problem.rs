//! What is wrong with an entry, and in which field. The import and the command line add the
//! place (file, line and CSV record, or the `--flag`).

use thiserror::Error;

use crate::field::{Field, Kind};

/// One problem with one entry: the field it is in (none when it is about the whole entry)
/// and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field: Option<Field>,
    pub what: What,
}

impl Problem {
    pub fn new(field: Field, what: What) -> Problem {
        Problem { field: Some(field), what }
    }

    pub fn entry(what: What) -> Problem {
        Problem { field: None, what }
    }
}

/// What is wrong. Messages follow the house style: lower-case start, no final period, the
/// offending value in backticks; [`What::help`] says how to fix it.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum What {
    #[error("`{0}` is not a kind of entry")]
    UnknownKind(String),
    #[error("a {kind} needs this field")]
    Missing { kind: Kind },
    #[error("a {kind} does not use this field (it holds `{value}`)")]
    NotUsed { kind: Kind, value: String },
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("`{0}` is not a count of people")]
    NotACount(String),
    #[error("`{value}` must be {bound}")]
    OutOfRange { value: String, bound: &'static str },
    #[error("`{0}` is not a date")]
    NotADate(String),
    #[error("`{0}` is not a place of the scenario")]
    UnknownPlace(String),
    #[error("`{0}` is not a district of the scenario")]
    NotADistrict(String),
    #[error("`{0}` is not a commodity of the scenario")]
    UnknownCommodity(String),
    #[error("`{0}` is not a fund of the scenario")]
    UnknownFund(String),
    #[error("`{0}` is not a period of the scenario")]
    UnknownPeriod(String),
    #[error(
        "a pledge is of goods (commodity, quantity_t, to) or of money (amount_usd, fund), not both or neither"
    )]
    PledgeShape,
    #[error("an arrival closes a shipment (`shipment`) or delivers a pledge (`pledge`): give exactly one")]
    ArrivalTarget,
    #[error(
        "an arrival records tonnes (`quantity_t`) or, for a cash pledge, money (`amount_usd`): give exactly one"
    )]
    ArrivalAmount,
    #[error("no {kind} has the reference `{reference}`")]
    UnknownReference { kind: Kind, reference: String },
    #[error("`{reference}` is a {found}, not a {expected}")]
    WrongKind { reference: String, found: Kind, expected: Kind },
    #[error("an entry with the reference `{0}` is already in the ledger")]
    DuplicateRef(String),
    #[error("entry `#{0}` does not exist")]
    NoSuchEntry(i64),
    #[error("entry `#{0}` is a reversal; record the entry again instead")]
    ReversesReversal(i64),
    #[error("entry `#{0}` is already reversed")]
    AlreadyReversed(i64),
    #[error("`{given}` differs from `{expected}` of {kind} `{reference}`")]
    Mismatch { given: String, expected: String, kind: Kind, reference: String },
    #[error("pledge `{0}` is of goods; record money with a cash pledge")]
    PledgeOfGoods(String),
    #[error("pledge `{0}` is of money; record goods with an in-kind pledge")]
    PledgeOfMoney(String),
}

impl What {
    /// How to fix it, when there is more to say than the message.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            What::UnknownKind(_) => {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("use one of {}", kinds.join(", "))
            }
            What::Missing { kind } => format!("fill it in; docs/ledger.md lists the fields of a {kind}"),
            What::NotUsed { .. } => "leave it empty, or choose the kind of entry that uses it".to_owned(),
            What::NotANumber(_) => {
                "write a plain number, e.g. `250` or `12.5` (a point for decimals, no thousands separators)"
                    .to_owned()
            }
            What::NotACount(_) => "write a whole number of people, e.g. `12000`".to_owned(),
            What::NotADate(_) => "write the date as YYYY-MM-DD, e.g. `2024-06-30`".to_owned(),
            What::UnknownPlace(_) => "use an `id` of the scenario's nodes.csv".to_owned(),
            What::NotADistrict(_) => "distribute to a node of kind `district` in nodes.csv".to_owned(),
            What::UnknownCommodity(_) => "use an `id` of the scenario's commodities.csv".to_owned(),
            What::UnknownFund(_) => "use an `id` of the scenario's funds.csv".to_owned(),
            What::UnknownPeriod(_) => {
                "use a period label of the scenario's calendar, e.g. `2024-07`".to_owned()
            }
            What::UnknownReference { .. } | What::WrongKind { .. } => {
                "refer to the `ref` of an entry already in the ledger or earlier in the same file".to_owned()
            }
            What::DuplicateRef(_) => {
                "give each entry its own reference; to correct an entry, reverse it first".to_owned()
            }
            What::NoSuchEntry(_) | What::ReversesReversal(_) | What::AlreadyReversed(_) => {
                "`hinterland ledger list` shows the entries and their numbers".to_owned()
            }
            What::Mismatch { .. } => "leave the field empty to take it from the referenced entry".to_owned(),
            What::OutOfRange { .. }
            | What::PledgeShape
            | What::ArrivalTarget
            | What::ArrivalAmount
            | What::PledgeOfGoods(_)
            | What::PledgeOfMoney(_) => return None,
        })
    }
}
