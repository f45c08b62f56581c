//! Domain types of a humanitarian supply scenario.
//!
//! A [`Scenario`] is the validated, index-linked form of a scenario folder: every cross
//! reference is a typed index ([`NodeId`], [`LaneId`], ...) into one of the scenario's
//! vectors, so code that holds a `Scenario` never looks anything up by string. Building one
//! is the job of `hinterland-io`, which reports what is wrong with the input; this crate
//! knows no file format and no solver.
//!
//! Units are carried in field names: `_t` tonnes, `_usd` US dollars, `_per_period` per
//! planning period, `_per_100g` per 100 grams, `_g` grams.

mod calendar;
mod horizon;
mod ids;
mod scenario;
mod timing;
mod variant;

pub use calendar::{Calendar, CalendarError, Period, Step};
pub use ids::{
    CommodityId, DemandId, FundId, LaneId, MarketId, NeedId, NodeId, NutrientId, ShipmentId, SupplyId,
};
pub use scenario::*;
pub use timing::{Arrivals, LaneCost, OpeningStock, Shipment, StorageCost};
pub use variant::{
    CommoditySelector, Edit, Kind, LaneSelector, PeriodRange, Target, Variant, VariantError, apply,
    apply_edit,
};
