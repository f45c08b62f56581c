//! The scenario and its entities.

use crate::{
    Calendar, CommodityId, DemandId, FundId, LaneId, MarketId, NeedId, NodeId, NutrientId, Period, SupplyId,
};

/// What a place is. Only districts consume food; any node may hold stock if it has
/// storage capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Port,
    Border,
    Hub,
    Warehouse,
    Market,
    District,
}

impl NodeKind {
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Port,
        NodeKind::Border,
        NodeKind::Hub,
        NodeKind::Warehouse,
        NodeKind::Market,
        NodeKind::District,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Port => "port",
            NodeKind::Border => "border",
            NodeKind::Hub => "hub",
            NodeKind::Warehouse => "warehouse",
            NodeKind::Market => "market",
            NodeKind::District => "district",
        }
    }
}

/// A place in the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub code: String,
    pub name: String,
    pub kind: NodeKind,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166 alpha-2 or alpha-3 code, as the scenario writes it.
    pub country: String,
    /// Tonnes that can be held at the end of a period, all commodities together; 0 = no storage.
    pub storage_capacity_t: f64,
    /// Paid on every tonne that enters the node (arrivals, purchases, donations).
    pub handling_cost_usd_per_t: f64,
    /// Paid on every tonne held at the end of a period.
    pub storage_cost_usd_per_t_period: f64,
    /// Share of the stock lost from one period to the next, 0..1.
    pub storage_loss_per_period: f64,
}

/// How goods move on a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Road,
    Rail,
    River,
    Sea,
    Air,
}

impl Mode {
    pub const ALL: [Mode; 5] = [Mode::Road, Mode::Rail, Mode::River, Mode::Sea, Mode::Air];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Road => "road",
            Mode::Rail => "rail",
            Mode::River => "river",
            Mode::Sea => "sea",
            Mode::Air => "air",
        }
    }
}

/// A directed lane. Goods dispatched in period `t` arrive in `t + transit_periods`, or, when
/// `transit_days` is given, spread over the periods `transit_days` later (see
/// [`Scenario::arrivals`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub code: String,
    pub from: NodeId,
    pub to: NodeId,
    pub mode: Mode,
    pub distance_km: f64,
    pub cost_usd_per_t: f64,
    pub transit_periods: u32,
    /// Transit in days; when given, `transit_periods` is 0 and arrivals are split between
    /// periods (`crate::timing`).
    pub transit_days: Option<f64>,
    /// Shared by all commodities; multiplied by the period's availability factor.
    pub capacity_t_per_period: f64,
    /// Corridor label for reports (e.g. `dakar`); empty when the lane belongs to none.
    pub corridor: String,
}

/// A named corridor (lanes refer to it by their `corridor` label), with the share of the
/// country's trade the sources give it, for comparison with the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Corridor {
    pub code: String,
    pub name: String,
    /// Cited share of the country's trade on this corridor, 0..1.
    pub cited_share: Option<f64>,
}

/// Why a lane's capacity is reduced in a period (`lane_availability.csv`'s `reason`), for
/// reports: a limit on a closed lane is worded as reopening it, with this reason.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneReason {
    pub lane: LaneId,
    pub period: Period,
    pub reason: String,
}

/// A commodity that may not move on a lane in a period (a blockade); see `Scenario::lane_bans`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LaneBan {
    pub lane: LaneId,
    pub commodity: CommodityId,
    pub period: Period,
}

/// What a commodity is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommodityGroup {
    Food,
    AgriInput,
    Fuel,
    Other,
}

