//! The confirmation re-solves of one series: the planned LP re-solved with one limit
//! raised at a time, on one [`Resolver`], each from the start that should cost least.
//!
//! [`Remeasure`] holds the heuristics: go back to the marked base optimum, go on from the
//! last optimum, or probe from there with an iteration limit first; every re-solve is
//! reported ([`ResolveReport`]) with where it started.

use std::time::Instant;

use hinterland_lp::{Resolver, Solution, SolveOptions, Solver, SolverError, Status};

use super::report::{ResolveReport, Series, Start};

/// The confirmation re-solves with one objective, on one [`Resolver`]: the LP stays loaded
/// from one raised limit to the next. On a resolver that can [`mark`](Resolver::mark) the
/// base optimum (HiGHS) a re-solve can start [`back`](Resolver::back) at that optimum's
/// basis and factorisation, one raise away, or where the previous re-solve stopped, two
/// changes away (the previous raise undone, the next made), with nothing to factorise
/// afresh either way. Otherwise each re-solve starts from the base optimum's basis
/// (`options.warm_start`) and factorises it (Clp does at every start anyway), or, on a
/// resolver that keeps its factorisation but cannot go back, where the previous one stopped.
///
/// Which of the two starts is cheaper depends on the LP. At 10k generated columns going back
/// wins: one costly raise costs once instead of twice (on it and on the next, which undoes
/// it). At 1M the cost series' raises are near each other and far from the base: its first
/// raise took 10,903 iterations from the mark, its second 10,556 from the base basis and 2
/// from where the first stopped; at 100k, after the first raise, 27–30 from the mark and 0
/// from the last. So after a re-solve from the base that took at least [`PROBE_FROM`]
/// iterations, the next raise first *probes* from the last optimum, allowed an eighth of
/// those iterations ([`PROBE_SHARE`]); if that does not reach the optimum, it goes back to
/// the mark and solves from there. A failed probe costs at most an eighth of a re-solve from
/// the base, a successful one saves nearly all of it (docs/performance.md). The limit counts
/// iterations, not seconds, so the same runs make the same re-solves on any machine.
///
/// The measure is an optimal objective value, the same from any start; after a re-solve
/// that did not end optimal, the next starts from the mark or, without one, from the base
/// basis again; if the mark is lost (the solver had to load the LP afresh), from the last
/// optimum.
pub(super) struct Remeasure<Rs> {
    resolver: Rs,
    options: SolveOptions,
    /// Nothing solved on the resolver yet: the series solves its base LP first (from the
    /// basis in the options), to mark its optimum.
    unsolved: bool,
    /// The resolver holds a mark of the base optimum (as far as the series knows: going
    /// back may still find it lost).
    marked: bool,
    /// The resolver stands at the optimum of its last solve, factorised.
    at_optimum: bool,
    /// Iterations of the latest re-solve that started from the base optimum (its mark or
    /// its basis).
    from_base: Option<u64>,
    /// Which series this is, for its reports.
    series: Series,
    /// Each re-solve so far.
    reports: Vec<ResolveReport>,
}

/// A re-solve from the base optimum that took at least this many iterations makes the next
/// raise probe from the last optimum first (see [`Remeasure`]).
const PROBE_FROM: u64 = 16;

/// A probe may take this share (one over it) of the iterations of the latest re-solve from
/// the base optimum.
const PROBE_SHARE: u64 = 8;

impl<Rs: Resolver> Remeasure<Rs> {
    /// The series `series` on a new resolver of `solver`.
    pub(super) fn new<S: Solver<Resolver = Rs>>(solver: &S, series: Series, options: SolveOptions) -> Self {
        let resolver = solver.resolver();
        // Marking needs a solve of the base LP first: worth it only where the resolver keeps
        // what it marks.
        let unsolved = resolver.keeps_factorisation();
        Self::unmarked(resolver, series, options, unsolved)
    }

    /// The series with nothing marked and no re-solve made yet.
    fn unmarked(resolver: Rs, series: Series, options: SolveOptions, unsolved: bool) -> Self {
        Remeasure {
            resolver,
            options,
            unsolved,
            marked: false,
            at_optimum: false,
            from_base: None,
            series,
            reports: Vec::new(),
        }
    }

    /// The series `series` on `resolver`, whose last solve was `optimal` or not, of
    /// the LP the series re-solves (with no limit raised) and from the basis in `options`.
    pub(super) fn after(resolver: Rs, series: Series, options: SolveOptions, optimal: bool) -> Self {
        let mut series = Self::unmarked(resolver, series, options, false);
        series.solved_base(optimal);
        series
    }

