//! Checks that span several tables and need them all read: what `plan` would otherwise
//! find only when it builds the LP.

use hinterland_model::{Need, NodeId, RationLimit, Scenario};

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::read::Ctx;
use crate::read::sink::Sink;
use crate::read::table::IdMap;
use crate::schema::{NEEDS, NODES, RATION};

/// People count as served only through a ration floor: without a limit whose minimum is
/// above 0, the LP would serve every need with no food (the planner refuses such a
/// scenario). Not reported while `ration.csv` or `needs.csv` has errors: their rows may be
/// the missing floor or the needs.
pub(crate) fn ration_floor(cx: &mut Ctx, needs: &[Need], limits: &[RationLimit]) {
    if needs.is_empty()
        || limits.iter().any(|l| l.bounds.min > 0.0)
        || cx.sink.has_errors_in(RATION.name)
        || cx.sink.has_errors_in(NEEDS.name)
        || cx.source.file(RATION.name).is_none()
    {
        return;
    }
    cx.sink.push(
        Diagnostic::new(
            codes::RATION_WITHOUT_FLOOR,
            RATION.name,
            format!(
                "`{}` sets no minimum, so people in need would count as served without food",
                RATION.name
            ),
        )
        .with_help(
            "give at least one row a `min_per_person_day` above 0, e.g. kind `nutrient`, item \
             `energy`, `2100` (kcal per person per day)",
        ),
    );
}

/// Nodes that no lane, need, demand, donation or offer names take no part in any plan, but
/// each would add a flow balance row per commodity and period to the LP: they are warned
/// about and left out of the scenario (the ids of the others are renumbered). `ids` and
/// `text` are `nodes.csv`'s, for the warnings' positions.
pub(crate) fn drop_unused_nodes(s: &mut Scenario, ids: &IdMap, text: &str, sink: &mut Sink) {
    let mut used = vec![false; s.nodes.len()];
    let referenced = s.lanes.iter().flat_map(|l| [l.from, l.to]).chain(s.needs.iter().map(|n| n.district));
    let referenced = referenced
        .chain(s.demands.iter().map(|d| d.node))
        .chain(s.supplies.iter().map(|x| x.node))
        .chain(s.markets.iter().map(|m| m.node))
        .chain(s.opening.iter().map(|o| o.node))
        .chain(s.pipeline.iter().map(|p| p.node));
    for node in referenced {
        used[node.index()] = true;
    }
    if used.iter().all(|u| *u) {
        return;
    }
    for (i, node) in s.nodes.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let (line, span) = ids.row_of(text, i);
        sink.push(
            Diagnostic::new(
                codes::UNUSED_NODE,
                NODES.name,
                format!("node `{}` is not named by any lane, need, demand, donation or offer, so it is left out of the plan", node.code),
            )
            .with_line(line)
            .with_span(span)
            .with_help("connect it with a lane in `lanes.csv`, or remove the row"),
        );
    }
    let mut new_index = vec![None; s.nodes.len()];
    let mut next = 0;
    for (i, u) in used.iter().enumerate() {
        if *u {
            new_index[i] = Some(NodeId::from_index(next));
            next += 1;
        }
    }
    let renumber = |n: &mut NodeId| *n = new_index[n.index()].expect("only used nodes are named");
    for l in &mut s.lanes {
        renumber(&mut l.from);
        renumber(&mut l.to);
    }
    s.needs.iter_mut().for_each(|n| renumber(&mut n.district));
    s.demands.iter_mut().for_each(|d| renumber(&mut d.node));
    s.supplies.iter_mut().for_each(|x| renumber(&mut x.node));
    s.markets.iter_mut().for_each(|m| renumber(&mut m.node));
    s.opening.iter_mut().for_each(|o| renumber(&mut o.node));
    s.pipeline.iter_mut().for_each(|p| renumber(&mut p.node));
    // Storage overrides at a dropped node are dropped with it; the order by node stays.
    s.storage_costs.retain(|c| used[c.node.index()]);
    s.storage_costs.iter_mut().for_each(|c| renumber(&mut c.node));
    let mut i = 0;
    s.nodes.retain(|_| {
        i += 1;
        used[i - 1]
    });
}
