//! `supply.csv`, `markets.csv` and `funds.csv`: where goods and money come from, and the
//! check that funds and markets share purchase channels.

use std::collections::HashMap;

use hinterland_model::{CommodityId, Fund, MarketOffer, NodeId, Period, Supply};

use crate::codes;
use crate::read::Ctx;
use crate::read::food::Commodities;
use crate::read::network::Nodes;
use crate::read::no_effect::{Goods, NoEffect};
use crate::read::sink::Sink;
use crate::read::table::{Col, IdMap, Loc, Row, Rule, Table};
use crate::schema::{FUNDS, MARKETS, SUPPLY};

pub(crate) struct Markets {
    pub(crate) list: Vec<MarketOffer>,
    /// Each channel, in order of first appearance, with where it first appears.
    channels: Vec<(String, Loc)>,
}

pub(crate) struct Funds {
    pub(crate) list: Vec<Fund>,
    /// Where each fund's channels are (its id when the column is absent).
    at: Vec<Loc>,
}

/// Warns when `commodity` (resolved on `row` at `col`) is not food and no demand row asks for
/// it: `asked` is per commodity, from `demand.csv`.
fn check_wanted(
    sink: &mut Sink,
    row: &Row,
    col: Col,
    commodity: Option<u32>,
    commodities: &Commodities,
    asked: &[bool],
    goods: Goods,
) {
    let Some(c) = commodity.map(|c| c as usize) else { return };
    let com = &commodities.list[c];
    if com.is_food() || asked[c] {
        return;
    }
    let why = NoEffect::UnwantedGoods { goods, commodity: &com.code, group: com.group.as_str() };
    sink.push(why.at(&row.loc(Some(col))));
}

pub(crate) fn read_supply(
    cx: &mut Ctx,
    nodes: &Nodes,
    commodities: &Commodities,
    asked: &[bool],
) -> Vec<Supply> {
    let mut out = Vec::new();
    let mut ids = IdMap::new("supply", SUPPLY.name);
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &SUPPLY, sink) else { return out };
    let [id, commodity, node, quantity, available_from, donor, value, pledged, handover] = [
        "id",
        "commodity",
        "node",
        "quantity_t",
        "available_from",
        "donor",
        "value_usd_per_t",
        "pledged_period",
        "handover_cost_usd_per_t",
    ]
    .map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => ids.define(sink, &row, id, code),
            None => ids.skip(&row),
        };
        let what = row.reference(sink, commodity, &commodities.ids);
        check_wanted(sink, &row, commodity, what, commodities, asked, Goods::Donation);
        let arrival = row.period(sink, available_from, cx.periods.as_ref());
        let pledged_period =
            if row.get(pledged).is_some() { row.period(sink, pledged, cx.periods.as_ref()) } else { None };
        if let Some((p, a)) = pledged_period.zip(arrival).filter(|(p, a)| p > a) {
            let label = |i: u32| {
                cx.periods.as_ref().map_or(String::new(), |ps| ps.calendar().label(Period(i)).to_owned())
            };
            sink.push(
                row.diag(
                    codes::PLEDGED_AFTER_ARRIVAL,
                    Some(pledged),
                    format!(
                        "donation `{}` is pledged in `{}`, after it is available in `{}`",
                        code.unwrap_or_default(),
                        label(p),
                        label(a)
                    ),
                )
                .with_help("`pledged_period` is when the donor pledged it, `available_from` when it reaches its hand-over point; check both"),
            );
        }
        out.push(Supply {
            code: code.unwrap_or_default().to_owned(),
            commodity: CommodityId(what.unwrap_or(0)),
            node: NodeId(row.reference(sink, node, &nodes.ids).unwrap_or(0)),
            quantity_t: row.number(sink, quantity, Rule::NonNegative).unwrap_or(0.0),
            available_from: Period(arrival.unwrap_or(0)),
            donor: row.get(donor).unwrap_or_default().to_owned(),
            pledged_period: pledged_period.map(Period),
            handover_cost_usd_per_t: row.number(sink, handover, Rule::NonNegative).unwrap_or(0.0),
            value_usd_per_t: row.number(sink, value, Rule::NonNegative),
        });
    }
    out
}