    /// Marks the base optimum the resolver just reached, if it can.
    fn solved_base(&mut self, optimal: bool) {
        self.marked = optimal && self.resolver.mark();
        self.at_optimum = optimal && self.resolver.keeps_factorisation();
    }

    /// Solves `lp` from `start`, with at most `limit` iterations, and reports it as raising
    /// `row`.
    fn solve<C, R>(
        &mut self,
        lp: &hinterland_lp::Lp<C, R>,
        row: Option<usize>,
        start: Start,
        limit: Option<u64>,
    ) -> Result<Solution, SolverError> {
        let started = Instant::now();
        // Only a start from the base basis is handed it; the others go on from the solver.
        let warm_start = if start == Start::Base { self.options.warm_start.clone() } else { None };
        let options = SolveOptions { warm_start, iteration_limit: limit, ..self.options.clone() };
        let sol = self.resolver.solve(lp, &options)?;
        self.reports.push(ResolveReport {
            series: self.series,
            row,
            start,
            status: sol.status,
            iterations: sol.iterations,
            seconds: started.elapsed().as_secs_f64(),
        });
        let optimal = sol.status == Status::Optimal;
        self.at_optimum = optimal && self.resolver.keeps_factorisation();
        // The base LP's own solve (no row raised) says nothing about how far raises go.
        if row.is_some() && matches!(start, Start::Mark | Start::Base) {
            self.from_base = Some(sol.iterations);
        }
        Ok(sol)
    }

    /// [`raised`](Self::raised) for each `(row, delta)` in turn; with a report of each
    /// re-solve.
    pub(super) fn each<C, R, T>(
        mut self,
        lp: &mut hinterland_lp::Lp<C, R>,
        raises: &[(usize, f64)],
        mut measure: impl FnMut(&[f64]) -> T,
    ) -> Result<(Vec<Option<T>>, Vec<ResolveReport>), SolverError> {
        if self.unsolved && !raises.is_empty() {
            self.unsolved = false;
            let sol = self.solve(lp, None, Start::Base, None)?;
            self.solved_base(sol.status == Status::Optimal);
        }
        let values = raises
            .iter()
            .map(|&(row, delta)| self.raised(lp, row, delta, &mut measure))
            .collect::<Result<_, _>>()?;
        Ok((values, self.reports))
    }

    /// Raises row `row`'s upper bound by `delta`, re-solves, restores it, and returns
    /// `measure(x)` of the new optimum (`None` if the re-solve is not optimal).
    fn raised<C, R, T>(
        &mut self,
        lp: &mut hinterland_lp::Lp<C, R>,
        row: usize,
        delta: f64,
        mut measure: impl FnMut(&[f64]) -> T,
    ) -> Result<Option<T>, SolverError> {
        let original = lp.row_hi[row];
        lp.row_hi[row] = original + delta;
        let sol = self.resolve(lp, row);
        lp.row_hi[row] = original;
        let sol = sol?;
        Ok((sol.status == Status::Optimal).then(|| measure(&sol.x)))
    }

    /// Re-solves `lp`, in which row `row`'s limit is raised, from the best start.
    fn resolve<C, R>(&mut self, lp: &hinterland_lp::Lp<C, R>, row: usize) -> Result<Solution, SolverError> {
        let probe = self.from_base.filter(|&n| self.marked && self.at_optimum && n >= PROBE_FROM);
        if let Some(n) = probe {
            let sol = self.solve(lp, Some(row), Start::Probe, Some((n / PROBE_SHARE).max(1)))?;
            if sol.status == Status::Optimal {
                return Ok(sol);
            }
            // The probe's end is no optimum: only the mark or the base basis is left.
            self.at_optimum = false;
        }
        if self.marked {
            if self.resolver.back() {
                return self.solve(lp, Some(row), Start::Mark, None);
            }
            // The mark is lost (the solver had to factorise afresh).
            self.marked = false;
        }
        let start = if self.at_optimum { Start::Last } else { Start::Base };
        self.solve(lp, Some(row), start, None)
    }
}

#[cfg(test)]
mod tests {
    use super::super::report::Series;
    use super::Remeasure;
    use hinterland_lp::{
        Basis, BasisStatus, Lp, LpBuilder, Resolver, Sense, Solution, SolveOptions, Solver, SolverError,
        Status, StopReason,
    };
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    /// Records each solve (whether it was given a basis), mark and going back; answers
    /// `Optimal` unless told otherwise. Marks when it `keeps` and `marks`, and forgets the
    /// mark when told to. A solve takes the iterations `needs` says next (and stops at the
    /// iteration limit short of them), or as many as there were calls so far.
    #[derive(Clone, Default)]
    struct Fake {
        keeps: bool,
        marks: bool,
        calls: Rc<RefCell<Vec<&'static str>>>,
        fail_next: Rc<RefCell<bool>>,
        marked: Rc<RefCell<bool>>,
        needs: Rc<RefCell<VecDeque<u64>>>,
    }