impl CommodityGroup {
    pub const ALL: [CommodityGroup; 4] =
        [CommodityGroup::Food, CommodityGroup::AgriInput, CommodityGroup::Fuel, CommodityGroup::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            CommodityGroup::Food => "food",
            CommodityGroup::AgriInput => "agri_input",
            CommodityGroup::Fuel => "fuel",
            CommodityGroup::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Commodity {
    pub code: String,
    pub name: String,
    pub group: CommodityGroup,
    /// Ration group (e.g. `cereal`, `pulse`) used by group bounds in the ration; may be empty.
    pub ration_group: String,
}

impl Commodity {
    pub fn is_food(&self) -> bool {
        self.group == CommodityGroup::Food
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Nutrient {
    pub code: String,
    pub name: String,
    /// Unit of the amounts, e.g. `kcal`, `g`, `mg`, `ug`.
    pub unit: String,
}

/// Bounds per person per day. `max` is `f64::INFINITY` when there is none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
}

/// What one ration limit applies to.
#[derive(Clone, Debug, PartialEq)]
pub enum RationItem {
    /// A nutrient, in the nutrient's unit per person per day.
    Nutrient(NutrientId),
    /// One commodity, in grams per person per day.
    Commodity(CommodityId),
    /// All commodities with this ration group, in grams per person per day.
    Group(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RationLimit {
    pub item: RationItem,
    pub bounds: Bounds,
    /// Share of the floor `bounds.min` that every person reached must at least receive: 1
    /// (the default) allows only full rations; 0.5 on energy is the usual reduced-ration
    /// floor; 0 makes the item optional (it then only adds to the ration's adequacy).
    pub floor_share: f64,
    /// Weight of this item's adequacy in the value of a ration (the Nutrient Value Score
    /// averages the adequacy of each nutrient, capped at 100%, with equal weights).
    pub value_weight: f64,
}

impl RationLimit {
    /// A limit with a full floor (`floor_share` 1) and weight 1.
    pub fn new(item: RationItem, bounds: Bounds) -> RationLimit {
        RationLimit { item, bounds, floor_share: 1.0, value_weight: 1.0 }
    }

    /// Whether the limit has a floor, so that it counts in the ration's adequacy.
    pub fn has_floor(&self) -> bool {
        self.bounds.min > 0.0
    }
}

/// The daily ration every person served receives, on average over a district and period.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Ration {
    pub limits: Vec<RationLimit>,
}

/// People in need in one district and period at one severity.
#[derive(Clone, Debug, PartialEq)]
pub struct Need {
    pub district: NodeId,
    pub period: Period,
    pub people: f64,
    /// Cadre Harmonisé / IPC phase, 1..=5.
    pub phase: u8,
    /// Share of the person-days that must be served, 0..1: a hard commitment.
    pub min_share: f64,
}

/// Tonnes of a (usually non-food) commodity needed at a node in a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Demand {
    pub node: NodeId,
    pub commodity: CommodityId,
    pub period: Period,
    pub quantity_t: f64,
    /// Phase-3-equivalent person-days the objective counts per tonne delivered.
    pub weight_per_t: f64,
    pub min_share: f64,
}

/// An in-kind donation: tonnes at a node, usable from a period on.
#[derive(Clone, Debug, PartialEq)]
pub struct Supply {
    pub code: String,
    pub commodity: CommodityId,
    pub node: NodeId,
    pub quantity_t: f64,
    pub available_from: Period,
    pub donor: String,
    /// The period the donation was pledged in, when known (reports say how long it took to
    /// arrive); never read by the model.
    pub pledged_period: Option<Period>,
    /// Paid per tonne called forward, to get it from the donor's hand-over point into the
    /// plan (a logistics cost, like handling).
    pub handover_cost_usd_per_t: f64,
    /// What a tonne would cost on the market, to value the donation in reports
    /// (`value_usd_per_t` in supply.csv); `None` when not given (reports then use the mean
    /// price of the commodity's market offers). Never read by the model.
    pub value_usd_per_t: Option<f64>,
}

/// Goods for sale at a node, ordered in a period.
#[derive(Clone, Debug, PartialEq)]
pub struct MarketOffer {
    pub node: NodeId,
    pub commodity: CommodityId,
    /// The period the order is placed (and paid at this price).
    pub period: Period,
    /// Periods from order to availability at `node`: goods ordered in `period` enter the
    /// plan in `period + lead_periods` (see [`Scenario::market_arrival`]).
    pub lead_periods: u32,
    pub price_usd_per_t: f64,
    pub capacity_t: f64,
    /// Purchase channel (e.g. `un`, `local`): funds list the channels they may buy through.
    pub channel: String,
}

/// A source of money.
#[derive(Clone, Debug, PartialEq)]
pub struct Fund {
    pub code: String,
    pub name: String,
    pub amount_usd: f64,
    /// Channels this fund may buy through; `None` = any channel.
    pub channels: Option<Vec<String>>,
    /// Whether transport, handling and storage may be paid from this fund.
    pub pays_logistics: bool,
}

impl Fund {
    pub fn may_buy_through(&self, channel: &str) -> bool {
        self.channels.as_ref().is_none_or(|list| list.iter().any(|c| c == channel))
    }
}

/// How service and cost are combined in one plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ObjectiveMethod {
    /// First maximise weighted service, then minimise cost without losing service.
    Lexicographic,
    /// Maximise `value_usd_per_person_day * weighted service - cost` in one solve.
    Weighted,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    pub method: ObjectiveMethod,
    /// Weight of one person-day served, by phase (index 0 = phase 1 ... 4 = phase 5).
    pub phase_weights: [f64; 5],
    /// Only for [`ObjectiveMethod::Weighted`]: US dollars one weighted person-day is worth.
    pub value_usd_per_person_day: f64,
    /// Relative slack allowed on the service optimum when cost is minimised afterwards.
    pub service_tolerance: f64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            method: ObjectiveMethod::Lexicographic,
            phase_weights: [0.25, 0.5, 1.0, 2.0, 4.0],
            value_usd_per_person_day: 5.0,
            service_tolerance: 0.0,
        }
    }
}