pub(crate) fn read_markets(
    cx: &mut Ctx,
    nodes: &Nodes,
    commodities: &Commodities,
    asked: &[bool],
) -> Markets {
    let mut out = Markets { list: Vec::new(), channels: Vec::new() };
    let mut channel_index: HashMap<String, usize> = HashMap::new();
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &MARKETS, sink) else { return out };
    t.warn_repeats("each row is an offer, so its capacity is offered twice");
    let [node, commodity, period, price, capacity, channel, lead] =
        ["node", "commodity", "period", "price_usd_per_t", "capacity_t", "channel", "lead_periods"]
            .map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let n = row.reference(sink, node, &nodes.ids);
        let c = row.reference(sink, commodity, &commodities.ids);
        check_wanted(sink, &row, commodity, c, commodities, asked, Goods::Offer);
        let range = row.periods(sink, period, cx.periods.as_ref());
        let p = row.number(sink, price, Rule::NonNegative);
        let cap = row.number(sink, capacity, Rule::NonNegativeOrInf);
        let ch = row.id(sink, channel);
        let lead_periods = row.count(sink, lead).unwrap_or(0);
        let late = |h: &usize| range.as_ref().is_some_and(|r| r.start as usize + lead_periods as usize >= *h);
        if let Some(horizon) = cx.horizon.filter(late) {
            sink.push(
                row.diag(
                    codes::LEAD_BEYOND_HORIZON,
                    Some(lead),
                    format!(
                        "goods ordered here arrive {lead_periods} periods later, after the horizon of {horizon} periods"
                    ),
                )
                .with_help("nothing bought from this offer arrives within the plan; check `lead_periods` and `period`, or lengthen the calendar"),
            );
        }
        if let Some(new) = ch.filter(|ch| !channel_index.contains_key(*ch)) {
            channel_index.insert(new.to_owned(), out.channels.len());
            out.channels.push((new.to_owned(), row.loc(Some(channel))));
        }
        if let (Some(n), Some(c), Some(range), Some(p), Some(cap), Some(ch)) = (n, c, range, p, cap, ch) {
            out.list.extend(range.map(|period| MarketOffer {
                node: NodeId(n),
                commodity: CommodityId(c),
                period: Period(period),
                lead_periods,
                price_usd_per_t: p,
                capacity_t: cap,
                channel: ch.to_owned(),
            }));
        }
    }
    out
}

pub(crate) fn read_funds(cx: &mut Ctx) -> Funds {
    let mut out = Funds { list: Vec::new(), at: Vec::new() };
    let mut ids = IdMap::new("fund", FUNDS.name);
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &FUNDS, sink) else { return out };
    let [id, name, amount, channels, pays_logistics] =
        ["id", "name", "amount_usd", "channels", "pays_logistics"].map(|c| t.col(c));
    let channels_at = if t.has(channels) { channels } else { id };
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => ids.define(sink, &row, id, code),
            None => ids.skip(&row),
        };
        let list = match row.get(channels).map(str::trim) {
            None | Some("*") => None,
            Some(raw) => {
                let list: Vec<String> = raw.split(';').map(|c| c.trim().to_owned()).collect();
                if list.iter().any(|c| c.is_empty() || c.chars().any(char::is_whitespace) || c == "*") {
                    sink.push(
                        row.diag(codes::INVALID_ID, Some(channels), format!("`channels` is `{raw}`, which is not a channel list"))
                            .with_help("write channels separated by `;` without empty entries, e.g. `un;local`, or `*` for any"),
                    );
                }
                Some(list)
            }
        };
        out.at.push(row.loc(Some(channels_at)));
        out.list.push(Fund {
            code: code.unwrap_or_default().to_owned(),
            name: row.required(sink, name).unwrap_or_default().to_owned(),
            amount_usd: row.number(sink, amount, Rule::NonNegative).unwrap_or(0.0),
            channels: list,
            pays_logistics: row.boolean(sink, pays_logistics).unwrap_or(false),
        });
    }
    out
}

/// Warns about funds that can buy nothing and market channels that no fund can pay for.
/// Without any fund, purchases are not limited by money, so markets are not checked.
pub(crate) fn check_channels(cx: &mut Ctx, markets: &Markets, funds: &Funds) {
    let used = |channel: &str| markets.channels.iter().any(|(c, _)| c == channel);
    for (fund, at) in funds.list.iter().zip(&funds.at) {
        let Some(list) = &fund.channels else { continue };
        if list.iter().any(|c| used(c)) {
            continue;
        }
        let listed: Vec<String> = list.iter().map(|c| format!("`{c}`")).collect();
        let help = if markets.channels.is_empty() {
            "`markets.csv` offers nothing to buy; add market offers or remove the fund".to_owned()
        } else {
            let known: Vec<String> = markets.channels.iter().map(|(c, _)| format!("`{c}`")).collect();
            format!("markets sell through {}; check the spelling, or write `*`", known.join(", "))
        };
        cx.sink.push(
            at.diag(
                codes::FUND_CHANNEL_UNMATCHED,
                format!(
                    "fund `{}` may buy through {} only, but no market uses that channel",
                    fund.code,
                    listed.join(", ")
                ),
            )
            .with_help(help),
        );
    }
    if funds.list.is_empty() {
        return;
    }
    for (channel, at) in &markets.channels {
        if funds.list.iter().any(|f| f.may_buy_through(channel)) {
            continue;
        }
        cx.sink.push(
            at.diag(codes::MARKET_CHANNEL_UNFUNDED, format!("no fund may buy through channel `{channel}`"))
                .with_help(format!("add `{channel}` to the `channels` of a fund in `funds.csv`; until then these offers cannot be bought")),
        );
    }
}