    impl Resolver for Fake {
        fn solve<C, R>(&mut self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
            self.calls.borrow_mut().push(if options.warm_start.is_some() {
                "solve from basis"
            } else {
                "solve"
            });
            // Tells the solves apart in the reports: the number of calls so far.
            let needs = self.needs.borrow_mut().pop_front().unwrap_or(self.calls.borrow().len() as u64);
            let limit = options.iteration_limit.unwrap_or(u64::MAX);
            let status = if self.fail_next.replace(false) {
                Status::Stopped(StopReason::NumericalTrouble)
            } else if needs > limit {
                Status::Stopped(StopReason::IterationLimit)
            } else {
                Status::Optimal
            };
            Ok(Solution {
                status,
                objective: 0.0,
                x: vec![lp.row_hi[0]; lp.ncols()],
                row_activity: vec![0.0; lp.nrows()],
                row_dual: vec![0.0; lp.nrows()],
                col_reduced: vec![0.0; lp.ncols()],
                basis: None,
                iterations: needs.min(limit),
                solver: "fake".into(),
            })
        }

        fn keeps_factorisation(&self) -> bool {
            self.keeps
        }

        fn mark(&mut self) -> bool {
            *self.marked.borrow_mut() = self.keeps && self.marks;
            self.calls.borrow_mut().push("mark");
            *self.marked.borrow()
        }

        fn back(&mut self) -> bool {
            self.calls.borrow_mut().push("back");
            *self.marked.borrow()
        }
    }

