//! An entry as written (text fields parsed into typed values) and its shape: which fields each
//! kind needs and which it does not use. References to other entries and ids of the scenario
//! are checked later, by [`crate::Ledger`] and [`crate::Catalog`].

use chrono::NaiveDate;

use crate::field::{Field, Kind};
use crate::problem::{Problem, What};

/// The entry a reversal cancels: its number in the ledger (`#12`, or `12`) or its reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Id(i64),
    Ref(String),
}

/// One entry. Which fields a kind needs and uses: docs/ledger.md, "Entry kinds".
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    /// The entry's own reference (waybill, pledge or order number); pledges and shipments need
    /// one, so that arrivals can name them.
    pub reference: Option<String>,
    /// When it happened: pledged, ordered, dispatched, arrived, distributed, reversed.
    pub date: NaiveDate,
    pub commodity: Option<String>,
    pub quantity_t: Option<f64>,
    pub amount_usd: Option<f64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub fund: Option<String>,
    pub donor: Option<String>,
    /// The pledge an arrival delivers.
    pub pledge: Option<String>,
    /// The shipment an arrival closes.
    pub shipment: Option<String>,
    /// When a pledge is due, or when a shipment is expected to arrive.
    pub due: Option<NaiveDate>,
    pub lost_t: Option<f64>,
    pub people: Option<u64>,
    pub period: Option<String>,
    pub corridor: Option<String>,
    pub reverses: Option<Target>,
    /// The source document (delivery note, waybill, distribution report, file name).
    pub source: String,
    pub note: Option<String>,
}

/// Who records entries and when: stored with every entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audit {
    pub by: String,
    /// RFC 3339 time in UTC.
    pub at: String,
}

impl Audit {
    /// The current user (`$USER`, or `unknown`) at the current time.
    pub fn now(by: Option<&str>) -> Audit {
        let by = by
            .map(str::to_owned)
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "unknown".to_owned());
        Audit {
            by,
            at: chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// An entry as stored: its number in the ledger, the entry (an arrival completed from what it
/// refers to, a reversal's target as a number) and the audit fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    pub id: i64,
    pub entry: Entry,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// Parses the text fields of one entry (empty text = absent). Every problem is reported, not
/// only the first.
pub fn parse(get: &dyn Fn(Field) -> Option<String>) -> Result<Entry, Vec<Problem>> {
    let mut problems = Vec::new();
    let text = |f: Field| get(f).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let kind = if let Some(k) = text(Field::Kind) {
        let kind = Kind::parse(&k.to_ascii_lowercase());
        if kind.is_none() {
            problems.push(Problem::new(Field::Kind, What::UnknownKind(k)));
        }
        kind
    } else {
        problems.push(Problem::new(Field::Kind, What::UnknownKind(String::new())));
        None
    };
    let mut date_of = |f: Field| {
        let t = text(f)?;
        let d = NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok();
        if d.is_none() {
            problems.push(Problem::new(f, What::NotADate(t)));
        }
        d
    };
    let date = date_of(Field::Date);
    let due = date_of(Field::Due);
    let mut number = |f: Field| {
        let t = text(f)?;
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
            Ok(_) => {
                problems.push(Problem::new(
                    f,
                    What::OutOfRange { value: t, bound: "a finite number, 0 or more" },
                ));
                None
            }
            Err(_) => {
                problems.push(Problem::new(f, What::NotANumber(t)));
                None
            }
        }
    };
    let quantity_t = number(Field::QuantityT);
    let amount_usd = number(Field::AmountUsd);
    let lost_t = number(Field::LostT);
    let people = text(Field::People).and_then(|t| {
        let n = t.parse::<u64>().ok();
        if n.is_none() {
            problems.push(Problem::new(Field::People, What::NotACount(t)));
        }
        n
    });
    let reverses = text(Field::Reverses).map(|t| match t.strip_prefix('#').unwrap_or(&t).parse::<i64>() {
        Ok(n) => Target::Id(n),
        Err(_) => Target::Ref(t),
    });
    let (Some(kind), Some(date)) = (kind, date) else {
        if date.is_none() && text(Field::Date).is_none() {
            problems.push(Problem::new(Field::Date, What::Missing { kind: kind.unwrap_or(Kind::Pledge) }));
        }
        return Err(problems);
    };
    let entry = Entry {
        kind,
        reference: text(Field::Ref),
        date,
        commodity: text(Field::Commodity),
        quantity_t,
        amount_usd,
        from: text(Field::From),
        to: text(Field::To),
        fund: text(Field::Fund),
        donor: text(Field::Donor),
        pledge: text(Field::Pledge),
        shipment: text(Field::Shipment),
        due,
        lost_t,
        people,
        period: text(Field::Period),
        corridor: text(Field::Corridor),
        reverses,
        source: text(Field::Source).unwrap_or_default(),
        note: text(Field::Note),
    };
    // A field that did not parse is not also reported as missing.
    let unparsed: Vec<Option<Field>> = problems.iter().map(|p| p.field).collect();
    problems.extend(
        entry.shape_problems().into_iter().filter(|p| p.field.is_none() || !unparsed.contains(&p.field)),
    );
    if problems.is_empty() { Ok(entry) } else { Err(problems) }
}

impl Entry {
    /// A blank entry of a kind on a date, from a source document; fill the fields it needs.
    pub fn new(kind: Kind, date: NaiveDate, source: impl Into<String>) -> Entry {
        Entry {
            kind,
            reference: None,
            date,
            commodity: None,
            quantity_t: None,
            amount_usd: None,
            from: None,
            to: None,
            fund: None,
            donor: None,
            pledge: None,
            shipment: None,
            due: None,
            lost_t: None,
            people: None,
            period: None,
            corridor: None,
            reverses: None,
            source: source.into(),
            note: None,
        }
    }

