//! The kinds of entry and the fields an entry can carry: one name per field, shared by the
//! CSV import (column names), the command line (`--flag` names) and the JSON output.

use std::fmt;

/// What an entry records. Every kind but `pledge` and `reversal` moves goods or money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A promise: goods (commodity, tonnes, place) or money (US$ into a fund), due by a date.
    Pledge,
    /// Goods bought with money from a fund; they enter the stock at `to` on `date`.
    Purchase,
    /// Goods dispatched from `from` towards `to`; they leave `from` on `date` and are in
    /// transit until arrivals close the shipment.
    Shipment,
    /// Goods received: closing a shipment (with losses), or handing over an in-kind pledge at
    /// `to`, or money of a cash pledge received into its fund.
    Arrival,
    /// Goods handed out to people in a district; they leave `from` (default: the district).
    Distribution,
    /// Cancels one earlier entry; a correction is a reversal followed by the right entry.
    Reversal,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Pledge, Kind::Purchase, Kind::Shipment, Kind::Arrival, Kind::Distribution, Kind::Reversal];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pledge => "pledge",
            Kind::Purchase => "purchase",
            Kind::Shipment => "shipment",
            Kind::Arrival => "arrival",
            Kind::Distribution => "distribution",
            Kind::Reversal => "reversal",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field of an entry. [`Field::column`] is its CSV column and JSON key, [`Field::flag`] its
/// command-line option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Kind,
    Ref,
    Date,
    Commodity,
    QuantityT,
    AmountUsd,
    From,
    To,
    Fund,
    Donor,
    Pledge,
    Shipment,
    Due,
    LostT,
    People,
    Period,
    Corridor,
    Reverses,
    Source,
    Note,
}

impl Field {
    /// Every field, in the order of the CSV format (docs/ledger.md).
    pub const ALL: [Field; 20] = [
        Field::Kind,
        Field::Ref,
        Field::Date,
        Field::Commodity,
        Field::QuantityT,
        Field::AmountUsd,
        Field::From,
        Field::To,
        Field::Fund,
        Field::Donor,
        Field::Pledge,
        Field::Shipment,
        Field::Due,
        Field::LostT,
        Field::People,
        Field::Period,
        Field::Corridor,
        Field::Reverses,
        Field::Source,
        Field::Note,
    ];

    pub fn column(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Ref => "ref",
            Field::Date => "date",
            Field::Commodity => "commodity",
            Field::QuantityT => "quantity_t",
            Field::AmountUsd => "amount_usd",
            Field::From => "from",
            Field::To => "to",
            Field::Fund => "fund",
            Field::Donor => "donor",
            Field::Pledge => "pledge",
            Field::Shipment => "shipment",
            Field::Due => "due",
            Field::LostT => "lost_t",
            Field::People => "people",
            Field::Period => "period",
            Field::Corridor => "corridor",
            Field::Reverses => "reverses",
            Field::Source => "source",
            Field::Note => "note",
        }
    }

    /// The command-line option of `ledger add` (the kind is its positional argument).
    pub fn flag(self) -> String {
        match self {
            Field::Kind => "<KIND>".to_owned(),
            f => format!("--{}", f.column().replace('_', "-")),
        }
    }

    pub fn from_column(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.column() == name)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.column())
    }
}
