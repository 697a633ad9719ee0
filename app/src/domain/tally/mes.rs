//! The Method of Equal Shares (MES), exactly as pabutools 1.2.3 `method_of_equal_shares`.
//!
//! Every voter starts with the same budget (election budget / number of voters). In each round,
//! for every project still affordable by its supporters, MES computes the smallest price ρ per
//! unit of utility such that the supporters can pay its cost when each pays `min(budget, ρ ×
//! utility)`; it buys the project with the smallest ρ (ties: smallest project id), charges its
//! supporters, and repeats until no project is affordable.
//!
//! Implementation notes:
//! * Voters with the same ballot form a group; groups that have paid exactly the same amounts so
//!   far share a *class* and one remaining budget. Only classes carry money.
//! * All budgets are integer numerators over one common denominator `d`; buying a project
//!   multiplies `d` by that project's paying utility units, so every value stays exact without
//!   any gcd (see [`super::scalar`]).
//! * Like pabutools, a project's previous ρ is a lower bound of its current ρ (budgets only
//!   shrink), so each round only evaluates projects whose bound does not exceed the best ρ found.
//! * Generic over [`Num`]: with [`super::scalar::Lin`] the same run also reports the smallest
//!   budget increment at which any of its decisions could change (used by `+add1`).

use std::cmp::Ordering;
use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::Zero;

use super::amount::Amount;
use super::election::{Election, ProjectIdx};
use super::explain::{MesBudget, MesStep};
use super::profile::Profile;
use super::scalar::{EventLog, Num};

/// What a voter's utility for a funded project is (pabutools' satisfaction class).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Utility {
    /// `Cost_Sat`: the project's cost, for each approved project.
    Cost,
    /// `Cardinality_Sat`: 1 per approved project.
    Cardinality,
    /// `Additive_Cardinal_Sat`: the points given to it.
    Points,
}

/// Index of the class of voters who have no money left.
const ZERO: u32 = 0;

/// An MES instance: projects, grouped ballots and utilities, ready to be run at any per-voter
/// budget.
pub(crate) struct Mes<'a> {
    election: &'a Election,
    profile: &'a Profile,
    /// Utility of one unit (`a`) of project `p`: its cost for `Cost`, else 1.
    weight: Vec<u128>,
    /// Projects MES can buy: positive cost and positive total utility.
    candidates: Vec<u32>,
    /// Free projects with positive utility: funded before the first round.
    free: Vec<ProjectIdx>,
    /// Position of each project in the id order (lower wins ties).
    tie_rank: Vec<u32>,
}

/// One bought project, with what is needed to explain it.
#[derive(Clone, Debug)]
pub(crate) struct Purchase {
    pub project: ProjectIdx,
    /// Numerator (over `d`) of what each full-share payer pays per unit, times `units`.
    x: BigInt,
    /// Utility units of the full-share payers.
    units: u128,
    weight: u128,
    d: BigInt,
    full_share_payers: u64,
    all_in_payers: u64,
    /// Numerator (over `d`) of the total paid by the all-in payers.
    all_in_paid: BigInt,
}

/// The result of one MES run.
#[derive(Clone, Debug)]
pub(crate) struct MesRun {
    /// Funded projects: the free ones first, then in purchase order.
    pub selected: Vec<ProjectIdx>,
    /// The purchases, in order.
    pub purchases: Vec<Purchase>,
    /// Money left per group at the end, as numerators over `final_d`.
    group_left: Vec<BigInt>,
    final_d: BigInt,
}

/// Per-voter payments, for property tests: `paid[g][p]` is the exact amount one voter of group
/// `g` paid for project `p`.
#[cfg(test)]
pub(crate) type Payments = Vec<HashMap<u32, (BigInt, BigInt)>>;

struct Entry {
    class: u32,
    unit: u64,
    count: u64,
}

/// A project priced in the current round.
struct Priced<N> {
    cand: usize,
    /// ρ = x / (d × aw).
    x: N,
    aw: u128,
    /// Utility units of the full-share payers.
    units: u128,
    /// The supporters' classes, poorest (per unit) first; the first `all_in` pay everything.
    entries: Vec<Entry>,
    all_in: usize,
}

struct Candidate<N> {
    project: u32,
    /// Lower bound of ρ: `lb_x / (d × lb_aw)`.
    lb_x: N,
    lb_aw: u128,
    alive: bool,
}

