//! The rules of the ledger, the same for every backend: an append is one transaction that
//! checks every entry (shape, scenario ids, references to earlier entries) and records all of
//! them or none.

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use crate::catalog::Catalog;
use crate::entry::{Audit, Entry, Recorded, Target};
use crate::field::{Field, Kind};
use crate::problem::{Problem, What};
use crate::store::{Backend, StoreError};

/// A ledger on some backend.
pub struct Ledger {
    backend: Box<dyn Backend>,
}

/// Why an append recorded nothing.
#[derive(Debug, Error)]
pub enum AppendError {
    /// Some entries are wrong; each problem carries the entry's position in the batch.
    #[error("{} problem(s) in the entries; nothing was recorded", .0.len())]
    Rejected(Vec<(usize, Problem)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The entries a batch refers to, by reference: the effective (not reversed) ones.
struct Index {
    by_ref: HashMap<String, Entry>,
    ids: HashMap<i64, (Kind, Option<String>)>,
    reversed: HashSet<i64>,
}

impl Index {
    fn new(existing: &[Recorded]) -> Index {
        let reversed: HashSet<i64> = existing
            .iter()
            .filter_map(|r| match r.entry.reverses {
                Some(Target::Id(n)) => Some(n),
                _ => None,
            })
            .collect();
        let mut index = Index { by_ref: HashMap::new(), ids: HashMap::new(), reversed };
        for r in existing {
            index.ids.insert(r.id, (r.entry.kind, r.entry.reference.clone()));
            if !index.reversed.contains(&r.id)
                && let Some(reference) = &r.entry.reference
            {
                index.by_ref.insert(reference.clone(), r.entry.clone());
            }
        }
        index
    }

    fn add(&mut self, id: i64, e: &Entry) {
        self.ids.insert(id, (e.kind, e.reference.clone()));
        if let Some(Target::Id(n)) = e.reverses {
            self.reversed.insert(n);
            if let Some((_, Some(reference))) = self.ids.get(&n) {
                self.by_ref.remove(reference);
            }
        }
        if let Some(reference) = &e.reference {
            self.by_ref.insert(reference.clone(), e.clone());
        }
    }

    fn referenced(&self, field: Field, reference: &str, expected: Kind) -> Result<&Entry, Problem> {
        match self.by_ref.get(reference) {
            None => Err(Problem::new(
                field,
                What::UnknownReference { kind: expected, reference: reference.to_owned() },
            )),
            Some(e) if e.kind != expected => Err(Problem::new(
                field,
                What::WrongKind { reference: reference.to_owned(), found: e.kind, expected },
            )),
            Some(e) => Ok(e),
        }
    }

    /// Checks the references of `e` and completes it from what it refers to: an arrival takes
    /// commodity and places from its shipment or pledge, a reversal's target becomes a number.
    fn resolve(&self, e: &Entry) -> Result<Entry, Vec<Problem>> {
        let mut out = e.clone();
        let mut problems = Vec::new();
        if let Some(r) = &e.reference
            && self.by_ref.contains_key(r)
        {
            problems.push(Problem::new(Field::Ref, What::DuplicateRef(r.clone())));
        }
        let mut take_err = Vec::new();
        let mut take =
            |field: Field, slot: &mut Option<String>, from: Option<&String>, kind: Kind, reference: &str| {
                if let Some(p) = take(field, slot, from, kind, reference) {
                    problems.push(p);
                }
            };
        if e.kind == Kind::Arrival {
            if let Some(s) = &e.shipment {
                match self.referenced(Field::Shipment, s, Kind::Shipment) {
                    Ok(ship) => {
                        take(
                            Field::Commodity,
                            &mut out.commodity,
                            ship.commodity.as_ref(),
                            Kind::Shipment,
                            s,
                        );
                        take(Field::From, &mut out.from, ship.from.as_ref(), Kind::Shipment, s);
                        take(Field::To, &mut out.to, ship.to.as_ref(), Kind::Shipment, s);
                        take(Field::Corridor, &mut out.corridor, ship.corridor.as_ref(), Kind::Shipment, s);
                    }
                    Err(p) => take_err.push(p),
                }
            } else if let Some(p) = &e.pledge {
                match self.referenced(Field::Pledge, p, Kind::Pledge) {
                    Ok(pledge) => {
                        let goods = pledge.quantity_t.is_some();
                        if goods && e.quantity_t.is_none() {
                            take_err.push(Problem::new(Field::AmountUsd, What::PledgeOfGoods(p.clone())));
                        } else if !goods && e.amount_usd.is_none() {
                            take_err.push(Problem::new(Field::QuantityT, What::PledgeOfMoney(p.clone())));
                        }
                        take(
                            Field::Commodity,
                            &mut out.commodity,
                            pledge.commodity.as_ref(),
                            Kind::Pledge,
                            p,
                        );
                        take(Field::To, &mut out.to, pledge.to.as_ref(), Kind::Pledge, p);
                        take(Field::Fund, &mut out.fund, pledge.fund.as_ref(), Kind::Pledge, p);
                    }
                    Err(problem) => take_err.push(problem),
                }
            }
        }
        problems.append(&mut take_err);
        if e.kind == Kind::Distribution && out.from.is_none() {
            out.from.clone_from(&out.to);
        }
        if let Some(target) = &e.reverses {
            let id = match target {
                Target::Id(n) => Some(*n),
                Target::Ref(r) => {
                    if self.by_ref.contains_key(r) {
                        self.ids
                            .iter()
                            .filter(|(_, (_, rr))| rr.as_deref() == Some(r))
                            .map(|(id, _)| *id)
                            .max()
                    } else {
                        problems.push(Problem::new(
                            Field::Reverses,
                            What::UnknownReference { kind: Kind::Reversal, reference: r.clone() },
                        ));
                        None
                    }
                }
            };
            if let Some(id) = id {
                match self.ids.get(&id) {
                    None => problems.push(Problem::new(Field::Reverses, What::NoSuchEntry(id))),
                    Some((Kind::Reversal, _)) => {
                        problems.push(Problem::new(Field::Reverses, What::ReversesReversal(id)));
                    }
                    Some(_) if self.reversed.contains(&id) => {
                        problems.push(Problem::new(Field::Reverses, What::AlreadyReversed(id)));
                    }
                    Some(_) => out.reverses = Some(Target::Id(id)),
                }
            }
        }
        if problems.is_empty() { Ok(out) } else { Err(problems) }
    }
}

/// Fills `slot` from the referenced entry's value, or reports that the two differ.
fn take(
    field: Field,
    slot: &mut Option<String>,
    from: Option<&String>,
    kind: Kind,
    reference: &str,
) -> Option<Problem> {
    match (slot.as_ref(), from) {
        (Some(given), Some(expected)) if given != expected => Some(Problem::new(
            field,
            What::Mismatch {
                given: given.clone(),
                expected: expected.clone(),
                kind,
                reference: reference.to_owned(),
            },
        )),
        (None, Some(_)) => {
            *slot = from.cloned();
            None
        }
        _ => None,
    }
}

/// Batches up to this many entries read only the entries they refer to ([`mentioned`]), so
/// `ledger add` does not read a million-entry ledger; larger ones read every entry once.
pub const INCREMENTAL: usize = 64;

/// The references and entry numbers a batch's checks look up: each entry's own `ref` (is it
/// taken?), the shipment or pledge an arrival names, and what a reversal cancels.
fn mentioned(entries: &[Entry]) -> (Vec<&str>, Vec<i64>) {
    let mut refs = Vec::new();
    let mut ids = Vec::new();
    for e in entries {
        refs.extend([&e.reference, &e.shipment, &e.pledge].into_iter().flatten().map(String::as_str));
        match &e.reverses {
            Some(Target::Id(n)) => ids.push(*n),
            Some(Target::Ref(r)) => refs.push(r.as_str()),
            None => {}
        }
    }
    refs.sort_unstable();
    refs.dedup();
    (refs, ids)
}

/// What an append recorded: the numbers of the new entries, in order.
#[derive(Debug)]
pub struct Appended {
    pub ids: Vec<i64>,
}

impl Ledger {
    pub fn new(backend: Box<dyn Backend>) -> Ledger {
        Ledger { backend }
    }

    pub fn backend(&mut self) -> &mut dyn Backend {
        self.backend.as_mut()
    }

    /// Every entry, in number order.
    pub fn entries(&mut self) -> Result<Vec<Recorded>, StoreError> {
        self.backend.entries()
    }

    /// Records `entries` in one transaction: all of them, or none when any is wrong (every
    /// problem is reported). `before_commit` runs after the last insert and before the commit
    /// (tests use it to stop a process inside the transaction).
    pub fn append(
        &mut self,
        entries: &[Entry],
        catalog: &Catalog,
        audit: &Audit,
        before_commit: &dyn Fn(),
    ) -> Result<Appended, AppendError> {
        let mut problems: Vec<(usize, Problem)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            problems.extend(e.shape_problems().into_iter().map(|p| (i, p)));
            problems.extend(catalog.problems(e).into_iter().map(|p| (i, p)));
        }
        let mut tx = self.backend.write()?;
        // A few entries read only what their checks need; a large import reads everything once.
        let existing = if entries.len() <= INCREMENTAL {
            let (refs, ids) = mentioned(entries);
            tx.related(&refs, &ids)?
        } else {
            tx.entries()?
        };
        let mut index = Index::new(&existing);
        let mut ids = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            match index.resolve(e) {
                Ok(resolved) => {
                    let id = tx.insert(&resolved, audit)?;
                    index.add(id, &resolved);
                    ids.push(id);
                }
                Err(ps) => problems.extend(ps.into_iter().map(|p| (i, p))),
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|(i, _)| *i);
            // Dropping the transaction rolls it back.
            return Err(AppendError::Rejected(problems));
        }
        before_commit();
        tx.commit()?;
        Ok(Appended { ids })
    }
}