    /// The field's value as text, `None` when absent (for messages and the CSV export).
    pub fn text(&self, field: Field) -> Option<String> {
        let num = |x: Option<f64>| x.map(|x| x.to_string());
        match field {
            Field::Kind => Some(self.kind.as_str().to_owned()),
            Field::Ref => self.reference.clone(),
            Field::Date => Some(self.date.to_string()),
            Field::Commodity => self.commodity.clone(),
            Field::QuantityT => num(self.quantity_t),
            Field::AmountUsd => num(self.amount_usd),
            Field::From => self.from.clone(),
            Field::To => self.to.clone(),
            Field::Fund => self.fund.clone(),
            Field::Donor => self.donor.clone(),
            Field::Pledge => self.pledge.clone(),
            Field::Shipment => self.shipment.clone(),
            Field::Due => self.due.map(|d| d.to_string()),
            Field::LostT => num(self.lost_t),
            Field::People => self.people.map(|n| n.to_string()),
            Field::Period => self.period.clone(),
            Field::Corridor => self.corridor.clone(),
            Field::Reverses => self.reverses.as_ref().map(|t| match t {
                Target::Id(n) => format!("#{n}"),
                Target::Ref(r) => r.clone(),
            }),
            Field::Source => Some(self.source.clone()).filter(|s| !s.is_empty()),
            Field::Note => self.note.clone(),
        }
    }

    /// Fields the kind needs that are absent, and fields it does not use that are present.
    pub fn shape_problems(&self) -> Vec<Problem> {
        use Field as F;
        let kind = self.kind;
        let has = |f: Field| self.text(f).is_some();
        let mut needed: Vec<Field> = vec![F::Source];
        let mut used: Vec<Field> = vec![F::Kind, F::Ref, F::Date, F::Source, F::Note];
        let mut problems = Vec::new();
        match kind {
            Kind::Pledge => {
                needed.extend([F::Ref, F::Donor, F::Due]);
                used.extend([F::Donor, F::Due, F::Commodity, F::QuantityT, F::To, F::AmountUsd, F::Fund]);
                let goods = [F::Commodity, F::QuantityT, F::To];
                let money = [F::AmountUsd, F::Fund];
                let is_goods = goods.iter().any(|&f| has(f));
                let is_money = money.iter().any(|&f| has(f));
                match (is_goods, is_money) {
                    (true, false) => needed.extend(goods),
                    (false, true) => needed.extend(money),
                    _ => problems.push(Problem::entry(What::PledgeShape)),
                }
            }
            Kind::Purchase => {
                needed.extend([F::Commodity, F::QuantityT, F::AmountUsd, F::Fund, F::To]);
                used.extend([F::Commodity, F::QuantityT, F::AmountUsd, F::Fund, F::To]);
            }
            Kind::Shipment => {
                needed.extend([F::Ref, F::Commodity, F::QuantityT, F::From, F::To]);
                used.extend([F::Commodity, F::QuantityT, F::From, F::To, F::Due, F::Corridor]);
            }
            Kind::Arrival => {
                used.extend([F::Shipment, F::Pledge, F::QuantityT, F::AmountUsd, F::Commodity, F::To]);
                match (has(F::Shipment), has(F::Pledge)) {
                    (true, false) => used.extend([F::LostT, F::From, F::Corridor]),
                    (false, true) => used.push(F::Fund),
                    _ => problems.push(Problem::entry(What::ArrivalTarget)),
                }
                if has(F::QuantityT) == has(F::AmountUsd) {
                    problems.push(Problem::entry(What::ArrivalAmount));
                }
                if has(F::Shipment) && has(F::AmountUsd) {
                    problems.push(Problem::new(
                        F::AmountUsd,
                        What::NotUsed { kind, value: self.text(F::AmountUsd).unwrap_or_default() },
                    ));
                }
            }
            Kind::Distribution => {
                needed.extend([F::To, F::Commodity, F::QuantityT]);
                used.extend([F::To, F::From, F::Commodity, F::QuantityT, F::People, F::Period]);
            }
            Kind::Reversal => {
                needed.push(F::Reverses);
                used.push(F::Reverses);
            }
        }
        for f in needed {
            if !has(f) {
                problems.push(Problem::new(f, What::Missing { kind }));
            }
        }
        for f in Field::ALL {
            if !used.contains(&f)
                && let Some(value) = self.text(f)
            {
                problems.push(Problem::new(f, What::NotUsed { kind, value }));
            }
        }
        let positive = matches!(kind, Kind::Pledge | Kind::Shipment | Kind::Purchase | Kind::Distribution);
        if positive
            && let Some(q) = self.quantity_t
            && q <= 0.0
        {
            problems.push(Problem::new(
                F::QuantityT,
                What::OutOfRange { value: q.to_string(), bound: "more than 0 tonnes" },
            ));
        }
        problems
    }
}