impl Objective {
    pub fn phase_weight(&self, phase: u8) -> f64 {
        self.phase_weights[usize::from(phase.clamp(1, 5)) - 1]
    }
}

/// How scarce food is shared among the people in need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fairness {
    /// Lexicographic max–min of coverage: within each phase, most severe first, the need row
    /// with the lowest coverage (share of its need met) is raised as far as it can be, then
    /// the next, so coverage is spread in proportion to need wherever people can be reached.
    Impartial,
    /// Maximise total phase-weighted service, wherever it is cheapest to reach.
    Utilitarian,
    /// Maximise total phase-weighted service with, within each phase, the coverage of every
    /// need row that can be reached at all no more than `max_gap` below the highest.
    Bounded,
}

impl Fairness {
    pub const ALL: [Fairness; 3] = [Fairness::Impartial, Fairness::Utilitarian, Fairness::Bounded];

    pub fn as_str(self) -> &'static str {
        match self {
            Fairness::Impartial => "impartial",
            Fairness::Utilitarian => "utilitarian",
            Fairness::Bounded => "bounded",
        }
    }
}

/// Where non-food deliveries (fertilizer, fuel) stand against food: never traded at a rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonfoodPriority {
    /// Food first; then as much non-food as the rest allows.
    AfterFood,
    /// Non-food first; then as much food as the rest allows.
    BeforeFood,
}

impl NonfoodPriority {
    pub const ALL: [NonfoodPriority; 2] = [NonfoodPriority::AfterFood, NonfoodPriority::BeforeFood];

    pub fn as_str(self) -> &'static str {
        match self {
            NonfoodPriority::AfterFood => "after-food",
            NonfoodPriority::BeforeFood => "before-food",
        }
    }
}

/// A concave, piecewise-linear value of a ration item's adequacy (the share of its floor a
/// person receives, capped at 1): breakpoints `(adequacy, value)` after `(0, 0)`, ending at
/// `(1, 1)`, with non-increasing slopes.
#[derive(Clone, Debug, PartialEq)]
pub struct AdequacyCurve {
    points: Vec<(f64, f64)>,
}

/// Why a list of breakpoints is not an adequacy curve.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum CurveError {
    #[error("the curve has no points")]
    Empty,
    #[error("adequacy `{0}` is not above the previous point's, or is above 1")]
    NotIncreasing(f64),
    #[error("the last point is `({0}, {1})`, but the curve must end at `(1, 1)`")]
    BadEnd(f64, f64),
    #[error("the slope rises at adequacy `{0}`: the value must have diminishing returns")]
    NotConcave(f64),
    #[error("the value falls at adequacy `{0}`")]
    Decreasing(f64),
}

impl AdequacyCurve {
    /// `v(r) = r`: adequacy valued as it is (the Nutrient Value Score's capped mean).
    pub fn linear() -> AdequacyCurve {
        AdequacyCurve { points: vec![(1.0, 1.0)] }
    }

    /// Checks `points` (after the implicit `(0, 0)`).
    pub fn new(points: Vec<(f64, f64)>) -> Result<AdequacyCurve, CurveError> {
        let Some(&(r_end, v_end)) = points.last() else { return Err(CurveError::Empty) };
        if (r_end - 1.0).abs() > 1e-12 || (v_end - 1.0).abs() > 1e-12 {
            return Err(CurveError::BadEnd(r_end, v_end));
        }
        let (mut r0, mut v0, mut slope) = (0.0, 0.0, f64::INFINITY);
        for &(r, v) in &points {
            if !(r > r0 && r <= 1.0) {
                return Err(CurveError::NotIncreasing(r));
            }
            if v < v0 {
                return Err(CurveError::Decreasing(r));
            }
            let s = (v - v0) / (r - r0);
            if s > slope * (1.0 + 1e-12) {
                return Err(CurveError::NotConcave(r0));
            }
            (r0, v0, slope) = (r, v, s);
        }
        Ok(AdequacyCurve { points })
    }