/// Money per class; classes group voters who paid exactly the same so far.
struct Classes<N> {
    d: BigInt,
    budget: Vec<N>,
    class_of: Vec<u32>,
}

impl<'a> Mes<'a> {
    /// Prepares MES for `election` with `profile` (the approval projection for `Cost` and
    /// `Cardinality`, points for `Points`).
    pub fn new(election: &'a Election, profile: &'a Profile, utility: Utility) -> Self {
        let projects = election.projects();
        let weight: Vec<u128> = projects
            .iter()
            .map(|p| match utility {
                Utility::Cost => u128::from(p.cost()),
                Utility::Cardinality | Utility::Points => 1,
            })
            .collect();
        let mut candidates = Vec::new();
        let mut free = Vec::new();
        for (p, project) in projects.iter().enumerate() {
            let total = profile.units_of(p) * weight[p];
            if total > 0 {
                if project.cost() > 0 {
                    candidates.push(p as u32);
                } else {
                    free.push(ProjectIdx::new(p as u32));
                }
            }
        }
        let mut tie_rank = vec![0u32; projects.len()];
        for (rank, p) in election.tie_break_order().iter().enumerate() {
            tie_rank[p.index()] = rank as u32;
        }
        Self {
            election,
            profile,
            weight,
            candidates,
            free,
            tie_rank,
        }
    }

