//! The plan's corridor split against the trade shares the sources cite (`corridors.csv`),
//! per commodity group, with the reasons the plan differs.
//!
//! A corridor's port→border cost is the cheapest route from a port to the corridor's border
//! post (a node of kind `border` on one of its lanes), and the route's legs are named, so a
//! leg beyond the border (Kidira → Kayes on the Dakar corridor) is never counted silently.
//! A corridor without a border post ends at the first node inside the country. Where goods
//! are bought or donated decides their corridor as much as costs do (fertilizer bought at
//! Abidjan enters by Abidjan), so the reasons are given per commodity group (food, agri
//! inputs, fuel, other): tonnes entering on the corridor and where the group was sourced.

use hinterland_model::{CommodityGroup, LaneId, NodeKind, Scenario};
use hinterland_plan::Plan;
use hinterland_plan::explain::human;

use crate::tables::{by_corridor, planned_country};

/// The name of a commodity group for people.
pub fn group_label(g: CommodityGroup) -> &'static str {
    match g {
        CommodityGroup::Food => "food",
        CommodityGroup::AgriInput => "agri inputs",
        CommodityGroup::Fuel => "fuel",
        CommodityGroup::Other => "other goods",
    }
}

/// One commodity group on one corridor.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupShare {
    pub group: CommodityGroup,
    /// Tonnes of the group entering the country on this corridor.
    pub tonnes: f64,
    /// Tonnes of the group entering the country on any lane.
    pub group_total_t: f64,
    /// Tonnes of the group bought or donated at this corridor's ports.
    pub sourced_here_t: f64,
    /// Tonnes of the group bought or donated at other corridors' ports, by port name.
    pub sourced_elsewhere: Vec<(String, f64)>,
}

/// A corridor's share of the plan against the share the sources cite, with the reasons the
/// plan differs.
#[derive(Clone, Debug, PartialEq)]
pub struct CorridorComparison {
    pub corridor: String,
    pub name: String,
    pub plan_tonnes: f64,
    pub plan_share: f64,
    pub cited_share: Option<f64>,
    /// Transport cost of [`route`](Self::route), US$/t (None: no port reaches the border).
    pub port_to_border_usd_per_t: Option<f64>,
    /// The legs of the cheapest route from a port to the corridor's border post, port first.
    pub route: Vec<LaneId>,
    /// Periods in which some lane of the corridor is closed or cut.
    pub periods_cut: usize,
    /// Lane-periods of the corridor whose capacity binds (confirmed, non-degenerate duals).
    pub binding_capacities: usize,
    /// Tonnes bought or donated at the corridor's ports.
    pub supply_at_ports_t: f64,
    /// Per commodity group that enters the country, in [`CommodityGroup::ALL`] order.
    pub groups: Vec<GroupShare>,
    /// Plain-words reasons when the plan share differs from the cited share by more than
    /// 10 percentage points: seasons, capacities, the port→border cost with its legs named,
    /// then one per commodity group.
    pub reasons: Vec<String>,
}

/// A corridor's row as the summary and the report show it: name, tonnes entering, the
/// plan's share, the cited share, the port→border cost in US$/t (`–` where there is none).
pub fn cells(names: &crate::names::Names, c: &CorridorComparison) -> Vec<String> {
    // `+ 0.0` turns a negative zero into a plain zero.
    let whole = |v: f64| format!("{:.0}%", (100.0 * v).max(0.0) + 0.0);
    vec![
        names.corridor(&c.corridor),
        human(c.plan_tonnes),
        whole(c.plan_share),
        c.cited_share.map_or_else(|| "–".to_owned(), whole),
        c.port_to_border_usd_per_t.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}")),
    ]
}

