//! A synthetic landlocked country, as tables: ports abroad, corridors through border posts to
//! inland hubs, warehouses beside the hubs, a seasonal river between some hubs, district lanes
//! cut by the rainy season, local and international markets, two funds, people in need in
//! phases 3–5, fertilizer and fuel demand, and one in-kind donation.
//!
//! Sizes scale with the number of districts; capacities and budgets scale with the tonnage
//! people need, so that a plan at any size has a shortfall and binding limits.

use chrono::Datelike;
use hinterland_model::{Calendar, Period};

use crate::Options;
use crate::catalogue::{Commodity, Group, commodities};
use crate::rng::Rng;

/// An inclusive run of period indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub from: u32,
    pub to: u32,
}

impl Span {
    pub fn len(self) -> usize {
        (self.to - self.from + 1) as usize
    }
}

#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    pub storage_t: f64,
    pub handling_usd_per_t: f64,
    pub storage_usd_per_t_period: f64,
    pub loss_per_period: f64,
}

#[derive(Clone, Debug)]
pub struct Lane {
    pub id: String,
    pub from: usize,
    pub to: usize,
    pub mode: &'static str,
    pub km: f64,
    pub cost_usd_per_t: f64,
    pub transit: u32,
    /// `f64::INFINITY` for no limit.
    pub capacity_t: f64,
    pub corridor: String,
}

#[derive(Clone, Debug)]
pub struct Availability {
    pub lane: usize,
    pub span: Span,
    pub factor: f64,
    pub reason: &'static str,
}

#[derive(Clone, Debug)]
pub struct Need {
    pub district: usize,
    pub span: Span,
    pub people: f64,
    pub phase: u8,
    pub min_share: f64,
}

#[derive(Clone, Debug)]
pub struct Demand {
    pub node: usize,
    pub commodity: usize,
    pub span: Span,
    pub quantity_t: f64,
}

#[derive(Clone, Debug)]
pub struct Market {
    pub node: usize,
    pub commodity: usize,
    pub price_usd_per_t: f64,
    pub capacity_t: f64,
    pub channel: &'static str,
}

#[derive(Clone, Debug)]
pub struct Donation {
    pub commodity: usize,
    pub node: usize,
    pub quantity_t: f64,
    pub from: u32,
}

#[derive(Clone, Debug)]
pub struct Fund {
    pub id: &'static str,
    pub name: &'static str,
    pub amount_usd: f64,
    pub channels: &'static [&'static str],
    pub pays_logistics: bool,
}

impl Fund {
    pub fn may_buy_through(&self, channel: &str) -> bool {
        self.channels.contains(&channel)
    }
}

/// Every table of the scenario, before rendering.
#[derive(Clone, Debug)]
pub struct Country {
    pub options: Options,
    pub calendar: Calendar,
    pub commodities: Vec<Commodity>,
    pub nodes: Vec<Node>,
    pub lanes: Vec<Lane>,
    pub availability: Vec<Availability>,
    pub needs: Vec<Need>,
    pub demand: Vec<Demand>,
    /// Offers hold in every period (`*`).
    pub markets: Vec<Market>,
    pub donation: Option<Donation>,
    pub funds: Vec<Fund>,
}

/// Tonnes of food per person-day used to size capacities and budgets (a full ration is about
/// 550–600 g).
const T_PER_PERSON_DAY: f64 = 0.000_58;

/// The inland country's box (degrees) and its ISO user-assigned code.
const LAT: (f64, f64) = (11.0, 20.0);
const LON: (f64, f64) = (-5.0, 5.0);
const HOME: &str = "XL";
const ABROAD: &[u8] = b"ABCDEFGHIJKMNOPQRSTUVWYZ";

