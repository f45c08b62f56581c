//! The catalogue of diagnostic codes.
//!
//! Codes are stable: once released, a code keeps its meaning, and a retired code is never
//! reused. `docs/diagnostics.md` lists every code with a typical fix; a test keeps the two
//! in step. Ranges: `H00xx` files, `H01xx` structure (TOML keys, CSV columns), `H02xx`
//! values, `H03xx` periods, `H04xx` ids and references, `H05xx` consistency between tables,
//! `H06xx` what-if variants.

use crate::diagnostic::Severity;

/// A diagnostic code with its default severity and a short title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $sev:ident, $title:literal; )*) => {
        $(
            $(#[doc = $doc])*
            pub const $name: Code = Code { code: $code, severity: Severity::$sev, title: $title };
        )*
        /// Every code, in code order.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    /// A required file (`scenario.toml`, `nodes.csv`, ...) is not in the scenario.
    MISSING_FILE = "H0001", Error, "required file missing";
    /// A `*.csv` file in the scenario folder that the format does not define; it is ignored.
    UNKNOWN_FILE = "H0002", Warning, "unknown file";
    /// A file is not valid UTF-8.
    NOT_UTF8 = "H0003", Error, "file is not UTF-8";
    /// More problems in one file than are shown; the severity is that of the worst hidden one.
    TOO_MANY = "H0004", Error, "more problems not shown";

    /// `scenario.toml` is not valid TOML.
    TOML_SYNTAX = "H0101", Error, "invalid TOML";
    /// A key in `scenario.toml` that the format does not define.
    TOML_UNKNOWN_KEY = "H0102", Error, "unknown key";
    /// A required key is missing from `scenario.toml`.
    TOML_MISSING_KEY = "H0103", Error, "missing key";
    /// A key in `scenario.toml` has a value of the wrong type (text for a number, ...).
    TOML_WRONG_TYPE = "H0104", Error, "value of the wrong type";
    /// A setting that has no effect with the other settings (e.g. a weighted-only value).
    UNUSED_SETTING = "H0105", Warning, "setting has no effect";
    /// A CSV file cannot be parsed (e.g. an unterminated quote) or has no header line.
    CSV_SYNTAX = "H0111", Error, "invalid CSV";
    /// A required column is missing from a table's header.
    MISSING_COLUMN = "H0112", Error, "missing column";
    /// A column the table does not define; usually a typo.
    UNKNOWN_COLUMN = "H0113", Error, "unknown column";
    /// The same column appears twice in a header.
    DUPLICATE_COLUMN = "H0114", Error, "duplicate column";
    /// A record has more or fewer fields than the header.
    FIELD_COUNT = "H0115", Error, "wrong number of fields";
    /// A quote that opens a cell never closed, or one that runs over lines into later rows,
    /// or a quote inside a cell that is not quoted. The table is read up to that record.
    QUOTE = "H0116", Error, "misplaced quote";

    /// A required cell is empty.
    MISSING_VALUE = "H0201", Error, "missing value";
    /// A cell that should hold a number does not.
    NOT_A_NUMBER = "H0202", Error, "not a number";
    /// A cell that should hold a whole number holds a fraction.
    NOT_AN_INTEGER = "H0203", Error, "not a whole number";
    /// A capacity, cost, quantity or count of people is negative.
    NEGATIVE = "H0204", Error, "negative value";
    /// A factor or share is outside `0..1`.
    FRACTION_OUT_OF_RANGE = "H0205", Error, "fraction outside 0..1";
    /// A storage loss is 1 or more: all stock would vanish every period.
    LOSS_TOO_HIGH = "H0206", Error, "loss of 1 or more";
    /// A value outside a fixed list (node kind, lane mode, commodity group, step, ...).
    NOT_ALLOWED = "H0207", Error, "value not allowed";
    /// `inf` in a column that needs a finite number.
    INF_NOT_ALLOWED = "H0208", Error, "`inf` not allowed";
    /// A phase outside 1..5.
    PHASE_OUT_OF_RANGE = "H0209", Error, "phase outside 1..5";
    /// An id that is empty or contains whitespace.
    INVALID_ID = "H0210", Error, "invalid id";
    /// A latitude outside -90..90 or a longitude outside -180..180.
    COORDINATE_OUT_OF_RANGE = "H0211", Error, "coordinate out of range";
    /// A date that cannot be read, or a monthly calendar that does not start on the 1st.
    INVALID_DATE = "H0212", Error, "invalid date";
    /// A number outside its range (no periods, a non-positive time limit, ...).
    OUT_OF_RANGE = "H0213", Error, "number out of range";
    /// A country that is not a 2- or 3-letter upper-case ISO 3166 code.
    COUNTRY_CODE = "H0214", Warning, "unusual country code";
    /// `solver.backend` names a solver this build of hinterland does not include (HiGHS is
    /// optional).
    BACKEND_UNAVAILABLE = "H0215", Error, "solver not in this build";
    /// A workbook cell that holds a spreadsheet error (`#DIV/0!`, `#REF!`, ...), usually a
    /// formula that failed.
    CELL_ERROR = "H0216", Error, "cell holds a spreadsheet error";

    /// A period label that is not in the calendar.
    UNKNOWN_PERIOD = "H0301", Error, "period not in the calendar";
    /// A period range whose end comes before its start.
    REVERSED_RANGE = "H0302", Error, "reversed period range";
    /// A period that is neither a label, a range `FROM..TO` nor `*`.
    MALFORMED_PERIOD = "H0303", Error, "malformed period";

    /// The same id twice in one table.
    DUPLICATE_ID = "H0401", Error, "duplicate id";
    /// A reference to an id that its table does not define.
    UNKNOWN_ID = "H0402", Error, "unknown id";
    /// A ration limit on a ration group that no commodity belongs to.
    UNKNOWN_RATION_GROUP = "H0403", Error, "unknown ration group";
    /// The same pair twice in `nutrient_content.csv`, or the same item twice in `ration.csv`.
    DUPLICATE_ENTRY = "H0404", Error, "duplicate entry";
    /// A row that repeats an earlier row of its table in every value (source and note
    /// aside): it counts twice.
    DUPLICATE_ROW = "H0405", Warning, "repeated row";

    /// People in need at a node that is not a district.
    NEED_NOT_AT_DISTRICT = "H0501", Error, "need at a non-district node";
    /// A lane from a node to itself.
    LANE_SELF_LOOP = "H0502", Error, "lane from a node to itself";
    /// A ration limit whose minimum exceeds its maximum.
    RATION_MIN_ABOVE_MAX = "H0503", Error, "ration minimum above maximum";
    /// A nutrient that no row of `ration.csv` bounds: it has no effect.
    NUTRIENT_WITHOUT_RATION = "H0504", Warning, "nutrient without ration row";
    /// Nutrient content for a commodity that is not food: it never feeds anyone.
    CONTENT_OF_NON_FOOD = "H0505", Warning, "nutrient content of a non-food commodity";
    /// A fund whose channels match no market: it can buy nothing.
    FUND_CHANNEL_UNMATCHED = "H0506", Warning, "fund channels match no market";
    /// A market channel that no fund may buy through: its offers cannot be bought.
    MARKET_CHANNEL_UNFUNDED = "H0507", Warning, "market channel no fund can use";
    /// A commodity ration limit on a commodity that is not food: it never feeds anyone.
    RATION_NON_FOOD = "H0508", Warning, "ration limit on a non-food commodity";
    /// A lane whose transit time is at least the horizon: nothing it carries arrives in time.
    TRANSIT_BEYOND_HORIZON = "H0509", Warning, "transit longer than the horizon";
    /// A row that can never influence the plan, in the base or any variant: demand with
    /// neither a weight nor a `min_share`, a ration limit without bounds, non-food goods
    /// nothing asks for. `docs/diagnostics.md` lists every kind.
    NO_EFFECT = "H0510", Warning, "row can never influence the plan";
    /// No row of `ration.csv` sets a minimum, but there are people in need: they would count
    /// as served without food.
    RATION_WITHOUT_FLOOR = "H0511", Error, "ration without a floor";
    /// A node that no lane, need, demand, donation or offer names: it is left out of the plan.
    UNUSED_NODE = "H0512", Warning, "node used by nothing";
    /// A market offer whose lead time carries every order it offers past the horizon.
    LEAD_BEYOND_HORIZON = "H0513", Warning, "lead time beyond the horizon";
    /// A lane with both `transit_periods` and `transit_days`.
    TRANSIT_TWICE = "H0514", Error, "transit given twice";
    /// Opening stock at a node that cannot hold it (`storage_capacity_t` below the total).
    OPENING_WITHOUT_ROOM = "H0515", Error, "opening stock without storage";
    /// A donation pledged after it is available.
    PLEDGED_AFTER_ARRIVAL = "H0516", Error, "pledged after arrival";
    /// A commodity that no donation, offer, demand, ration limit or declared variant names:
    /// it is left out of the plan.
    UNUSED_COMMODITY = "H0517", Warning, "commodity used by nothing";

    /// A `[[variant]]` table that cannot be read (a missing `name` or `edits`, an unknown key).
    VARIANT_SHAPE = "H0601", Error, "invalid variant table";
    /// A variant name that is empty, has unusual characters, or is used twice.
    VARIANT_NAME = "H0602", Error, "invalid variant name";
    /// An edit that does not follow `VERB:TARGET[@PERIODS][=VALUE]`.
    EDIT_SYNTAX = "H0603", Error, "malformed edit";
    /// An edit naming a lane, corridor, period, fund, commodity, district or donation the base lacks.
    EDIT_UNKNOWN_ID = "H0604", Error, "edit names an unknown id";
    /// An edit with a negative factor or amount, a share outside 0..1 or a reversed range.
    EDIT_VALUE = "H0605", Error, "edit value out of range";
    /// A variant without edits: it equals the base.
    VARIANT_EMPTY = "H0606", Warning, "variant without edits";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted() {
        for pair in ALL.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} then {}", pair[0].code, pair[1].code);
        }
        for code in ALL {
            assert!(code.code.len() == 5 && code.code.starts_with('H'), "{}", code.code);
        }
    }
}