    /// The breakpoints after `(0, 0)`.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// `(width, slope)` of each segment.
    pub fn segments(&self) -> Vec<(f64, f64)> {
        let mut out = Vec::with_capacity(self.points.len());
        let (mut r0, mut v0) = (0.0, 0.0);
        for &(r, v) in &self.points {
            out.push((r - r0, (v - v0) / (r - r0)));
            (r0, v0) = (r, v);
        }
        out
    }

    /// Whether `v(r) = r`.
    pub fn is_linear(&self) -> bool {
        self.points.len() == 1
    }

    /// `v(r)` for `r` in `[0, 1]` (clamped).
    pub fn value(&self, r: f64) -> f64 {
        let r = r.clamp(0.0, 1.0);
        let (mut r0, mut v0) = (0.0, 0.0);
        for &(r1, v1) in &self.points {
            if r <= r1 {
                return v0 + (v1 - v0) * (r - r0) / (r1 - r0);
            }
            (r0, v0) = (r1, v1);
        }
        1.0
    }
}

/// How the plan allocates food: see `docs/scenario-format.md`, `[allocation]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Allocation {
    pub fairness: Fairness,
    pub adequacy_curve: AdequacyCurve,
    pub nonfood: NonfoodPriority,
    /// Continuity: the most a need row's coverage may fall from one period to the next inside
    /// the need window (a share; 1 = no limit, 0 = never falls).
    pub max_drop: f64,
    /// Bounded spread: the widest gap (a share; 0.05 = 5 percentage points) between the
    /// highest and the lowest coverage of reachable need rows of one phase.
    pub max_gap: f64,
}

impl Default for Allocation {
    fn default() -> Self {
        Allocation {
            fairness: Fairness::Impartial,
            adequacy_curve: AdequacyCurve::linear(),
            nonfood: NonfoodPriority::AfterFood,
            max_drop: 1.0,
            max_gap: 0.05,
        }
    }
}

/// A solver backend of `hinterland-coin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Backend {
    /// COIN-OR Clp, the LP solver.
    #[default]
    Clp,
    /// COIN-OR Cbc, branch and cut (on an LP, its LP solver).
    Cbc,
    /// HiGHS, in a `hinterland` built with the `highs` feature.
    Highs,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Clp, Backend::Cbc, Backend::Highs];

    /// The name in scenario.toml's `solver.backend` and `--solver`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Clp => "clp",
            Backend::Cbc => "cbc",
            Backend::Highs => "highs",
        }
    }

    /// The backend named `name` (as [`as_str`](Self::as_str) names it).
    pub fn from_name(name: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.as_str() == name)
    }
}

/// Which solver to use and how.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SolverSettings {
    pub backend: Backend,
    pub time_limit_s: Option<f64>,
}

/// A validated scenario. All ids index into its vectors.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub currency: String,
    pub calendar: Calendar,
    pub objective: Objective,
    pub allocation: Allocation,
    pub solver: SolverSettings,
    pub nodes: Vec<Node>,
    pub lanes: Vec<Lane>,
    /// Capacity factor of each lane in each period, 0..1, indexed `[lane][period]`.
    pub lane_factor: Vec<Vec<f64>>,
    /// The reasons given for `lane_factor` (non-empty ones only), in file order.
    pub lane_reasons: Vec<LaneReason>,
    /// Commodities that may not move on a lane in a period, sorted; empty unless a variant
    /// blocks something (scenario tables have no such column).
    pub lane_bans: Vec<LaneBan>,
    /// Corridors described in `corridors.csv` (may be empty; lanes may carry other labels).
    pub corridors: Vec<Corridor>,
    pub commodities: Vec<Commodity>,
    pub nutrients: Vec<Nutrient>,
    /// Nutrient per 100 g, indexed `[commodity][nutrient]`; 0 where the table is silent.
    pub content_per_100g: Vec<Vec<f64>>,
    pub ration: Ration,
    pub needs: Vec<Need>,
    pub demands: Vec<Demand>,
    pub supplies: Vec<Supply>,
    pub markets: Vec<MarketOffer>,
    pub funds: Vec<Fund>,
    /// Stock on hand at the start of the first period (`stocks.csv`).
    pub opening: Vec<crate::OpeningStock>,
    /// Shipments already ordered or at sea (`pipeline.csv`).
    pub pipeline: Vec<crate::Shipment>,
    /// Per-commodity lane costs, sorted by `(lane, commodity)`, one per pair.
    pub lane_costs: Vec<crate::LaneCost>,
    /// Per-commodity storage cost and loss, sorted by `(node, commodity)`, one per pair.
    pub storage_costs: Vec<crate::StorageCost>,
}

