//! Checks that span several tables and need them all read: what `plan` would otherwise
//! find only when it builds the LP.

use hinterland_model::{Need, RationLimit};

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::read::Ctx;
use crate::schema::{NEEDS, RATION};

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
