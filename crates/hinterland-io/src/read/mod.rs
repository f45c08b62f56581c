//! Reading a scenario: `scenario.toml` first (it defines the calendar), then the tables in
//! dependency order, each resolving its references into the tables read before it, then the
//! checks that span several tables. Every problem becomes a [`Diagnostic`]; the scenario is
//! built only when there is no error.

mod checks;
mod food;
mod idmap;
mod locate;
pub(crate) use locate::skip_to_line;
mod network;
mod no_effect;
mod people;
mod periods;
mod position;
mod quotes;
mod repeats;
mod settings;
pub(crate) mod sink;
mod table;
mod trade;
mod unused;

use hinterland_model::{Ration, Scenario};

use crate::diagnostic::Diagnostic;
use crate::schema::{COMMODITIES, NODES};
use crate::source::ScenarioSource;
pub(crate) use food::RATION_KINDS;
use periods::Periods;
use sink::Sink;
pub(crate) use table::reader_of;

/// What every table reader needs: the files, the diagnostics so far, the calendar.
pub(crate) struct Ctx<'a> {
    source: &'a ScenarioSource,
    sink: Sink,
    /// `None` when the calendar is invalid; period cells are then not resolved.
    periods: Option<Periods<'a>>,
    /// Number of periods, when the calendar is valid.
    horizon: Option<usize>,
    nonfood_weight_per_t: f64,
}

/// Without any fund, purchases are not limited by money: one unlimited fund stands in, so
/// every purchase still has a payer in the plan.
fn unbudgeted_fund() -> hinterland_model::Fund {
    hinterland_model::Fund {
        code: "unbudgeted".to_owned(),
        name: "No fund given: purchases not limited by money".to_owned(),
        amount_usd: f64::INFINITY,
        channels: None,
        pays_logistics: false,
    }
}

/// Reads and validates a scenario.
///
/// Returns every problem found, in file order, and the scenario when none of them is an
/// error (warnings allowed).
pub fn read_scenario(source: &ScenarioSource) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut sink = Sink::new(source.load_diagnostics());
    let scenario = read_into(source, &mut sink);
    (scenario, source.relocate(sink.finish()))
}

/// [`read_scenario`] into `sink`, for callers that check more afterwards.
pub(crate) fn read_into(source: &ScenarioSource, sink: &mut Sink) -> Option<Scenario> {
    let settings = settings::read(source, sink);
    let calendar = settings.as_ref().and_then(|s| s.calendar.as_ref());
    let mut cx = Ctx {
        source,
        sink: std::mem::replace(sink, Sink::new(&[])),
        periods: calendar.map(Periods::new),
        horizon: calendar.map(hinterland_model::Calendar::len),
        nonfood_weight_per_t: settings.as_ref().map_or(0.0, |s| s.nonfood_weight_per_t),
    };

    let nodes = network::read_nodes(&mut cx);
    let commodities = food::read_commodities(&mut cx);
    let nutrients = food::read_nutrients(&mut cx);
    let lanes = network::read_lanes(&mut cx, &nodes);
    let (lane_factor, lane_reasons) = network::read_availability(&mut cx, &lanes);
    let corridors = network::read_corridors(&mut cx);
    let content_per_100g = food::read_content(&mut cx, &commodities, &nutrients);
    let ration = food::read_ration(&mut cx, &commodities, &nutrients);
    let needs = people::read_needs(&mut cx, &nodes);
    let demands = people::read_demand(&mut cx, &nodes, &commodities);
    let supplies = trade::read_supply(&mut cx, &nodes, &commodities, &demands.asked);
    let markets = trade::read_markets(&mut cx, &nodes, &commodities, &demands.asked);
    let funds = trade::read_funds(&mut cx);
    let opening = position::read_stocks(&mut cx, &nodes, &commodities);
    let pipeline = position::read_pipeline(&mut cx, &nodes, &commodities);
    let lane_costs = position::read_lane_costs(&mut cx, &lanes, &commodities);
    let storage_costs = position::read_storage_costs(&mut cx, &nodes, &commodities);

    food::check_rationed(&mut cx, &nutrients, &ration);
    trade::check_channels(&mut cx, &markets, &funds);
    checks::ration_floor(&mut cx, &needs, &ration.limits);

    *sink = cx.sink;
    let (nodes_ids, commodity_ids) = (nodes.ids, commodities.ids);
    let scenario = match settings {
        Some(settings) if !sink.has_errors() => settings.calendar.map(|calendar| Scenario {
            name: settings.name,
            description: settings.description,
            currency: settings.currency,
            calendar,
            objective: settings.objective,
            allocation: settings.allocation,
            solver: settings.solver,
            nodes: nodes.list,
            lanes: lanes.list,
            lane_factor,
            lane_reasons,
            lane_bans: Vec::new(),
            corridors,
            commodities: commodities.list,
            nutrients: nutrients.list,
            content_per_100g,
            ration: Ration { limits: ration.limits },
            needs,
            demands: demands.list,
            supplies,
            markets: markets.list,
            funds: if funds.list.is_empty() { vec![unbudgeted_fund()] } else { funds.list },
            opening,
            pipeline,
            lane_costs,
            storage_costs,
        }),
        _ => None,
    };
    scenario.map(|mut s| {
        let text = source.file(COMMODITIES.name).unwrap_or_default();
        unused::drop_unused_commodities(&mut s, source, &commodity_ids, text, sink);
        checks::drop_unused_nodes(&mut s, &nodes_ids, source.file(NODES.name).unwrap_or_default(), sink);
        s
    })
}