    /// The projects MES can buy (positive cost and utility).
    pub fn candidates(&self) -> impl Iterator<Item = ProjectIdx> + '_ {
        self.candidates.iter().map(|&p| ProjectIdx::new(p))
    }

    /// The free projects funded up front.
    pub fn free_projects(&self) -> &[ProjectIdx] {
        &self.free
    }

    /// Number of voters, including empty ballots.
    pub fn n_voters(&self) -> u64 {
        self.profile.n_voters
    }

    /// Runs MES with each voter starting at `start / n_voters` (a numerator over the number of
    /// voters), recording in `log` when a decision could change (only with `Lin`).
    pub fn run<N: Num>(&self, start: N, log: &mut EventLog) -> MesRun {
        let n = self.profile.n_voters;
        if n == 0 {
            return MesRun {
                selected: Vec::new(),
                purchases: Vec::new(),
                group_left: Vec::new(),
                final_d: BigInt::from(1),
            };
        }
        let mut classes = Classes {
            d: BigInt::from(n),
            budget: vec![N::constant(BigInt::zero()), start],
            class_of: vec![1; self.profile.groups.len()],
        };
        let mut cands: Vec<Candidate<N>> = self
            .candidates
            .iter()
            .map(|&p| {
                let cost = self.election.projects()[p as usize].cost();
                Candidate {
                    project: p,
                    lb_x: N::constant(BigInt::from(cost) * &classes.d),
                    lb_aw: self.profile.units_of(p as usize) * self.weight[p as usize],
                    alive: true,
                }
            })
            .collect();
        let mut selected = self.free.clone();
        let mut purchases = Vec::new();
        let mut scratch = Scratch::default();

        loop {
            let mut order: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].alive).collect();
            order.sort_by(|&i, &j| {
                cmp_rho(
                    &cands[i].lb_x,
                    cands[i].lb_aw,
                    &cands[j].lb_x,
                    cands[j].lb_aw,
                )
            });
            let mut ranks: Option<Vec<u32>> = None;
            let mut best: Option<Priced<N>> = None;
            let mut others: Vec<(usize, N, u128)> = Vec::new();
            let mut unreached = order.len();
            for (pos, &ci) in order.iter().enumerate() {
                if let Some(b) = &best
                    && cmp_rho(&cands[ci].lb_x, cands[ci].lb_aw, &b.x, b.aw) == Ordering::Greater
                {
                    unreached = pos;
                    break;
                }
                match self.price(ci, &cands, &classes, &mut ranks, &mut scratch, log) {
                    None => cands[ci].alive = false,
                    Some(priced) => {
                        cands[ci].lb_x = priced.x.clone();
                        cands[ci].lb_aw = priced.aw;
                        let better = match &best {
                            None => true,
                            Some(b) => match cmp_rho(&priced.x, priced.aw, &b.x, b.aw) {
                                Ordering::Less => true,
                                Ordering::Equal => {
                                    self.tie_rank[cands[ci].project as usize]
                                        < self.tie_rank[cands[b.cand].project as usize]
                                }
                                Ordering::Greater => false,
                            },
                        };
                        if better {
                            if let Some(old) = best.replace(priced) {
                                others.push((old.cand, old.x, old.aw));
                            }
                        } else {
                            others.push((priced.cand, priced.x, priced.aw));
                        }
                    }
                }
            }
            let Some(win) = best else { break };
            if N::TRACKS {
                // The winner must keep beating every other project, evaluated or not.
                for (_, x, aw) in &others {
                    x.mul_int(win.aw).sub(&win.x.mul_int(*aw)).decide(log);
                }
                for &ci in &order[unreached..] {
                    let c = &cands[ci];
                    c.lb_x
                        .mul_int(win.aw)
                        .sub(&win.x.mul_int(c.lb_aw))
                        .decide(log);
                }
            }
            let project = cands[win.cand].project;
            cands[win.cand].alive = false;
            selected.push(ProjectIdx::new(project));
            purchases.push(self.pay(win, &mut classes, &mut cands, &mut scratch));
        }

        let group_left = classes
            .class_of
            .iter()
            .map(|&c| classes.budget[c as usize].value().clone())
            .collect();
        MesRun {
            selected,
            purchases,
            group_left,
            final_d: classes.d,
        }
    }

    /// Prices candidate `ci`: `None` if its supporters cannot afford it.
    fn price<N: Num>(
        &self,
        ci: usize,
        cands: &[Candidate<N>],
        classes: &Classes<N>,
        ranks: &mut Option<Vec<u32>>,
        scratch: &mut Scratch,
        log: &mut EventLog,
    ) -> Option<Priced<N>> {
        let p = cands[ci].project as usize;
        let cost_d = N::constant(BigInt::from(self.election.projects()[p].cost()) * &classes.d);
        let mut entries = scratch.aggregate(self.profile, p, &classes.class_of, self.profile.unit);
        if self.profile.unit {
            let ranks = ranks.get_or_insert_with(|| class_ranks(&classes.budget));
            entries.sort_unstable_by_key(|e| ranks[e.class as usize]);
        } else {
            entries.sort_by(|x, y| {
                let bx = classes.budget[x.class as usize].value() * y.unit;
                let by = classes.budget[y.class as usize].value() * x.unit;
                bx.cmp(&by)
            });
        }
        let mut contrib = N::constant(BigInt::zero());
        let mut units: u128 = entries
            .iter()
            .map(|e| u128::from(e.count) * u128::from(e.unit))
            .sum();
        for i in 0..entries.len() {
            let e = &entries[i];
            let b = &classes.budget[e.class as usize];
            let x = cost_d.sub(&contrib);
            // ρ·unit ≤ budget  ⟺  x·unit ≤ budget·units   (ρ = x / (d·units·weight))
            if x.value() * e.unit <= b.value() * units {
                if N::TRACKS {
                    // Voters paying everything keep doing so until their budget catches up with
                    // the share; the others never fall below it (budgets grow, ρ shrinks).
                    for f in &entries[..i] {
                        let fb = &classes.budget[f.class as usize];
                        fb.mul_int(units)
                            .sub(&x.mul_int(u128::from(f.unit)))
                            .decide(log);
                    }
                }
                return Some(Priced {
                    cand: ci,
                    aw: units * self.weight[p],
                    x,
                    units,
                    entries,
                    all_in: i,
                });
            }
            contrib.add_assign(&b.mul_int(u128::from(e.count)));
            units -= u128::from(e.count) * u128::from(e.unit);
        }
        // Unaffordable; it stays so while the supporters' money stays below the cost.
        contrib.sub(&cost_d).decide(log);
        scratch.recycle(entries);
        None
    }

    /// Charges the supporters of `win` and returns the purchase record.
    fn pay<N: Num>(
        &self,
        win: Priced<N>,
        classes: &mut Classes<N>,
        cands: &mut [Candidate<N>],
        scratch: &mut Scratch,
    ) -> Purchase {
        let p = cands[win.cand].project as usize;
        let units = win.units;
        let mut all_in_payers = 0u64;
        let mut all_in_paid = BigInt::zero();
        let mut full_share_payers = 0u64;
        // New budgets over d' = d·units: all-in payers go to ZERO, the others pay x·unit.
        let old_classes = classes.budget.len() as u32;
        let mut new_class: HashMap<(u32, u64), u32> = HashMap::new();
        for (i, e) in win.entries.iter().enumerate() {
            let b = &classes.budget[e.class as usize];
            let target = if i < win.all_in {
                all_in_payers += e.count;
                all_in_paid += b.value() * e.count;
                ZERO
            } else {
                full_share_payers += e.count;
                let left = b.mul_int(units).sub(&win.x.mul_int(u128::from(e.unit)));
                if left.is_identically_zero() {
                    ZERO
                } else {
                    classes.budget.push(left);
                    classes.budget.len() as u32 - 1
                }
            };
            new_class.insert((e.class, e.unit), target);
        }
        for b in &mut classes.budget[1..old_classes as usize] {
            b.mul_assign_int(units);
        }
        for &(g, unit) in &self.profile.supporters[p] {
            let c = classes.class_of[g as usize];
            if c != ZERO
                && let Some(&t) = new_class.get(&(c, unit))
            {
                classes.class_of[g as usize] = t;
            }
        }
        for c in cands.iter_mut().filter(|c| c.alive) {
            c.lb_x.mul_assign_int(units);
        }
        let purchase = Purchase {
            project: ProjectIdx::new(p as u32),
            x: win.x.value().clone(),
            units,
            weight: self.weight[p],
            d: classes.d.clone(),
            full_share_payers,
            all_in_payers,
            all_in_paid,
        };
        classes.d *= units;
        compact(classes, scratch);
        scratch.recycle(win.entries);
        purchase
    }

    /// The per-voter budget `start/n` as an [`MesBudget`] after `increments`.
    pub fn budget_info(&self, start: &BigInt, increments: u64) -> MesBudget {
        let n = BigInt::from(self.profile.n_voters.max(1));
        MesBudget {
            per_voter: Amount::from_ratio(start, &n),
            increments,
            total: Amount::from_ratio(start, &BigInt::from(1)),
        }
    }

    /// One [`MesStep`] per project for `run`.
    pub fn explain(&self, run: &MesRun) -> Vec<MesStep> {
        let projects = self.election.projects();
        let mut steps: Vec<MesStep> = vec![MesStep::NoSupport; projects.len()];
        for &p in &self.free {
            steps[p.index()] = MesStep::FundedAtNoCost;
        }
        for &p in &self.candidates {
            let mut supporters = 0u64;
            let mut left = BigInt::zero();
            for &(g, _) in &self.profile.supporters[p as usize] {
                let mult = self.profile.groups[g as usize].mult;
                supporters += mult;
                if let Some(money) = run.group_left.get(g as usize) {
                    left += money * mult;
                }
            }
            let cost = BigInt::from(projects[p as usize].cost()) * &run.final_d;
            steps[p as usize] = MesStep::NotFunded {
                supporters,
                money_left: Amount::from_ratio(&left, &run.final_d),
                shortfall: Amount::from_ratio(&(cost - &left), &run.final_d),
            };
        }
        for (round, buy) in run.purchases.iter().enumerate() {
            let d_units = &buy.d * buy.units;
            let cost = projects[buy.project.index()].cost();
            steps[buy.project.index()] = MesStep::Funded {
                round: round as u64 + 1,
                rho: Amount::from_ratio(&buy.x, &(&d_units * buy.weight)),
                share: Amount::from_ratio(&buy.x, &d_units),
                full_share_payers: buy.full_share_payers,
                all_in_payers: buy.all_in_payers,
                all_in_paid: Amount::from_ratio(&buy.all_in_paid, &buy.d),
                total_paid: Amount::from_integer(cost),
            };
        }
        steps
    }

    /// Exact per-voter payments of `run`, replaying its purchases (tests only).
    #[cfg(test)]
    pub(crate) fn payments(&self, run: &MesRun, start: &BigInt) -> Payments {
        use num_integer::Integer;
        let n = BigInt::from(self.profile.n_voters);
        // Budgets as reduced fractions (num, den).
        let mut budget: Vec<(BigInt, BigInt)> =
            vec![(start.clone(), n.clone()); self.profile.groups.len()];
        let mut paid: Payments = vec![HashMap::new(); self.profile.groups.len()];
        for buy in &run.purchases {
            let p = buy.project.index();
            // share per unit = x / (d·units)
            let share_den = &buy.d * buy.units;
            for &(g, unit) in &self.profile.supporters[p] {
                let (bn, bd) = &budget[g as usize];
                let (sn, sd) = (&buy.x * unit, share_den.clone());
                // min(budget, share·unit)
                let pay = if bn * &sd <= &sn * bd {
                    (bn.clone(), bd.clone())
                } else {
                    (sn, sd)
                };
                let rem_n = bn * &pay.1 - &pay.0 * bd;
                let rem_d = bd * &pay.1;
                let gg = rem_n.gcd(&rem_d);
                budget[g as usize] = (&rem_n / &gg, &rem_d / &gg);
                paid[g as usize].insert(p as u32, pay);
            }
        }
        paid
    }
}

