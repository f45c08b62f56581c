//! `hinterland generate`: write a synthetic scenario of a chosen size (see
//! `hinterland-generate`).

use std::path::PathBuf;

use clap::Args;
use hinterland_generate::{Options, Step, generate as make, write_folder};

use crate::Exit;

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Folder to write; it must not exist yet (or pass --force).
    pub dir: PathBuf,
    /// Districts (people in need live there); ignored with --target-columns.
    #[arg(long, default_value_t = 40)]
    pub districts: usize,
    /// Planning periods.
    #[arg(long, default_value_t = 12)]
    pub periods: u32,
    /// Commodities (the first three are a cereal, a pulse and oil; non-food from the fourth).
    #[arg(long, default_value_t = 8)]
    pub commodities: usize,
    /// Sea ports abroad, each with its corridor and border post.
    #[arg(long, default_value_t = 3)]
    pub ports: usize,
    /// Inland hubs (default: one per 25 districts, at least 2).
    #[arg(long)]
    pub hubs: Option<usize>,
    /// Period length: month or week.
    #[arg(long, default_value = "month")]
    pub step: String,
    /// Random seed; the same options and seed give the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The national fund also pays transport, handling and storage.
    #[arg(long)]
    pub logistics_fund: bool,
    /// Choose the number of districts to land near this many LP columns.
    #[arg(long, value_name = "N")]
    pub target_columns: Option<usize>,
    /// Replace DIR if it is a scenario folder.
    #[arg(long)]
    pub force: bool,
}

pub fn generate(args: &GenerateArgs) -> anyhow::Result<Exit> {
    let step = match args.step.as_str() {
        "month" => Step::Month,
        "week" => Step::Week,
        other => {
            eprintln!("error: unknown step `{other}`; use `month` or `week`");
            return Ok(Exit::UserError);
        }
    };
    let mut options = Options {
        districts: args.districts,
        periods: args.periods,
        commodities: args.commodities,
        ports: args.ports,
        hubs: args.hubs,
        step,
        seed: args.seed,
        logistics_fund: args.logistics_fund,
    };
    if let Some(target) = args.target_columns {
        options = match options.for_target_columns(target) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Exit::UserError);
            }
        };
    }
    let generated = match make(&options) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::UserError);
        }
    };
    match write_folder(&args.dir, &generated.files, args.force) {
        Ok(()) => {}
        // Not the user's input: exit 2 through the caller.
        Err(e @ hinterland_generate::WriteError::Io { .. }) => return Err(e.into()),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::UserError);
        }
    }
    println!(
        "wrote `{}`: {} districts, {} hubs, {} ports, {} commodities, {} {}s; expected LP: {} columns, {} rows",
        args.dir.display(),
        options.districts,
        options.hubs(),
        options.ports,
        options.commodities,
        options.periods,
        options.step.as_str(),
        generated.size.columns,
        generated.size.rows
    );
    Ok(Exit::Success)
}