fn km(a: &Node, b: &Node) -> f64 {
    let (la1, lo1, la2, lo2) =
        (a.lat.to_radians(), a.lon.to_radians(), b.lat.to_radians(), b.lon.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    // Great circle times 1.3 for the road's detours; at least 5 km.
    (2.0 * 6371.0 * h.sqrt().asin() * 1.3).max(5.0)
}

/// Contiguous runs of periods where `f` gives the same value other than `skip`.
pub fn runs(t: u32, f: impl Fn(u32) -> f64, skip: f64) -> Vec<(Span, f64)> {
    let mut out: Vec<(Span, f64)> = Vec::new();
    for p in 0..t {
        let v = f(p);
        if v == skip {
            continue;
        }
        match out.last_mut() {
            Some((span, last)) if *last == v && span.to + 1 == p => span.to = p,
            _ => out.push((Span { from: p, to: p }, v)),
        }
    }
    out
}

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// Builds the country for `o`.
pub fn build(o: &Options) -> Country {
    let mut rng = Rng::new(o.seed);
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date");
    let calendar = Calendar::new(start, o.step, o.periods).expect("generator options are checked");
    let t = o.periods;
    let month = |p: u32| calendar.first_day(Period(p)).month();
    let weekly = o.step != hinterland_model::Step::Month;
    let days = |p: u32| calendar.days(Period(p));
    let goods = commodities(o.commodities);
    let foods: Vec<usize> = (0..goods.len()).filter(|&c| goods[c].is_food()).collect();
    let hubs = o.hubs();

    let mut nodes: Vec<Node> = Vec::new();
    let node = |id: String, name: String, kind, lat, lon, country: &str| Node {
        id,
        name,
        kind,
        lat,
        lon,
        country: country.to_owned(),
        storage_t: 0.0,
        handling_usd_per_t: 0.0,
        storage_usd_per_t_period: 0.0,
        loss_per_period: 0.0,
    };

    // Ports on the coasts to the west and south, one border post each.
    let mut port_ix = Vec::new();
    let mut border_ix = Vec::new();
    for p in 0..o.ports {
        let (lat, lon) = if p == 0 {
            (14.7, -17.4)
        } else {
            let x = if o.ports > 2 { (p - 1) as f64 / (o.ports - 2) as f64 } else { 0.5 };
            (5.2 + rng.range(0.0, 1.0), -13.0 + 15.0 * x)
        };
        let country = format!("X{}", ABROAD[p % ABROAD.len()] as char);
        let mut port = node(format!("port_{p}"), format!("Port {p}"), "port", lat, lon, &country);
        port.handling_usd_per_t = 20.6;
        port_ix.push(nodes.len());
        nodes.push(port);
        let (blat, blon) = (lat.clamp(LAT.0, LAT.1), lon.clamp(LON.0, LON.1));
        border_ix.push(nodes.len());
        nodes.push(node(format!("border_{p}"), format!("Border post {p}"), "border", blat, blon, HOME));
    }
    // Inland hubs, west to east, each with a warehouse beside it.
    let mut hub_pos: Vec<(f64, f64)> = (0..hubs)
        .map(|_| (rng.range(LAT.0 + 0.5, LAT.1 - 1.0), rng.range(LON.0 + 0.5, LON.1 - 0.5)))
        .collect();
    hub_pos.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut hub_ix = Vec::new();
    let mut wh_ix = Vec::new();
    for (h, &(lat, lon)) in hub_pos.iter().enumerate() {
        let mut hub = node(format!("hub_{h}"), format!("Hub {h}"), "hub", lat, lon, HOME);
        hub.handling_usd_per_t = 4.0;
        hub_ix.push(nodes.len());
        nodes.push(hub);
        let mut wh =
            node(format!("wh_{h}"), format!("Warehouse {h}"), "warehouse", lat + 0.01, lon + 0.01, HOME);
        wh.handling_usd_per_t = 2.5;
        wh.storage_usd_per_t_period = if weekly { 0.3 } else { 1.2 };
        wh.loss_per_period = if weekly { 0.0025 } else { 0.01 };
        wh_ix.push(nodes.len());
        nodes.push(wh);
    }
    // Districts, each served by its nearest hub (and every fifth by the second nearest too).
    let mut district_ix = Vec::new();
    let mut home_hub = Vec::new();
    let mut second_hub = Vec::new();
    for d in 0..o.districts {
        let n = node(
            format!("d_{d}"),
            format!("District {d}"),
            "district",
            rng.range(LAT.0, LAT.1),
            rng.range(LON.0, LON.1),
            HOME,
        );
        let mut by_distance: Vec<(f64, usize)> = (0..hubs).map(|h| (km(&n, &nodes[hub_ix[h]]), h)).collect();
        by_distance.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        home_hub.push(by_distance[0].1);
        second_hub.push(by_distance.get(1).filter(|_| d % 5 == 4).map(|x| x.1));
        district_ix.push(nodes.len());
        nodes.push(n);
    }

    // People in need: a year-round phase-3 caseload, more in the lean season (June–September),
    // phase 4 in the lean season, and a few pockets of phase 5 with a hard commitment.
    let lean: Vec<Span> = runs(t, |p| if (6..=9).contains(&month(p)) { 1.0 } else { 0.0 }, 0.0)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let all = Span { from: 0, to: t - 1 };
    let mut needs = Vec::new();
    // Tonnes of food needed per district and period, to size capacities.
    let mut need_t = vec![vec![0.0; t as usize]; o.districts];
    for d in 0..o.districts {
        let population = round_to(rng.range(40_000.0, 400_000.0), 10.0);
        let base = round_to(population * rng.range(0.03, 0.10), 1.0);
        let lean3 = round_to(population * rng.range(0.05, 0.15), 1.0);
        let lean4 = round_to(population * rng.range(0.0, 0.06), 1.0);
        let lean5 = if rng.chance(0.1) { round_to(population * rng.range(0.002, 0.01), 1.0) } else { 0.0 };
        needs.push(Need { district: district_ix[d], span: all, people: base, phase: 3, min_share: 0.0 });
        for &span in &lean {
            needs.push(Need { district: district_ix[d], span, people: lean3, phase: 3, min_share: 0.0 });
            if lean4 > 0.0 {
                needs.push(Need { district: district_ix[d], span, people: lean4, phase: 4, min_share: 0.0 });
            }
            if lean5 > 0.0 {
                needs.push(Need { district: district_ix[d], span, people: lean5, phase: 5, min_share: 0.05 });
            }
        }
        for p in 0..t {
            let in_lean = (6..=9).contains(&month(p));
            let people = base + if in_lean { lean3 + lean4 + lean5 } else { 0.0 };
            need_t[d][p as usize] = people * days(p) * T_PER_PERSON_DAY;
        }
    }
    let total_need_t: f64 = need_t.iter().flatten().sum();
    let period_need_t: Vec<f64> = (0..t as usize).map(|p| need_t.iter().map(|row| row[p]).sum()).collect();
    let peak_period_need_t = period_need_t.iter().copied().fold(0.0, f64::max);
    let mut hub_need_t = vec![0.0; hubs];
    for d in 0..o.districts {
        hub_need_t[home_hub[d]] += need_t[d].iter().copied().fold(0.0, f64::max);
    }

    let mut lanes: Vec<Lane> = Vec::new();
    let mut lane =
        |id: String, from: usize, to: usize, mode: &'static str, per_km: f64, cap: f64, corridor: &str| {
            let distance = km(&nodes[from], &nodes[to]);
            let slow = match mode {
                "rail" | "river" => 300.0,
                _ => 600.0,
            };
            lanes.push(Lane {
                id,
                from,
                to,
                mode,
                km: (distance * 10.0).round() / 10.0,
                cost_usd_per_t: (distance * per_km * 100.0).round() / 100.0,
                transit: u32::from(weekly && distance > slow),
                capacity_t: cap,
                corridor: corridor.to_owned(),
            });
            lanes.len() - 1
        };
    // Corridors: port → border → the two hubs nearest the border. Together they carry about
    // 85% of the peak need, so imports bind in the lean season.
    let nearest_hubs = |b: usize| {
        let mut v: Vec<(f64, usize)> = (0..hubs).map(|h| (km(&nodes[b], &nodes[hub_ix[h]]), h)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        v.into_iter().take(2).map(|x| x.1).collect::<Vec<_>>()
    };
    let corridor_caps: Vec<f64> = (0..o.ports)
        .map(|_| round_to(0.85 * peak_period_need_t / o.ports as f64 * rng.range(0.6, 1.4), 1.0).max(10.0))
        .collect();
    let mut border_targets = Vec::new();
    for p in 0..o.ports {
        border_targets.push(nearest_hubs(border_ix[p]));
    }
    let mut rainy_lanes = Vec::new();
    let mut river_lanes = Vec::new();
    for p in 0..o.ports {
        let corridor = format!("corridor_{p}");
        let cap = corridor_caps[p];
        lane(format!("road_port{p}_border{p}"), port_ix[p], border_ix[p], "road", 0.06, cap, &corridor);
        if p == 0 {
            let rail_cap = round_to(0.25 * cap, 1.0).max(1.0);
            lane(
                format!("rail_port{p}_border{p}"),
                port_ix[p],
                border_ix[p],
                "rail",
                0.045,
                rail_cap,
                &corridor,
            );
        }
        for &h in &border_targets[p] {
            lane(format!("road_border{p}_hub{h}"), border_ix[p], hub_ix[h], "road", 0.06, cap, &corridor);
        }
    }
    // Trunk roads between neighbouring hubs, both ways; a river joins the western half of
    // the hubs, navigable from August to January.
    for h in 1..hubs {
        let cap = round_to(0.5 * peak_period_need_t / hubs as f64 * rng.range(0.8, 1.5), 1.0).max(10.0);
        lane(format!("road_hub{}_hub{h}", h - 1), hub_ix[h - 1], hub_ix[h], "road", 0.06, cap, "");
        lane(format!("road_hub{h}_hub{}", h - 1), hub_ix[h], hub_ix[h - 1], "road", 0.06, cap, "");
        if h <= hubs / 2 {
            let cap = round_to(0.3 * peak_period_need_t / hubs as f64, 1.0).max(10.0);
            river_lanes.push(lane(
                format!("river_hub{}_hub{h}", h - 1),
                hub_ix[h - 1],
                hub_ix[h],
                "river",
                0.035,
                cap,
                "",
            ));
            river_lanes.push(lane(
                format!("river_hub{h}_hub{}", h - 1),
                hub_ix[h],
                hub_ix[h - 1],
                "river",
                0.035,
                cap,
                "",
            ));
        }
    }
    for h in 0..hubs {
        lane(format!("in_hub{h}"), hub_ix[h], wh_ix[h], "road", 0.5, f64::INFINITY, "");
        lane(format!("out_hub{h}"), wh_ix[h], hub_ix[h], "road", 0.5, f64::INFINITY, "");
    }
    // District lanes: 1.3 × the district's peak need, four in ten cut by the rains.
    for d in 0..o.districts {
        let peak = need_t[d].iter().copied().fold(0.0, f64::max);
        let mut serve = |h: usize, share: f64, rng: &mut Rng| {
            let cap = round_to(share * peak * rng.range(0.8, 1.2), 1.0).max(1.0);
            let l = lane(format!("road_hub{h}_d{d}"), hub_ix[h], district_ix[d], "road", 0.09, cap, "");
            if rng.chance(0.4) {
                rainy_lanes.push(l);
            }
        };
        serve(home_hub[d], 1.3, &mut rng);
        if let Some(h) = second_hub[d] {
            serve(h, 0.5, &mut rng);
        }
    }

    let mut availability = Vec::new();
    for &l in &river_lanes {
        for (span, factor) in runs(t, |p| if (2..=7).contains(&month(p)) { 0.0 } else { 1.0 }, 1.0) {
            availability.push(Availability { lane: l, span, factor, reason: "low water" });
        }
    }
    rainy_lanes.sort_unstable();
    for &l in &rainy_lanes {
        let factor = |p| match month(p) {
            7 | 8 => 0.3,
            6 | 9 => 0.65,
            _ => 1.0,
        };
        for (span, factor) in runs(t, factor, 1.0) {
            availability.push(Availability { lane: l, span, factor, reason: "rainy season" });
        }
    }

    // Warehouses hold up to a month of their region's peak need.
    for h in 0..hubs {
        let per_period = hub_need_t[h] * if weekly { 7.0 / 30.0 } else { 1.0 };
        nodes[wh_ix[h]].storage_t = round_to(per_period * rng.range(0.5, 1.0), 1.0).max(10.0);
    }

    // Markets: everything importable at every port, local food at every hub.
    let mut markets = Vec::new();
    for (c, g) in goods.iter().enumerate() {
        if let Some(price) = g.import_usd_per_t {
            for &port in &port_ix {
                let channel = if g.is_food() { "un" } else { "commercial" };
                let price = round_to(price * rng.range(0.95, 1.1), 0.5);
                markets.push(Market {
                    node: port,
                    commodity: c,
                    price_usd_per_t: price,
                    capacity_t: f64::INFINITY,
                    channel,
                });
            }
        }
    }
    for h in 0..hubs {
        for (c, g) in goods.iter().enumerate() {
            if let Some(price) = g.local_usd_per_t {
                let per_period = hub_need_t[h] * if weekly { 7.0 / 30.0 } else { 1.0 };
                let cap = round_to(0.12 * per_period * rng.range(0.5, 1.5), 1.0).max(5.0);
                let price = round_to(price * rng.range(0.9, 1.15), 0.5);
                markets.push(Market {
                    node: hub_ix[h],
                    commodity: c,
                    price_usd_per_t: price,
                    capacity_t: cap,
                    channel: "local",
                });
            }
        }
    }

    // Non-food demand: fertilizer in a third of the districts at planting (May–July), fuel at
    // every hub through the rains (June–September).
    let mut demand = Vec::new();
    let planting = runs(t, |p| if (5..=7).contains(&month(p)) { 1.0 } else { 0.0 }, 0.0);
    let rains = runs(t, |p| if (6..=9).contains(&month(p)) { 1.0 } else { 0.0 }, 0.0);
    let scale = if weekly { 0.25 } else { 1.0 };
    let mut nonfood_t = 0.0;
    for (c, g) in goods.iter().enumerate() {
        match g.group {
            Group::Food => {}
            Group::AgriInput => {
                for d in (0..o.districts).filter(|d| d % 3 == 0) {
                    let q = round_to(rng.range(20.0, 200.0) * scale, 0.5).max(0.5);
                    for &(span, _) in &planting {
                        nonfood_t += q * span.len() as f64;
                        demand.push(Demand { node: district_ix[d], commodity: c, span, quantity_t: q });
                    }
                }
            }
            Group::Fuel => {
                for h in 0..hubs {
                    let q = round_to(rng.range(10.0, 60.0) * scale, 0.5).max(0.5);
                    for &(span, _) in &rains {
                        nonfood_t += q * span.len() as f64;
                        demand.push(Demand { node: hub_ix[h], commodity: c, span, quantity_t: q });
                    }
                }
            }
        }
    }

    // One in-kind donation of grain at the first port, from the second period on.
    let donated = goods.iter().position(|g| g.id == "wheat").or(foods.first().copied());
    let donation = donated.map(|c| Donation {
        commodity: c,
        node: port_ix[0],
        quantity_t: round_to(0.08 * total_need_t, 1.0).max(1.0),
        from: 1.min(t - 1),
    });

    // Funds: the UN channel pays for roughly half the food, the national fund for some local
    // food and most of the inputs. Money binds at every size.
    let funds = vec![
        Fund {
            id: "un_food",
            name: "UN food purchases",
            amount_usd: round_to(0.45 * total_need_t * 450.0, 1000.0).max(1000.0),
            channels: &["un", "local"],
            pays_logistics: false,
        },
        Fund {
            id: "national",
            name: "National food security fund",
            amount_usd: round_to(0.12 * total_need_t * 450.0 + 0.7 * nonfood_t * 650.0, 1000.0).max(1000.0),
            channels: &["local", "commercial"],
            pays_logistics: o.logistics_fund,
        },
    ];

    Country {
        options: o.clone(),
        calendar,
        commodities: goods,
        nodes,
        lanes,
        availability,
        needs,
        demand,
        markets,
        donation,
        funds,
    }
}