/// Compares `x1/(d·aw1)` with `x2/(d·aw2)` (same `d`).
fn cmp_rho<N: Num>(x1: &N, aw1: u128, x2: &N, aw2: u128) -> Ordering {
    (x1.value() * aw2).cmp(&(x2.value() * aw1))
}

/// Rank of every class by budget, poorest first.
fn class_ranks<N: Num>(budget: &[N]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..budget.len() as u32).collect();
    order.sort_by(|&a, &b| budget[a as usize].value().cmp(budget[b as usize].value()));
    let mut ranks = vec![0u32; budget.len()];
    for (r, &c) in order.iter().enumerate() {
        ranks[c as usize] = r as u32;
    }
    ranks
}

/// Drops classes nobody belongs to any more, renumbering the others (ZERO stays 0).
fn compact<N: Num>(classes: &mut Classes<N>, scratch: &mut Scratch) {
    let remap = &mut scratch.remap;
    remap.clear();
    remap.resize(classes.budget.len(), u32::MAX);
    remap[ZERO as usize] = ZERO;
    let mut kept: Vec<u32> = vec![ZERO];
    for c in classes.class_of.iter_mut() {
        let slot = &mut remap[*c as usize];
        if *slot == u32::MAX {
            *slot = kept.len() as u32;
            kept.push(*c);
        }
        *c = *slot;
    }
    let mut old: Vec<Option<N>> = std::mem::take(&mut classes.budget)
        .into_iter()
        .map(Some)
        .collect();
    classes.budget = kept
        .iter()
        .map(|&c| {
            old[c as usize]
                .take()
                .unwrap_or_else(|| N::constant(BigInt::zero()))
        })
        .collect();
}