impl Scenario {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }
    pub fn lane(&self, id: LaneId) -> &Lane {
        &self.lanes[id.index()]
    }
    pub fn commodity(&self, id: CommodityId) -> &Commodity {
        &self.commodities[id.index()]
    }
    pub fn nutrient(&self, id: NutrientId) -> &Nutrient {
        &self.nutrients[id.index()]
    }
    pub fn need(&self, id: NeedId) -> &Need {
        &self.needs[id.index()]
    }
    pub fn demand(&self, id: DemandId) -> &Demand {
        &self.demands[id.index()]
    }
    pub fn supply(&self, id: SupplyId) -> &Supply {
        &self.supplies[id.index()]
    }
    pub fn market(&self, id: MarketId) -> &MarketOffer {
        &self.markets[id.index()]
    }
    pub fn fund(&self, id: FundId) -> &Fund {
        &self.funds[id.index()]
    }

    /// Capacity of a lane in a period: nominal capacity times the availability factor. A
    /// closed lane (factor 0) has capacity 0 even when its nominal capacity is unlimited.
    pub fn lane_capacity(&self, lane: LaneId, period: Period) -> f64 {
        let factor = self.lane_factor[lane.index()][period.index()];
        if factor == 0.0 { 0.0 } else { self.lanes[lane.index()].capacity_t_per_period * factor }
    }

    /// Whether a lane is closed in a period (availability factor 0).
    pub fn lane_closed(&self, lane: LaneId, period: Period) -> bool {
        self.lane_factor[lane.index()][period.index()] == 0.0
    }

    /// The reasons given for a lane's availability in a period, `; `-separated; `None`
    /// when none was given.
    pub fn lane_reason(&self, lane: LaneId, period: Period) -> Option<String> {
        let reasons: Vec<&str> = self
            .lane_reasons
            .iter()
            .filter(|r| r.lane == lane && r.period == period)
            .map(|r| r.reason.as_str())
            .collect();
        if reasons.is_empty() { None } else { Some(reasons.join("; ")) }
    }

    pub fn node_ids(&self) -> impl ExactSizeIterator<Item = NodeId> + use<> {
        (0..self.nodes.len()).map(NodeId::from_index)
    }
    pub fn lane_ids(&self) -> impl ExactSizeIterator<Item = LaneId> + use<> {
        (0..self.lanes.len()).map(LaneId::from_index)
    }
    pub fn commodity_ids(&self) -> impl ExactSizeIterator<Item = CommodityId> + use<> {
        (0..self.commodities.len()).map(CommodityId::from_index)
    }
    pub fn nutrient_ids(&self) -> impl ExactSizeIterator<Item = NutrientId> + use<> {
        (0..self.nutrients.len()).map(NutrientId::from_index)
    }
    pub fn need_ids(&self) -> impl ExactSizeIterator<Item = NeedId> + use<> {
        (0..self.needs.len()).map(NeedId::from_index)
    }
    pub fn demand_ids(&self) -> impl ExactSizeIterator<Item = DemandId> + use<> {
        (0..self.demands.len()).map(DemandId::from_index)
    }
    pub fn supply_ids(&self) -> impl ExactSizeIterator<Item = SupplyId> + use<> {
        (0..self.supplies.len()).map(SupplyId::from_index)
    }
    pub fn market_ids(&self) -> impl ExactSizeIterator<Item = MarketId> + use<> {
        (0..self.markets.len()).map(MarketId::from_index)
    }
    pub fn fund_ids(&self) -> impl ExactSizeIterator<Item = FundId> + use<> {
        (0..self.funds.len()).map(FundId::from_index)
    }

    /// Commodities in a ration item, in grams-per-person-day terms.
    pub fn ration_item_commodities(&self, item: &RationItem) -> Vec<CommodityId> {
        match item {
            RationItem::Nutrient(_) => Vec::new(),
            RationItem::Commodity(c) => vec![*c],
            RationItem::Group(g) => {
                self.commodity_ids().filter(|c| self.commodity(*c).ration_group == *g).collect()
            }
        }
    }

    /// Whether a variant forbids moving `commodity` on `lane` in `period`.
    pub fn is_banned(&self, lane: LaneId, commodity: CommodityId, period: Period) -> bool {
        self.lane_bans.binary_search(&LaneBan { lane, commodity, period }).is_ok()
    }

    /// Person-days in need for a need row.
    pub fn need_person_days(&self, id: NeedId) -> f64 {
        let need = self.need(id);
        need.people * self.calendar.days(need.period)
    }
}

/// Grams in a tonne; nutrient content is per 100 g, so a tonne holds `1e4` such portions.
pub const PORTIONS_OF_100G_PER_T: f64 = 1e4;
/// Tonnes in a gram.
pub const T_PER_G: f64 = 1e-6;
