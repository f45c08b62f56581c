//! Synthetic scenarios of a chosen size: a landlocked country with ports abroad, corridors
//! through border posts, inland hubs and warehouses, a seasonal river, district lanes cut by
//! the rains, local and international markets, two funds, people in need in phases 3–5,
//! fertilizer and fuel demand and one in-kind donation.
//!
//! Deterministic: the same [`Options`] (seed included) give the same files, byte for byte.
//! Capacities and budgets are sized from the tonnage people need, so every size plans to a
//! shortfall with binding limits, never to a trivial "everyone is fed".
//!
//! [`Size`] counts the LP columns and rows the scenario will have, mirroring the rules of
//! `hinterland-plan`'s formulation (the generator's tests check the count against the real
//! LP); [`Options::for_target_columns`] picks the number of districts to land near a size.

mod catalogue;
mod country;
mod render;
mod rng;

use std::path::{Path, PathBuf};

pub use hinterland_model::Step;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub districts: usize,
    pub periods: u32,
    pub commodities: usize,
    pub ports: usize,
    /// Inland hubs; `None` = one per 25 districts, at least 2.
    pub hubs: Option<usize>,
    pub step: Step,
    pub seed: u64,
    /// Whether the national fund also pays transport, handling and storage (adds the
    /// `logistics_payment` row, which touches every column with a logistics cost).
    pub logistics_fund: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            districts: 40,
            periods: 12,
            commodities: 8,
            ports: 3,
            hubs: None,
            step: Step::Month,
            seed: 1,
            logistics_fund: false,
        }
    }
}

/// Why options cannot make a scenario.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OptionsError {
    #[error("`{name}` is `{value}`, but must be at least {min}")]
    TooSmall { name: &'static str, value: usize, min: usize },
    #[error("`--step day` is not supported by the generator; use `month` or `week`")]
    DailyStep,
    #[error("no district count lands near {target} columns with these options (at least {min} columns)")]
    TargetTooSmall { target: usize, min: usize },
}

impl Options {
    /// Hubs actually used.
    pub fn hubs(&self) -> usize {
        self.hubs.unwrap_or((self.districts / 25).max(2))
    }

    pub fn check(&self) -> Result<(), OptionsError> {
        let checks = [
            ("districts", self.districts, 1),
            ("periods", self.periods as usize, 1),
            ("commodities", self.commodities, 3),
            ("ports", self.ports, 1),
            ("hubs", self.hubs(), 1),
        ];
        for (name, value, min) in checks {
            if value < min {
                return Err(OptionsError::TooSmall { name, value, min });
            }
        }
        if self.step == Step::Day {
            return Err(OptionsError::DailyStep);
        }
        Ok(())
    }

    /// These options with the number of districts (and so hubs, when not fixed) chosen so
    /// that the LP has about `target` columns.
    pub fn for_target_columns(&self, target: usize) -> Result<Options, OptionsError> {
        self.check()?;
        let cols = |d: usize| Size::of(&country::build(&Options { districts: d, ..self.clone() })).columns;
        let (lo, hi) = (10, 60);
        let (c_lo, c_hi) = (cols(lo), cols(hi));
        let min = cols(1);
        if target < min {
            return Err(OptionsError::TargetTooSmall { target, min });
        }
        let per_district = (c_hi - c_lo) as f64 / (hi - lo) as f64;
        let mut d = (lo as f64 + (target as f64 - c_lo as f64) / per_district).round().max(1.0) as usize;
        // One correction step: hubs grow with districts, so the slope drifts a little.
        let c = cols(d);
        d = (d as f64 + (target as f64 - c as f64) / per_district).round().max(1.0) as usize;
        Ok(Options { districts: d, ..self.clone() })
    }
}

/// The LP a scenario will give, as `plan` reports it: columns and rows, counted by the
/// formulation's rules (`crates/hinterland-plan/src/formulation`). The rows include the
/// floors that the later lexicographic steps add (generated scenarios are lexicographic and
/// utilitarian): the service floor, and the non-food level floor when a demand row has a
/// weight. Step 1's LP, which `--write-mps` writes, has neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub columns: usize,
    pub rows: usize,
}