/// Reusable buffers for aggregating a project's supporters by class.
#[derive(Default)]
struct Scratch {
    slot: Vec<u32>,
    by_key: HashMap<(u32, u64), u32>,
    spare: Vec<Entry>,
    remap: Vec<u32>,
}

impl Scratch {
    /// The supporters of `p` with money, one entry per (class, unit).
    fn aggregate(
        &mut self,
        profile: &Profile,
        p: usize,
        class_of: &[u32],
        unit: bool,
    ) -> Vec<Entry> {
        let mut entries = std::mem::take(&mut self.spare);
        entries.clear();
        if unit {
            if self.slot.len() < class_of.len() + 2 {
                self.slot.resize(class_of.len() + 2, u32::MAX);
            }
            for &(g, a) in &profile.supporters[p] {
                let c = class_of[g as usize];
                if c == ZERO {
                    continue;
                }
                let mult = profile.groups[g as usize].mult;
                let s = &mut self.slot[c as usize];
                if *s == u32::MAX {
                    *s = entries.len() as u32;
                    entries.push(Entry {
                        class: c,
                        unit: a,
                        count: mult,
                    });
                } else {
                    entries[*s as usize].count += mult;
                }
            }
            for e in &entries {
                self.slot[e.class as usize] = u32::MAX;
            }
        } else {
            self.by_key.clear();
            for &(g, a) in &profile.supporters[p] {
                let c = class_of[g as usize];
                if c == ZERO {
                    continue;
                }
                let mult = profile.groups[g as usize].mult;
                match self.by_key.get(&(c, a)) {
                    Some(&i) => entries[i as usize].count += mult,
                    None => {
                        self.by_key.insert((c, a), entries.len() as u32);
                        entries.push(Entry {
                            class: c,
                            unit: a,
                            count: mult,
                        });
                    }
                }
            }
        }
        entries
    }

    fn recycle(&mut self, entries: Vec<Entry>) {
        if entries.capacity() > self.spare.capacity() {
            self.spare = entries;
        }
    }
}