    impl Solver for Fake {
        type Resolver = Fake;
        fn name(&self) -> &'static str {
            "fake"
        }
        fn solve<C, R>(&self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
            Resolver::solve(&mut self.clone(), lp, options)
        }
        fn resolver(&self) -> Fake {
            self.clone()
        }
    }

    fn one_row() -> Lp<u8, u8> {
        let mut b = LpBuilder::new(Sense::Maximize);
        let x = b.add_col(0, 1.0, 0.0, 10.0);
        let r = b.add_row(0, f64::NEG_INFINITY, 4.0);
        b.add_coef(r, x, 1.0);
        b.build()
    }

    #[test]
    fn remeasure_goes_on_from_the_last_optimum_only_where_the_factorisation_is_kept() {
        let basis = Basis { cols: vec![BasisStatus::Basic], rows: vec![BasisStatus::AtUpper] };
        let options = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
        for keeps in [false, true] {
            let solver = Fake { keeps, ..Fake::default() };
            let mut series = Remeasure::new(&solver, Series::Weighted, options.clone());
            let mut lp = one_row();
            let mut measured = Vec::new();
            for k in 0..5 {
                *solver.fail_next.borrow_mut() = k == 2;
                measured.push(series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap());
                assert_eq!(lp.row_hi[0], 4.0, "the raise is put back");
            }
            // Each solve saw the raised bound; the third did not end optimal.
            assert_eq!(measured, [Some(4.5), Some(4.5), None, Some(4.5), Some(4.5)]);
            let calls = solver.calls.borrow();
            let given: Vec<bool> =
                calls.iter().filter(|c| c.starts_with("solve")).map(|&c| c == "solve from basis").collect();
            if keeps {
                // From the base basis first and after the failed solve; else from the last.
                assert_eq!(given, [true, false, false, true, false]);
            } else {
                assert_eq!(given, [true; 5]);
            }
        }
    }

    #[test]
    fn remeasure_goes_back_to_the_marked_base_before_each_raise() {
        let basis = Basis { cols: vec![BasisStatus::Basic], rows: vec![BasisStatus::AtUpper] };
        let options = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
        let solver = Fake { keeps: true, marks: true, ..Fake::default() };
        let mut lp = one_row();
        let raises = [(0, 0.5), (0, 1.0), (0, 2.0)];
        let (measured, reports) = Remeasure::new(&solver, Series::Weighted, options.clone())
            .each(&mut lp, &raises, |x| x[0])
            .unwrap();
        assert_eq!(measured, [Some(4.5), Some(5.0), Some(6.0)]);
        assert_eq!(lp.row_hi[0], 4.0, "the raises are put back");
        // The base LP from the given basis, marked; then back to it before each raise.
        let want = ["solve from basis", "mark", "back", "solve", "back", "solve", "back", "solve"];
        assert_eq!(*solver.calls.borrow(), want);
        // One report per solve, in order, saying where it started and what it raised.
        let told: Vec<_> =
            reports.iter().map(|r| (r.series.as_str(), r.row, r.start.as_str(), r.iterations)).collect();
        let want = [
            ("weighted", None, "basis", 1),
            ("weighted", Some(0), "mark", 4),
            ("weighted", Some(0), "mark", 6),
            ("weighted", Some(0), "mark", 8),
        ];
        assert_eq!(told, want);

        // A series after a solve marks that solve's optimum, and goes back to it even after
        // a re-solve that failed; once the mark is lost, it goes on from the last optimum,
        // or from the base basis after a failure.
        let failed = Status::Stopped(StopReason::NumericalTrouble);
        let optimal = Status::Optimal;
        for lost_after_failure in [false, true] {
            let solver = Fake { keeps: true, marks: true, ..Fake::default() };
            let mut series = Remeasure::after(solver.resolver(), Series::Weighted, options.clone(), true);
            for k in 0..5 {
                *solver.fail_next.borrow_mut() = k == if lost_after_failure { 2 } else { 1 };
                if k == 3 {
                    *solver.marked.borrow_mut() = false;
                }
                series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            }
            let lost_from = if lost_after_failure { "solve from basis" } else { "solve" };
            let want =
                ["mark", "back", "solve", "back", "solve", "back", "solve", "back", lost_from, "solve"];
            assert_eq!(*solver.calls.borrow(), want);
            let (_, reports) = series.each(&mut lp, &[], |x| x[0]).unwrap();
            let told: Vec<_> = reports.iter().map(|r| (r.start.as_str(), r.status)).collect();
            let want = if lost_after_failure {
                [
                    ("mark", optimal),
                    ("mark", optimal),
                    ("mark", failed),
                    ("basis", optimal),
                    ("last", optimal),
                ]
            } else {
                [("mark", optimal), ("mark", failed), ("mark", optimal), ("last", optimal), ("last", optimal)]
            };
            assert_eq!(told, want, "lost after a failure: {lost_after_failure}");
        }

        // Nothing to mark after a solve that was not optimal, nor on a resolver that cannot.
        for (optimal, marks) in [(false, true), (true, false)] {
            let solver = Fake { keeps: true, marks, ..Fake::default() };
            let mut series = Remeasure::after(solver.resolver(), Series::Weighted, options.clone(), optimal);
            series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            let first = if optimal { "solve" } else { "solve from basis" };
            let marked = if optimal { vec!["mark", first, "solve"] } else { vec![first, "solve"] };
            assert_eq!(*solver.calls.borrow(), marked, "optimal {optimal}, marks {marks}");
        }
    }

    #[test]
    fn remeasure_probes_from_the_last_optimum_after_a_costly_raise() {
        let basis = Basis { cols: vec![BasisStatus::Basic], rows: vec![BasisStatus::AtUpper] };
        let options = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
        let solver = Fake { keeps: true, marks: true, ..Fake::default() };
        let mut series = Remeasure::after(solver.resolver(), Series::Weighted, options, true);
        let mut lp = one_row();
        // The iterations each solve needs, in order.
        let needs = [
            5_000, // 1: from the mark, costly
            2,     // 2: probe (limit 5,000 / 8): near the first
            3_000, // 3: probe: stopped at 625 ...
            12,    //    ... then from the mark, cheap
            1_200, // 4: from the mark (the last one was cheap): costly
            10,    // 5: probe (limit 150)
            5_000, // 6: probe: stopped at 150, the mark is lost ...
            30,    //    ... so from the base basis
            7,     // 7: from the last optimum (no mark to go back to)
        ];
        *solver.needs.borrow_mut() = needs.into();
        for k in 1..=7 {
            if k == 6 {
                *solver.marked.borrow_mut() = false;
            }
            let got = series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            assert_eq!(got, Some(4.5), "raise {k} is measured");
        }
        let (_, reports) = series.each(&mut lp, &[], |x| x[0]).unwrap();
        let told: Vec<_> = reports.iter().map(|r| (r.start.as_str(), r.status, r.iterations)).collect();
        let optimal = Status::Optimal;
        let stopped = Status::Stopped(StopReason::IterationLimit);
        let want = [
            ("mark", optimal, 5_000),
            ("probe", optimal, 2),
            ("probe", stopped, 625),
            ("mark", optimal, 12),
            ("mark", optimal, 1_200),
            ("probe", optimal, 10),
            ("probe", stopped, 150),
            ("basis", optimal, 30),
            ("last", optimal, 7),
        ];
        assert_eq!(told, want);
        let want = [
            "mark",
            "back",
            "solve",
            "solve",
            "solve",
            "back",
            "solve",
            "back",
            "solve",
            "solve",
            "solve",
            "back",
            "solve from basis",
            "solve",
        ];
        assert_eq!(*solver.calls.borrow(), want);
    }
}
