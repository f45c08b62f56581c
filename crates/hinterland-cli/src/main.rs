//! The `hinterland` command. A thin adapter: parse arguments, call the libraries, render,
//! and decide the exit code in one place (0 success, 1 the input, command line or scenario, is
//! wrong or the problem infeasible, 2 internal or I/O failure).

mod commands;
mod compare;
mod embedded;
mod generate;
mod ledger;
mod numbers;
mod outputs;
mod progress;
mod replan;
mod serve;
mod solver;
mod sweep;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Plan humanitarian supply into landlocked countries: what to buy where, by which port,
/// corridor and mode, when to move and store it, and who gets fed.
#[derive(Parser, Debug)]
#[command(name = "hinterland", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read a scenario, build and solve its LP, verify the plan, report it.
    Plan(commands::PlanArgs),
    /// Validate a scenario and list every problem found.
    Check(commands::CheckArgs),
    /// Write the embedded default scenario (Mali 2024) to a folder to copy and edit.
    Init(commands::InitArgs),
    /// Write a synthetic landlocked-country scenario of a chosen size (for benchmarks).
    Generate(generate::GenerateArgs),
    /// Solve the base and what-if variants and show their headline figures side by side.
    Compare(compare::CompareArgs),
    /// Solve many variants (a grid or a list) in parallel, optionally one shard of them.
    Sweep(sweep::SweepArgs),
    /// Join the result files of sweep shards into one table, in variant order.
    Merge(sweep::MergeArgs),
    /// Keep a ledger of pledges, purchases, shipments and distributions: record, check, report.
    Ledger(ledger::LedgerArgs),
    /// Open the planner in the browser: edit scenarios, plan, compare, download (a local web app).
    Serve(serve::ServeArgs),
}

/// How a command ended. [`Exit::code`] maps each outcome to the process exit code, the one
/// place that decides them (README, "Exit codes").
pub enum Exit {
    Success,
    /// The user's input is wrong (the command line or the scenario), or the problem has no plan.
    UserError,
    /// Something failed that is not the user's input.
    Internal,
    /// A plan was made and written, but it misses hard commitments (`min_share`) that no plan
    /// can keep: the best effort, not success and not "no plan".
    MissedCommitments,
}

impl Exit {
    fn code(&self) -> ExitCode {
        match self {
            Exit::Success => ExitCode::SUCCESS,
            Exit::UserError => ExitCode::from(1),
            Exit::Internal => ExitCode::from(2),
            Exit::MissedCommitments => ExitCode::from(3),
        }
    }
}

fn main() -> ExitCode {
    let exit = match Cli::try_parse() {
        Ok(cli) => run(cli.command),
        Err(e) => usage(&e),
    };
    exit.code()
}

fn run(command: Command) -> Exit {
    let result = match command {
        Command::Plan(args) => commands::plan(&args),
        Command::Check(args) => commands::check(&args),
        Command::Init(args) => commands::init(&args),
        Command::Generate(args) => generate::generate(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Merge(args) => sweep::merge(&args),
        Command::Ledger(args) => ledger::ledger(&args),
        Command::Serve(args) => serve::serve(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        Exit::Internal
    })
}

/// Prints what clap has to say when it did not get a command to run (help and version on
/// stdout, a wrong command line on stderr with its usage) and how that ends. clap's own exit
/// code for a wrong command line is 2, which here means an internal failure.
fn usage(e: &clap::Error) -> Exit {
    // A closed stdout or stderr leaves nothing to report the failure on.
    let _ = e.print();
    match e.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => Exit::Success,
        _ => Exit::UserError,
    }
}