impl Size {
    fn of(c: &country::Country) -> Size {
        let t = c.calendar.len();
        let k = c.commodities.len();
        let foods = c.commodities.iter().filter(|g| g.is_food()).count();
        let mut columns = 0;
        let mut rows = c.nodes.len() * k * t; // flow_balance
        for l in &c.lanes {
            let periods = t.saturating_sub(l.transit as usize);
            columns += periods * k;
            if l.capacity_t.is_finite() {
                rows += periods;
            }
        }
        let storing = c.nodes.iter().filter(|n| n.storage_t > 0.0).count();
        columns += storing * k * t;
        rows += storing * t;
        // served and consume[k, food], and the ration rows (every floor is full, `floor_share`
        // 1, so no adequacy columns): per need row and period of its span.
        let ration_rows = catalogue::RATION
            .iter()
            .filter(|(kind, item, _, _)| {
                *kind != "group" || c.commodities.iter().any(|g| g.is_food() && g.ration_group == *item)
            })
            .count();
        for n in &c.needs {
            columns += n.span.len() * (1 + foods);
            rows += n.span.len() * ration_rows;
        }
        for m in &c.markets {
            let funds = c.funds.iter().filter(|f| f.may_buy_through(m.channel)).count();
            columns += t * funds;
            if funds > 0 && m.capacity_t.is_finite() {
                rows += t;
            }
        }
        if let Some(d) = &c.donation {
            columns += t - d.from as usize;
            rows += 1;
        }
        columns += c.demand.iter().map(|d| d.span.len()).sum::<usize>();
        rows += c.funds.len();
        let payers = c.funds.iter().filter(|f| f.pays_logistics).count();
        columns += payers;
        rows += usize::from(payers > 0);
        // The service floor of the cost step, and the level floor that keeps the non-food
        // level (after food) when a demand row has a weight.
        rows += 1;
        rows += usize::from(c.demand.iter().any(|d| c.commodities[d.commodity].weight_per_t != 0.0));
        Size { columns, rows }
    }
}

/// A generated scenario folder, in memory.
#[derive(Clone, Debug)]
pub struct Generated {
    pub options: Options,
    /// `(file name, text)`.
    pub files: Vec<(String, String)>,
    pub size: Size,
}

/// Generates the scenario of `options`.
pub fn generate(options: &Options) -> Result<Generated, OptionsError> {
    options.check()?;
    let c = country::build(options);
    Ok(Generated { options: options.clone(), files: render::files(&c), size: Size::of(&c) })
}

/// Why a scenario folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{0}` already exists; choose a new folder or pass --force to replace a generated scenario")]
    Exists(PathBuf),
    #[error("`{0}` exists and is not a scenario folder (no scenario.toml in it); refusing to replace it")]
    NotAScenario(PathBuf),
    #[error("cannot write `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_owned(), source }
}

/// Writes `files` into the folder `dir`, all or nothing: into a sibling temporary folder
/// first, renamed into place at the end. With `force`, an existing scenario folder (one with
/// a `scenario.toml`) is replaced; anything else is never touched.
pub fn write_folder(dir: &Path, files: &[(String, String)], force: bool) -> Result<(), WriteError> {
    if dir.exists() {
        if !force {
            return Err(WriteError::Exists(dir.to_owned()));
        }
        if !dir.join("scenario.toml").is_file() {
            return Err(WriteError::NotAScenario(dir.to_owned()));
        }
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = dir.file_name().map_or_else(|| "scenario".into(), |n| n.to_string_lossy().into_owned());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    std::fs::create_dir(&tmp).map_err(io(&tmp))?;
    let written = files.iter().try_for_each(|(file, text)| {
        let path = tmp.join(file);
        std::fs::write(&path, text).map_err(io(&path))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(dir, &old).map_err(io(dir))?;
        std::fs::rename(&tmp, dir).map_err(io(dir))?;
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        std::fs::rename(&tmp, dir).map_err(io(dir))?;
    }
    Ok(())
}