/// A route's legs for people: "dakar_kidira: Port of Dakar → Kidira/Diboli border post,
/// US$ 40.57/t".
pub fn legs(s: &Scenario, route: &[LaneId]) -> String {
    route
        .iter()
        .map(|&l| {
            let lane = s.lane(l);
            format!(
                "{}: {} → {}, US$ {:.2}/t",
                lane.code,
                s.node(lane.from).name,
                s.node(lane.to).name,
                lane.cost_usd_per_t
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Cheapest cost from any port outside `country` to every node, over lanes that leave from
/// outside the country, with the lane that reaches each node (Bellman–Ford: the networks are
/// small, and lane costs are not negative).
fn from_ports(s: &Scenario, country: &str) -> (Vec<f64>, Vec<Option<LaneId>>) {
    let mut dist = vec![f64::INFINITY; s.nodes.len()];
    let mut via = vec![None; s.nodes.len()];
    for (i, n) in s.nodes.iter().enumerate() {
        if n.kind == NodeKind::Port && n.country != country {
            dist[i] = 0.0;
        }
    }
    for _ in 0..s.nodes.len() {
        let mut changed = false;
        for l in s.lane_ids() {
            let lane = s.lane(l);
            if s.node(lane.from).country == country {
                continue;
            }
            let d = dist[lane.from.index()] + lane.cost_usd_per_t;
            if d < dist[lane.to.index()] {
                dist[lane.to.index()] = d;
                via[lane.to.index()] = Some(l);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (dist, via)
}

/// The lanes of the cheapest route to `node`, port first.
fn route_to(s: &Scenario, via: &[Option<LaneId>], node: usize) -> Vec<LaneId> {
    let mut route = Vec::new();
    let mut at = node;
    while let Some(l) = via[at] {
        if route.len() > s.lanes.len() {
            break; // a cycle of zero-cost lanes; the costs are still right
        }
        route.push(l);
        at = s.lane(l).from.index();
    }
    route.reverse();
    route
}

/// Compares the plan's corridor split with `corridors.csv`.
pub fn corridor_comparison(s: &Scenario, plan: &Plan) -> Vec<CorridorComparison> {
    use hinterland_plan::RowKey;
    let country = planned_country(s);
    let by_corridor = by_corridor(s, plan);
    let total: f64 = by_corridor.iter().map(|c| c.tonnes).sum();
    let (dist, via) = from_ports(s, &country);
    // Tonnes entering per corridor label and group; sourced per node and group.
    let label = |l: LaneId| {
        let lane = s.lane(l);
        if lane.corridor.is_empty() { lane.code.clone() } else { lane.corridor.clone() }
    };
    let gi = |g: CommodityGroup| CommodityGroup::ALL.iter().position(|x| *x == g).expect("a group");
    let mut entering: std::collections::BTreeMap<String, [f64; 4]> = std::collections::BTreeMap::new();
    let mut group_total = [0.0; 4];
    for f in &plan.flows {
        let l = s.lane(f.lane);
        if s.node(l.to).country == country && s.node(l.from).country != country {
            let g = gi(s.commodity(f.commodity).group);
            entering.entry(label(f.lane)).or_default()[g] += f.tonnes;
            group_total[g] += f.tonnes;
        }
    }
    let mut sourced = vec![[0.0; 4]; s.nodes.len()];
    for p in &plan.purchases {
        let m = s.market(p.market);
        sourced[m.node.index()][gi(s.commodity(m.commodity).group)] += p.tonnes;
    }
    for d in &plan.draws {
        let x = s.supply(d.supply);
        sourced[x.node.index()][gi(s.commodity(x.commodity).group)] += d.tonnes;
    }
    let ports_of = |code: &str| {
        let mut ports: Vec<usize> = s
            .lanes
            .iter()
            .filter(|l| l.corridor == code)
            .map(|l| l.from.index())
            .filter(|&n| s.nodes[n].kind == NodeKind::Port)
            .collect();
        ports.sort_unstable();
        ports.dedup();
        ports
    };
    let mut all_ports: Vec<usize> = s.corridors.iter().flat_map(|c| ports_of(&c.code)).collect();
    all_ports.sort_unstable();
    all_ports.dedup();
    let mut rows: Vec<CorridorComparison> = s
        .corridors
        .iter()
        .map(|c| {
            let lanes: Vec<usize> = (0..s.lanes.len()).filter(|&i| s.lanes[i].corridor == c.code).collect();
            // The corridor's border posts; without one, the first nodes inside the country.
            let mut ends: Vec<usize> = lanes
                .iter()
                .flat_map(|&i| [s.lanes[i].from.index(), s.lanes[i].to.index()])
                .filter(|&n| s.nodes[n].kind == NodeKind::Border)
                .collect();
            if ends.is_empty() {
                ends = lanes
                    .iter()
                    .map(|&i| &s.lanes[i])
                    .filter(|l| s.node(l.from).country != country && s.node(l.to).country == country)
                    .map(|l| l.to.index())
                    .collect();
            }
            let end = ends
                .into_iter()
                .filter(|&n| dist[n].is_finite())
                .min_by(|&a, &b| dist[a].total_cmp(&dist[b]));
            let periods_cut = s
                .calendar
                .periods()
                .filter(|t| lanes.iter().any(|&i| s.lane_factor[i][t.index()] < 1.0))
                .count();
            let binding_capacities = plan
                .shadow_prices
                .iter()
                .filter(|p| !p.is_degenerate())
                .filter(
                    |p| matches!(p.row, RowKey::LaneCapacity { lane, .. } if s.lane(lane).corridor == c.code),
                )
                .count();
            let ports = ports_of(&c.code);
            // `+ 0.0`: an empty sum is −0.0, which would print as "-0%".
            let plan_tonnes: f64 =
                by_corridor.iter().filter(|r| r.corridor == c.code).map(|r| r.tonnes).sum::<f64>() + 0.0;
            let here = entering.get(&c.code).copied().unwrap_or_default();
            let groups = CommodityGroup::ALL
                .iter()
                .enumerate()
                .filter(|(g, _)| group_total[*g] > 0.0)
                .map(|(g, &group)| GroupShare {
                    group,
                    tonnes: here[g],
                    group_total_t: group_total[g],
                    sourced_here_t: ports.iter().map(|&n| sourced[n][g]).sum(),
                    sourced_elsewhere: all_ports
                        .iter()
                        .filter(|n| !ports.contains(n))
                        .map(|&n| (s.nodes[n].name.clone(), sourced[n][g]))
                        .filter(|(_, t)| *t > 0.0)
                        .collect(),
                })
                .collect();
            CorridorComparison {
                corridor: c.code.clone(),
                name: c.name.clone(),
                plan_tonnes,
                plan_share: if total > 0.0 { plan_tonnes / total } else { 0.0 },
                cited_share: c.cited_share,
                port_to_border_usd_per_t: end.map(|n| dist[n]),
                route: end.map(|n| route_to(s, &via, n)).unwrap_or_default(),
                periods_cut,
                binding_capacities,
                supply_at_ports_t: ports.iter().map(|&n| sourced[n].iter().sum::<f64>()).sum(),
                groups,
                reasons: Vec::new(),
            }
        })
        .collect();
    let cheapest = rows
        .iter()
        .filter_map(|r| r.port_to_border_usd_per_t.map(|c| (c, r.name.clone(), r.route.clone())))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let periods = s.calendar.len();
    for r in &mut rows {
        let Some(cited) = r.cited_share else { continue };
        let gap = r.plan_share - cited;
        if gap.abs() <= 0.10 {
            continue;
        }
        let own = r.port_to_border_usd_per_t;
        if gap < 0.0 {
            if r.periods_cut > 0 {
                r.reasons.push(format!(
                    "season or closure: lanes cut or closed in {} of {periods} periods",
                    r.periods_cut
                ));
            }
            if r.binding_capacities > 0 {
                r.reasons.push(format!("capacity: {} lane-period limits bind", r.binding_capacities));
            }
            match (&cheapest, own) {
                (Some((best, code, route)), Some(own)) if own > best + 1e-9 => r.reasons.push(format!(
                    "cost: US$ {own:.2}/t from port to border ({}) against US$ {best:.2}/t via {code} ({})",
                    legs(s, &r.route),
                    legs(s, route)
                )),
                (_, None) => r.reasons.push("no lane from a port reaches its border crossing".to_owned()),
                _ => {}
            }
        } else if let (Some((best, _, _)), Some(own)) = (&cheapest, own) {
            // A dearer route is no reason to carry more: only the cheapest says so.
            if (own - best).abs() < 1e-9 {
                r.reasons.push(format!(
                    "cost: cheapest port-to-border route (US$ {own:.2}/t: {})",
                    legs(s, &r.route)
                ));
            }
        }
        let by_group: Vec<String> = r.groups.iter().map(group_reason).collect();
        r.reasons.extend(by_group);
        if r.reasons.is_empty() {
            r.reasons.push(
                "humanitarian cargo is a small part of the corridor's traffic; the plan needs less".into(),
            );
        }
    }
    rows
}

/// "agri inputs: 0 of 18,000 t entering (0%); sourced: 18,000 t at Port of Abidjan".
fn group_reason(g: &GroupShare) -> String {
    let share = if g.group_total_t > 0.0 { 100.0 * g.tonnes / g.group_total_t } else { 0.0 };
    let mut out = format!(
        "{}: {} of {} t entering ({share:.0}%)",
        group_label(g.group),
        human(g.tonnes),
        human(g.group_total_t)
    );
    let mut sources = Vec::new();
    if g.sourced_here_t > 0.0 {
        sources.push(format!("{} t at its port(s)", human(g.sourced_here_t)));
    }
    for (port, t) in &g.sourced_elsewhere {
        sources.push(format!("{} t at {port}", human(*t)));
    }
    if !sources.is_empty() {
        out.push_str("; bought or donated: ");
        out.push_str(&sources.join(", "));
    }
    out
}
