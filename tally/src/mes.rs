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
//!   far share a *class* (see [`super::mes_classes`]); only classes carry money.
//! * All money is an integer numerator over one common denominator `d`; buying a project
//!   multiplies `d` by that project's paying utility units, so every value stays exact without
//!   any gcd. Numerators that most rounds do not look at (other projects' lower bounds, past
//!   payments) follow `d` only when used ([`super::scalar::Scaled`]), and comparisons are
//!   first estimated from leading bits, exactly only when close.
//! * Like pabutools, a project's previous ρ is a lower bound of its current ρ (budgets only
//!   shrink), so each round only prices projects whose bound does not exceed the best ρ found.
//!   A project whose supporters provably cannot pay its cost at the best ρ found so far (in a
//!   certified run: at the reference's winner's ρ) is not priced either
//!   ([`Mes::unpriced`]): in rounds that record nothing, and in the others if it provably
//!   stays that expensive until after a change already recorded (then it gets a lower bound of
//!   its ρ that falls with `δ`).
//! * Of the times at which the winner's all-in payers catch up with their share, only the
//!   earliest matters: each is first bounded from below in floating point ([`CatchUp`]), and
//!   computed exactly only if that bound comes before a change already recorded.
//! * Generic over [`Num`]: with [`super::scalar::Lin`] the same run also reports the smallest
//!   budget increment at which any of its decisions could change (used by `+add1`).
//!   Once a decision may change after a single increment, nothing the rest of the run could
//!   record is ever used: from then on it drops the `δ` parts ([`Num::untrack`]) and computes
//!   values only.
//! * A run given an earlier run of the same election ([`Reference`]) does not price the
//!   candidates that run shows to be unaffordable or more expensive than the round's winner
//!   here too, while their purchases so far are the same ([`Growth::dead`],
//!   [`Growth::outpriced`]).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::mem::take;

use num_bigint::BigInt;
use num_traits::Zero;

use super::amount::Amount;
use super::election::{Election, ProjectIdx};
use super::explain::{MesBudget, MesStep};
use super::mes_classes::{
    Approx, ClassTree, Classes, MARGIN, ZERO, exact_parts, log2_magnitude, ratio_estimate,
    share_rate,
};
use super::profile::{FxHasher, Profile};
use super::scalar::{EventLog, Num, Scaled, crosses_after};

/// What a voter's utility for a funded project is (pabutools' satisfaction class).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Utility {
    /// `Cost_Sat`: the project's cost, for each approved project.
    Cost,
    /// `Cardinality_Sat`: 1 per approved project.
    Cardinality,
    /// `Additive_Cardinal_Sat`: the points given to it.
    Points,
}

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
    /// Total utility units per project.
    units: Vec<u128>,
    /// Per project, the number of its supporters and the largest utility unit one gives it.
    voters: Vec<f64>,
    max_unit: Vec<u64>,
    /// Per project, its price before the first round, for [`Growth::outpriced`].
    first_prices: Vec<Rival>,
    /// The candidates (positions in `candidates`) by increasing price before the first round,
    /// `cost / (units × weight)`, ties in candidate order: the same at every budget.
    first_order: Vec<usize>,
}

/// One bought project, with what is needed to explain it (and to certify other runs).
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
    /// Symbolic runs only: the all-in payers that had money left (see [`Threshold`]).
    all_in_with_money: Vec<AllInPayers>,
}

impl Purchase {
    /// A lower bound of how much more a full-share payer of this purchase pays per utility unit
    /// some increments below (with the same purchases so far), if each of its all-in payers who
    /// had money had at least `lost(class)` less there (see [`Mes::certifies`]).
    fn price_drop(&self, lost: impl Fn(u32) -> f64) -> f64 {
        let kept: f64 = self
            .all_in_with_money
            .iter()
            .map(|p| p.voters * p.money.min(lost(p.class)))
            .sum();
        kept / self.units as f64
    }

    /// A lower bound of how much less a full-share payer of this purchase pays per utility unit
    /// some increments above, where it costs at least `rho` per utility unit (with the same
    /// purchases so far), if each of its all-in payers who had money has at least
    /// `gained(class)` more there: they pay more, up to `rho × utility` (see
    /// [`Mes::certifies`]).
    fn price_rise(&self, gained: impl Fn(u32) -> f64, rho: f64) -> f64 {
        // Negative for voters who would pay less than they had at `rho`.
        let extra = sum_below(self.all_in_with_money.iter().map(|p| {
            let (gain, share) = (gained(p.class), rho * p.utility);
            (
                p.voters * gain.min(share - p.money_hi),
                p.voters * (gain.abs() + share + p.money_hi),
            )
        }));
        let per_unit = extra / self.units as f64;
        per_unit - 2.0 * f64::EPSILON * per_unit.abs()
    }

    /// Bounds of ρ.
    fn rho(&self) -> Approx {
        Approx::of_scaled_ratio(&self.x, 1, &self.d, self.units * self.weight)
    }
}

/// All-in payers of a purchase who had money (every voter of such a class has never paid all
/// they had before, so their money grows by at least one unit per increment; see
/// [`Mes::certifies`]).
#[derive(Clone, Debug)]
struct AllInPayers {
    class: u32,
    voters: f64,
    /// Utility of one voter for the project (`unit × weight`).
    utility: f64,
    /// Bounds of the money of one voter (the lower one positive).
    money: f64,
    money_hi: f64,
}

/// The result of one MES run.
#[derive(Clone, Debug)]
pub(crate) struct MesRun {
    /// Funded projects: the free ones first, then in purchase order.
    pub selected: Vec<ProjectIdx>,
    /// The purchases, in order.
    pub purchases: Vec<Purchase>,
    /// Plain runs only: the money the supporters of each candidate (in the order of
    /// `Mes::candidates`) have left at the end, as numerators over `final_d`.
    supporters_left: Vec<BigInt>,
    final_d: BigInt,
    /// Symbolic runs only: what each class paid (see [`Mes::certifies`]).
    tree: ClassTree,
    /// Symbolic runs only: per round, the other projects priced or found outpriced (see
    /// [`MesRun::crossing`] and [`Growth::outpriced`]) and the candidates found unaffordable
    /// (see [`Growth::dead`]).
    rivals: Vec<Vec<Rival>>,
    dead: Vec<Vec<Dead>>,
}

/// A candidate found unaffordable: its supporters have at most `money + growth × δ` in all
/// `δ` increments above the run's level (while the run's decisions hold; both are upper bounds:
/// the money, a sum of concave functions of `δ`, lies below its tangent).
#[derive(Clone, Copy, Debug)]
struct Dead {
    cand: usize,
    money: f64,
    growth: f64,
}

impl Dead {
    /// Candidate `cand`, whose `voters` supporters have at most `money` in all here, each
    /// gaining at most `rate` per increment.
    fn growing(cand: usize, money: f64, voters: f64, rate: GainRate) -> Dead {
        Dead {
            cand,
            money,
            growth: voters * rate.per_increment(),
        }
    }

    /// A lower bound of the increments after which its supporters may afford `cost` (`None`:
    /// never).
    fn affordable_after(&self, cost: f64) -> Option<u64> {
        let increments = (cost - self.money) / self.growth * (1.0 - 1e-9);
        (increments < u64::MAX as f64).then(|| (increments.ceil() as u64).max(1))
    }

    /// The same bound `shift` increments further.
    fn shifted(self, shift: u64) -> Dead {
        Dead {
            money: (self.money + self.growth * shift as f64) * (1.0 + 4.0 * f64::EPSILON),
            ..self
        }
    }
}

/// A project's price in a round of a symbolic run that another project won (or before the
/// first round).
#[derive(Clone, Copy, Debug)]
struct Rival {
    project: u32,
    /// A lower bound of its ρ.
    rho: f64,
    /// The utility of its full-share payers (a lower bound).
    aw: f64,
}

impl MesRun {
    /// Whether both runs bought the same projects in the same order.
    pub fn same_purchases(&self, other: &MesRun) -> bool {
        self.purchases
            .iter()
            .map(|p| p.project)
            .eq(other.purchases.iter().map(|p| p.project))
    }

    /// Where the purchases of this (symbolic) run probably change, estimated from a run
    /// `length` increments above that missed its certificate: the increments above this level
    /// at which the overtaking project's ρ meets this run's winner's, on straight lines through
    /// both prices at both levels. `None` if either price is unknown at either level, or if the
    /// winner is still the cheaper one at the far level (a near tie the certificate could not
    /// resolve). Only steers the search (see [`super::add1`]): nothing relies on it.
    pub fn crossing(&self, length: u64, miss: &Miss) -> Option<f64> {
        let Miss::Overtaken {
            round,
            project,
            rho,
            winner: Some(winner),
        } = *miss
        else {
            return None;
        };
        let other_below = self
            .rivals
            .get(round)?
            .iter()
            .find(|r| r.project == project)?;
        let gap_below = other_below.rho - self.purchases.get(round)?.rho().lower();
        let gap_above = rho - winner;
        (gap_below > 0.0 && gap_above < 0.0)
            .then(|| length as f64 * gap_below / (gap_below - gap_above))
    }
}

/// Per-voter payments, for property tests: `paid[g][p]` is the exact amount one voter of group
/// `g` paid for project `p`.
#[cfg(test)]
pub(crate) type Payments = Vec<HashMap<u32, (BigInt, BigInt)>>;

/// Supporters of a project with the same money and utility unit.
#[derive(Clone, Debug)]
struct Entry {
    class: u32,
    /// Number of voters (a sum of group multiplicities: see [`super::profile::Group::mult`]).
    count: u32,
    unit: u64,
    /// Pays all it has (money below the share).
    all_in: bool,
}

impl Entry {
    /// Its utility units: voters × unit.
    fn units(&self) -> u128 {
        u128::from(self.count) * u128::from(self.unit)
    }

    /// Marks it as paying all it has, listed in `grew` (class, voters) to be added to the sum of
    /// all-in money; returns its units, no longer among the full-share payers'.
    fn mark_all_in(&mut self, grew: &mut Vec<(u32, u32)>) -> u128 {
        self.all_in = true;
        grew.push((self.class, self.count));
        self.units()
    }
}

/// A project priced in the current round.
struct Priced<N> {
    cand: usize,
    /// ρ = x / (d × aw).
    x: N,
    aw: u128,
    /// Utility units of the full-share payers.
    units: u128,
    /// The supporters' classes.
    entries: Vec<Entry>,
}

impl<N: Num> Priced<N> {
    /// Bounds of ρ, with the run's current common denominator `d`.
    fn rho(&self, d: &BigInt) -> Approx {
        Approx::of_scaled_ratio(self.x.value(), 1, d, self.aw)
    }

    /// An upper bound of how fast ρ falls per increment (0 once the run stops tracking `δ`).
    fn rho_rate(&self, d: &BigInt) -> f64 {
        let slope = self.x.log2_parts().1 - log2_magnitude(d) - (self.aw as f64).log2();
        slope.exp2() * (1.0 + 1e-6)
    }
}

/// What one round of a run decided, enough to replay it at another budget where all its
/// decisions are the same (see [`Replay`]).
#[derive(Clone, Debug)]
pub(crate) struct RoundRecord<N> {
    /// The bought candidate, its ρ numerator and denominator factor, its full-share units.
    win: usize,
    x: N,
    aw: u128,
    units: u128,
    /// Its supporters' classes, with who paid all they had.
    entries: Vec<Entry>,
    /// The other candidates priced in this round, with their ρ (new lower bounds).
    others: Vec<(usize, N, u128)>,
    /// The candidates found outpriced without pricing, with a lower bound of their ρ at every
    /// level the round may be replayed at.
    outpriced: Vec<(usize, N, u128)>,
    /// The candidates found unaffordable in this round.
    dead: Vec<Dead>,
}

/// The first rounds of an earlier symbolic run, replayed instead of recomputed.
///
/// If none of the decisions recorded for rounds `0..rounds.len()` of a run at budget level `k`
/// can change within `shift` increments (see [`EventLog::valid_prefix`]), the run at level
/// `k + shift` makes exactly the same decisions in those rounds, and every value they computed
/// is the same affine function of `δ` taken `shift` increments further ([`Num::shifted`]). So
/// those rounds need no pricing: the winner, its all-in payers, the other candidates' new lower
/// bounds and the unaffordable candidates are taken from the record, and only the payment is
/// carried out again (it builds this run's voter classes).
pub(crate) struct Replay<'r, N> {
    /// The rounds to replay.
    pub rounds: &'r [RoundRecord<N>],
    /// Their recorded steps ([`EventLog::steps`] of that run).
    pub steps: &'r [Option<u64>],
    /// Increments from that run's budget to this one's.
    pub shift: u64,
}

impl<N: Num> Replay<'_, N> {
    /// The record of `round` if it can be replayed: recorded, and its decisions (and the earlier
    /// rounds') cannot change within `shift` increments.
    fn round(&self, round: usize) -> Option<&RoundRecord<N>> {
        let steps = self.steps.get(..=round)?;
        let holds = steps.iter().all(|s| s.is_none_or(|s| s > self.shift));
        self.rounds.get(round).filter(|_| holds)
    }
}

/// An earlier run of the same election, some increments below (see [`Mes::run_checked`]).
#[derive(Clone, Copy)]
pub(crate) struct Reference<'r> {
    pub run: &'r MesRun,
    /// Increments from its level to this run's.
    pub length: u64,
    /// `Some(round)`: this run must make the same purchases, each certified from that round
    /// on; `None`: it only saves work while its purchases are the same.
    pub certify_from: Option<usize>,
}

struct Candidate<N> {
    project: u32,
    /// Lower bound of ρ: `lb_x / (d × lb_aw)`.
    lb_x: Scaled<N>,
    lb_aw: u128,
}

/// What a round decided: the winner, the other candidates priced (with their ρ), the ones
/// shown to cost more than some priced one without being priced (with a new lower bound of
/// their ρ), the unaffordable ones, and the candidates not looked at (still by increasing lower
/// bound).
struct Decided<N> {
    /// `None` if no candidate is affordable: the run ends.
    win: Option<Priced<N>>,
    others: Vec<(usize, N, u128)>,
    outpriced: Vec<(usize, N, u128)>,
    dead: Vec<Dead>,
    rest: Vec<usize>,
}

/// A reference run's round, for certifying the same round of a run `length` increments
/// further (see [`Mes::run_checked`] and [`Mes::certifies`]).
struct Threshold<'r> {
    /// The round, the project bought, and its ρ: `num / den`.
    round: usize,
    project: u32,
    num: BigInt,
    den: BigInt,
    /// Bounds of that ρ.
    bounds: Approx,
    /// Its cost and the utility of its full-share payers (ρ's `aw`).
    cost: f64,
    aw: f64,
    /// The reference run (its purchase in that round has the all-in payers who had money).
    reference: &'r MesRun,
    /// Increments between the two runs.
    length: f64,
}

/// A lower bound of what the supporters of a project pay at price `rho` per utility unit:
/// `aw` utility units of full-share payers, and the others given as `(voters, money, utility)`
/// (see [`Mes::certifies`]).
fn winner_pays(aw: f64, others: impl Iterator<Item = (f64, f64, f64)>, rho: f64) -> f64 {
    let full = rho * aw;
    sum_below(
        std::iter::once((full, full)).chain(others.map(|(voters, money, utility)| {
            let share = rho * utility;
            (voters * money.min(share), voters * (money.abs() + share))
        })),
    )
}

/// A lower bound of the exact sum of terms given as `(value, size)`, each value computed with
/// a few roundings from operands of absolute value at most `size`: the rounded sum minus a
/// bound of all those roundings (the terms may have both signs).
fn sum_below(terms: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut sum, mut size, mut count) = (0.0, 0.0, 0.0);
    for (value, bound) in terms {
        sum += value;
        size += bound.abs();
        count += 1.0;
    }
    sum - 4.0 * (count + 8.0) * f64::EPSILON * size
}

/// What a run given a reference run `length` increments below knows about how far the two can
/// differ while they make the same purchases.
///
/// For certified runs, also per purchase so far, lower bounds of how much more a full-share
/// payer paid per utility unit at the reference's level (`drops`, from this run's all-in
/// payers) and how much less it paid at this level (`rises`, from the reference's) (see
/// [`Mes::certifies`]). Only near ties need them: they are computed when one is met
/// ([`Growth::catch_up`]).
#[derive(Default)]
struct Growth {
    drops: Vec<f64>,
    rises: Vec<f64>,
    /// A bound of the roundings behind any one of the `drops` (each is a sum of non-negative
    /// terms computed from earlier ones, so its relative error is at most this many `ε`).
    roundings: f64,
    /// An upper bound of how much less any voter paid in all purchases so far than at the
    /// reference's level (see [`Growth::outpriced`]).
    paid_less: f64,
    /// Increments between the two runs.
    length: f64,
    /// Per project, its latest price in the reference run (up to this round).
    reference_prices: Vec<Rival>,
    /// Per candidate, its supporters' money (an upper bound) in the reference run if it was
    /// unaffordable there by this round.
    reference_dead: Vec<Option<f64>>,
    /// The reference's winner in this round, with an upper bound of its ρ.
    winner: Option<(u32, f64)>,
}

impl Growth {
    /// Adds this run's `purchase` and the reference's `earlier` one (the same project, whose
    /// supporters have at most `max_unit` utility units).
    fn add(&mut self, purchase: &Purchase, earlier: Option<&Purchase>, max_unit: u64) {
        // A full-share payer here paid `ρ × utility`, at most that at the reference (see
        // `outpriced`); the others paid all they had there.
        let utility = max_unit as f64 * purchase.weight as f64;
        self.paid_less += earlier.map_or(f64::INFINITY, |e| {
            let fall = e.rho().upper() - purchase.rho().lower();
            (utility * fall).max(0.0) * (1.0 + 1e-9)
        });
    }

    /// Computes `drops` and `rises` for the `purchases` of this run (`classes` are its classes)
    /// not done yet; `reference` is the reference run, which made the same purchases.
    fn catch_up<N: Num>(
        &mut self,
        purchases: &[Purchase],
        classes: &Classes<N>,
        reference: &MesRun,
    ) {
        let length = self.length;
        for (round, purchase) in purchases.iter().enumerate().skip(self.drops.len()) {
            let drop = purchase.price_drop(|c| self.lost(length, classes.paid_units(c)));
            let rise = reference.purchases.get(round).map_or(0.0, |e| {
                let rho = purchase.rho().lower();
                e.price_rise(|c| self.gained(length, reference.tree.paid_units(c)), rho)
            });
            self.roundings += (purchase.all_in_with_money.len() + self.drops.len() + 8) as f64;
            self.drops.push(drop);
            self.rises.push(rise);
        }
    }

    /// If `project` (supported by `voters` voters) provably costs more here than the
    /// reference's winner of this round there, with no need to price it here: the increments
    /// above this level after which that may change (a lower bound). It cannot win here then:
    /// the winner costs at most that much here.
    ///
    /// The proof uses the project's latest price at the reference, `ρ_ref` (with `aw`, its
    /// full-share payers' utility), and `rho`, an upper bound of the reference's winner's ρ.
    /// With the same purchases so far, a voter has at most `G = length + paid_less` more money
    /// here than at the reference (by induction over the purchases: a full-share payer pays
    /// `ρ × utility` at both levels, at most `max_unit × weight × (ρ_ref − ρ)` less here; an
    /// all-in payer there has nothing left there, and here keeps at most what it paid less).
    /// What the project's supporters pay at price `ρ`, `f(ρ) = Σ min(money, ρ × utility)`, is
    /// then at most `f_ref(ρ) + voters × G`; `f_ref` is concave with slope `aw` at `ρ_ref`
    /// (and money only shrinks over the rounds), so `f(rho) ≤ cost − aw × (ρ_ref − rho) +
    /// voters × G`, below the cost, hence the project's ρ here above `rho`, if
    /// `aw × (ρ_ref − rho) > voters × G`.
    fn outpriced(&self, project: usize, voters: f64, rate: GainRate) -> Option<u64> {
        let (winner, rho) = self.winner?;
        let spare = self.spare_gain(project, voters, rho);
        (winner as usize != project && spare > 0.0).then(|| rate.increments_to_gain(spare))
    }

    /// How much more money per voter than `gain` the supporters of `project` could have
    /// before `project` might cost `rho` or less here (see [`Growth::outpriced`]).
    fn spare_gain(&self, project: usize, voters: f64, rho: f64) -> f64 {
        let rival = &self.reference_prices[project];
        let margin = (rival.rho - rho) * rival.aw;
        let roundings = 4.0 * f64::EPSILON * (rival.rho + rho) * rival.aw;
        (margin - roundings) / voters * (1.0 - 4.0 * f64::EPSILON) - self.gain()
    }

    /// An upper bound of how much more money any voter has here than at the reference, in
    /// this round (see [`Growth::outpriced`]).
    fn gain(&self) -> f64 {
        (self.length + self.paid_less) * (1.0 + 1e-9)
    }

    /// Candidate `cand` (`voters` supporters, cost `cost`) if it is provably unaffordable here
    /// because it was at the reference: its supporters have at most `voters × gain` more here,
    /// and that gain grows by at most `rate` per increment above this level.
    fn dead(&self, cand: usize, voters: f64, cost: f64, rate: GainRate) -> Option<Dead> {
        let money = (*self.reference_dead.get(cand)?)? + voters * self.gain();
        let money = money * (1.0 + 4.0 * f64::EPSILON);
        (money < cost).then(|| Dead::growing(cand, money, voters, rate))
    }

    /// Notes the prices of the projects the reference priced in this round, the candidates it
    /// found unaffordable, and its winner with an upper bound of its ρ.
    fn follow(&mut self, rivals: &[Rival], dead: &[Dead], winner: Option<(u32, f64)>) {
        self.winner = winner;
        for r in rivals {
            self.reference_prices[r.project as usize] = *r;
        }
        for d in dead {
            self.reference_dead[d.cand] = Some(d.money);
        }
    }

    /// A lower bound of how much less money voters who paid the full share for `paid`
    /// (purchases with utility units) had `length` increments below.
    fn lost(&self, length: f64, paid: impl Iterator<Item = (u32, u64)>) -> f64 {
        length
            + paid
                .map(|(purchase, unit)| unit as f64 * self.drops[purchase as usize])
                .sum::<f64>()
    }

    /// A lower bound of how much more money voters who paid the full share for `paid` have
    /// `length` increments above (may be negative: see [`Purchase::price_rise`]).
    fn gained(&self, length: f64, paid: impl Iterator<Item = (u32, u64)>) -> f64 {
        let rises = paid.map(|(purchase, unit)| {
            let rise = unit as f64 * self.rises[purchase as usize];
            (rise, rise.abs())
        });
        sum_below(std::iter::once((length, length)).chain(rises))
    }
}

/// What a candidate's supporters' money shows without pricing it (see [`Mes::unpriced`]).
enum Unpriced {
    /// They have at most `money` in all, less than its cost.
    Unaffordable {
        money: f64,
    },
    Outpriced(Outpriced),
}

/// A candidate found outpriced without pricing (see [`Mes::unpriced`]).
struct Outpriced {
    /// A lower bound of its ρ.
    bound: f64,
    /// A lower bound of the money its supporters lack to pay its cost at the price it was
    /// measured against.
    lacking: f64,
    /// An upper bound of how fast what they pay grows with the price there (the utility of
    /// the full-share payers): each unit of money they gain lowers `bound` by at most its
    /// inverse.
    slope: f64,
}

/// How fast a voter's money can grow per increment above a symbolic run's level, while the
/// run's decisions so far hold: one unit, plus what each purchase so far costs a full-share
/// payer less as its price falls (the prices paid so far lie above their tangents).
#[derive(Clone, Copy, Debug, Default)]
struct GainRate {
    /// Σ over the purchases so far of the utility of a full-share payer × how fast the price
    /// falls (upper bounds).
    paid_less: f64,
}

impl GainRate {
    /// Adds a purchase whose full-share payers have at most `utility` and whose ρ falls by at
    /// most `rho_rate` per increment.
    fn add(&mut self, utility: f64, rho_rate: f64) {
        self.paid_less += utility * rho_rate * (1.0 + 1e-9);
    }

    /// An upper bound of the money a voter gains per increment.
    fn per_increment(self) -> f64 {
        (1.0 + self.paid_less) * (1.0 + 1e-9)
    }

    /// A lower bound of the increments after which a voter may have `gain` more money.
    fn increments_to_gain(self, gain: f64) -> u64 {
        let increments = gain / self.per_increment();
        (increments.ceil() as u64).max(1)
    }
}

/// Why a run could not be certified against its reference (see [`Mes::run_checked`]).
#[derive(Debug)]
pub(crate) enum Miss {
    /// In round `round`, `project` (priced `rho` here, a lower bound) may be cheaper than the
    /// reference's winner (priced `winner` here, if still affordable) at some level in between:
    /// enough to estimate where the purchases change (see [`MesRun::crossing`]).
    Overtaken {
        round: usize,
        project: u32,
        rho: f64,
        winner: Option<f64>,
    },
    /// Another difference: another winner in a round that needed no certificate, or another
    /// number of rounds.
    Differs,
}

impl Miss {
    /// Whether the missed run probably makes other purchases than the reference: another
    /// winner or number of rounds, a winner no longer affordable, or a project found cheaper
    /// than the winner (on bounds of both prices). Only steers the search.
    pub fn differs(&self) -> bool {
        !matches!(*self, Miss::Overtaken { rho, winner: Some(winner), .. } if rho >= winner)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

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
        let units: Vec<u128> = (0..projects.len()).map(|p| profile.units_of(p)).collect();
        let voters = (0..projects.len())
            .map(|p| profile.voters_of(p) as f64)
            .collect();
        let first_prices = (0..projects.len())
            .map(|p| {
                // ρ = cost / aw, both rounded down.
                let aw = (units[p] * weight[p]) as f64 * (1.0 - f64::EPSILON);
                Rival {
                    project: p as u32,
                    rho: projects[p].cost() as f64 / aw * (1.0 - 2.0 * f64::EPSILON),
                    aw,
                }
            })
            .collect();
        let max_unit = profile
            .supporters
            .iter()
            .map(|s| s.iter().map(|&(_, a)| u64::from(a)).max().unwrap_or(0))
            .collect();
        let mut candidates = Vec::new();
        let mut free = Vec::new();
        for (p, project) in projects.iter().enumerate() {
            if units[p] * weight[p] > 0 {
                if project.cost() > 0 {
                    candidates.push(p as u32);
                } else {
                    free.push(ProjectIdx::new(p as u32));
                }
            }
        }
        let first_price = |c: usize| {
            let p = candidates[c] as usize;
            (BigInt::from(projects[p].cost()), units[p] * weight[p])
        };
        let mut first_order: Vec<usize> = (0..candidates.len()).collect();
        first_order.sort_by(|&a, &b| {
            let ((x1, aw1), (x2, aw2)) = (first_price(a), first_price(b));
            cmp_rho(&x1, aw1, &x2, aw2)
        });
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
            units,
            voters,
            max_unit,
            first_prices,
            first_order,
        }
    }

    /// The projects MES can buy (positive cost and utility).
    pub fn candidates(&self) -> impl Iterator<Item = ProjectIdx> + '_ {
        self.candidates.iter().map(|&p| ProjectIdx::new(p))
    }

    /// Number of voters, including empty ballots.
    pub fn n_voters(&self) -> u64 {
        self.profile.n_voters
    }

    /// Runs MES with each voter starting at `start / n_voters` (a numerator over the number of
    /// voters), recording in `log` when a decision could change (only with `Lin`).
    pub fn run<N: Num>(&self, start: N, log: &mut EventLog) -> MesRun {
        // Without a reference there is nothing to certify, so the run always completes.
        self.run_checked(start, log, None, None, &mut Vec::new())
            .unwrap_or_else(|_| self.empty_run())
    }

    fn empty_run(&self) -> MesRun {
        MesRun {
            selected: self.free.clone(),
            purchases: Vec::new(),
            supporters_left: Vec::new(),
            final_d: BigInt::from(1),
            tree: ClassTree::default(),
            rivals: Vec::new(),
            dead: Vec::new(),
        }
    }

    /// Like [`Mes::run`]. With a `reference` (a run some increments below this one), skips
    /// pricing what that run shows cannot win or is unaffordable here while the purchases are
    /// the same ([`Growth::outpriced`], [`Growth::dead`]); if it is to be certified, returns why
    /// as soon as this run cannot be certified to make the same purchases as the reference at
    /// every budget in between (see [`super::add1`]): the same project in every round; from
    /// round `certify_from` on, every other project provably more expensive than the winner at
    /// every budget in between ([`Mes::certifies`]); the same number of rounds.
    ///
    /// Rounds before `certify_from` may be taken from `replay` (see [`Replay`]); every round
    /// is recorded in `trace`, so that later runs can replay this one.
    pub fn run_checked<N: Num>(
        &self,
        start: N,
        log: &mut EventLog,
        reference: Option<Reference<'_>>,
        replay: Option<Replay<'_, N>>,
        trace: &mut Vec<RoundRecord<N>>,
    ) -> Result<MesRun, Miss> {
        trace.clear();
        let n = self.profile.n_voters;
        if n == 0 {
            return Ok(MesRun {
                selected: Vec::new(),
                ..self.empty_run()
            });
        }
        let certify_from = reference.and_then(|r| r.certify_from);
        // Only certified runs compare prices with the reference's exactly.
        let thresholds: Option<Vec<Threshold>> = reference
            .filter(|r| r.certify_from.is_some())
            .map(|Reference { run: r, length, .. }| {
                r.purchases
                    .iter()
                    .enumerate()
                    .map(|(round, buy)| {
                        let aw = buy.units * buy.weight;
                        Threshold {
                            round,
                            project: buy.project.get(),
                            num: buy.x.clone(),
                            den: &buy.d * aw,
                            bounds: buy.rho(),
                            cost: self.cost(buy.project.index()) as f64,
                            aw: aw as f64,
                            reference: r,
                            length: length as f64,
                        }
                    })
                    .collect()
            });
        let mut classes = Classes::new(n, start, self.profile.groups.len());
        // Room for as many classes as the reference made and a quarter more (growing costs
        // copies, into fresh memory).
        if let Some(r) = reference {
            classes.reserve(r.run.tree.len() + r.run.tree.len() / 4);
        }
        let mut cands: Vec<Candidate<N>> = self
            .candidates
            .iter()
            .map(|&p| Candidate {
                project: p,
                lb_x: Scaled::new(
                    N::constant(BigInt::from(self.cost(p as usize)) * &classes.d),
                    0,
                ),
                lb_aw: self.units[p as usize] * self.weight[p as usize],
            })
            .collect();
        // Candidates still in the race by increasing lower bound. All bounds are rescaled by the
        // same factor each round, so only re-priced candidates move.
        let mut order = self.first_order.clone();
        debug_assert!(order.is_sorted_by(|&i, &j| cmp_lb(&cands[i], &cands[j]).is_le()));
        let mut selected = self.free.clone();
        let mut purchases = Vec::new();
        let mut scratch = Scratch::default();
        let mut untracked = false;
        let mut rate = GainRate::default();
        let mut growth = reference.map(|r| Growth {
            length: r.length as f64,
            reference_prices: self.first_prices.clone(),
            reference_dead: vec![None; cands.len()],
            ..Growth::default()
        });
        let (mut rivals, mut deaths) = (Vec::new(), Vec::new());

        loop {
            let round = purchases.len();
            log.at(round);
            // The reference's purchase in this round (`None` past its last one).
            let reference_buy = reference.map(|r| r.run.purchases.get(round));
            // Certified runs must make the reference's purchases.
            let reference_winner = reference_buy
                .filter(|_| certify_from.is_some())
                .map(|buy| buy.map(|buy| buy.project.get()));
            let threshold = thresholds
                .as_ref()
                .and_then(|t| t.get(round))
                .filter(|_| certify_from.is_some_and(|from| round >= from));
            if let (Some(r), Some(growth)) = (reference, growth.as_mut()) {
                growth.follow(
                    r.run.rivals.get(round).map_or(&[], Vec::as_slice),
                    r.run.dead.get(round).map_or(&[], Vec::as_slice),
                    reference_buy
                        .flatten()
                        .map(|buy| (buy.project.get(), buy.rho().upper())),
                );
            }
            let replayed = replay
                .as_ref()
                .filter(|_| !untracked && threshold.is_none())
                .and_then(|r| r.round(round).map(|rec| (rec, r.shift, r.steps[round])));
            // Once a decision may change after one increment, no later round's event or record
            // is ever used: the rest of the run needs values only.
            if N::TRACKS && !untracked && replayed.is_none() && log.is_settled() {
                untracked = true;
                classes.untrack();
                for c in &mut cands {
                    c.lb_x.untrack();
                }
            }
            let Decided {
                win,
                others,
                outpriced,
                dead,
                rest,
            } = match replayed {
                Some((rec, shift, step)) => {
                    log.inherit(step.map(|s| s - shift));
                    Self::replay_round(rec, shift, &order, cands.len())
                }
                None => self.price_round(
                    &order,
                    (&mut cands, &mut classes, &mut scratch),
                    log,
                    (threshold, growth.as_mut(), &purchases, rate),
                    !N::TRACKS || untracked,
                )?,
            };
            if N::TRACKS {
                deaths.push(dead.clone());
            }
            let Some(win) = win else {
                // No affordable project left: the run ends. A reference that went on differs.
                if matches!(reference_winner, Some(Some(_))) {
                    return Err(Miss::Differs);
                }
                break;
            };
            if let Some(w) = reference_winner
                && w != Some(cands[win.cand].project)
            {
                return Err(Miss::Differs);
            }
            // Past a different purchase, the reference tells nothing.
            if reference_buy.flatten().map(|buy| buy.project.get()) != Some(cands[win.cand].project)
            {
                growth = None;
            }
            if N::TRACKS {
                let rival = |(ci, x, aw): &(usize, N, u128), slope: f64| Rival {
                    project: cands[*ci].project,
                    rho: Approx::of_scaled_ratio(x.value(), 1, &classes.d, *aw).lower(),
                    aw: slope,
                };
                // Of an outpriced candidate only a lower bound of ρ is known, and nothing of its
                // full-share payers.
                let priced = others
                    .iter()
                    .map(|o| rival(o, o.2 as f64 * (1.0 - f64::EPSILON)));
                rivals.push(
                    priced
                        .chain(outpriced.iter().map(|o| rival(o, 0.0)))
                        .collect(),
                );
            }
            if N::TRACKS && replayed.is_none() && !log.is_settled() {
                self.record_round_events(&win, &others, &rest, &mut cands, &mut classes, log);
            }
            // The winner's entries join the record once paid.
            let record = (N::TRACKS && !untracked).then(|| RoundRecord {
                win: win.cand,
                x: win.x.clone(),
                aw: win.aw,
                units: win.units,
                entries: Vec::new(),
                others: others.clone(),
                outpriced: outpriced.clone(),
                dead,
            });
            // Re-priced candidates get their new bounds; the unaffordable ones and the winner
            // leave; the others keep their (uniformly rescaled) bounds, hence their order.
            let mut repriced: Vec<usize> = others.iter().chain(&outpriced).map(|c| c.0).collect();
            for (ci, x, aw) in others.into_iter().chain(outpriced) {
                cands[ci].lb_x = Scaled::new(x, round);
                cands[ci].lb_aw = aw;
            }
            repriced.sort_by(|&i, &j| cmp_lb(&cands[i], &cands[j]));
            order = merge_by_bound(&mut cands, classes.factors(), repriced, rest);
            selected.push(ProjectIdx::new(cands[win.cand].project));
            let rho_rate = win.rho_rate(&classes.d);
            let purchase = self.pay(&win, &mut classes, &cands, &mut scratch);
            match record {
                Some(record) => trace.push(RoundRecord {
                    entries: win.entries,
                    ..record
                }),
                None => scratch.recycle(win.entries),
            }
            let max_unit = self.max_unit[purchase.project.index()];
            rate.add(max_unit as f64 * purchase.weight as f64, rho_rate);
            if let (Some(r), Some(growth)) = (reference, growth.as_mut()) {
                growth.add(&purchase, r.run.purchases.get(round), max_unit);
            }
            purchases.push(purchase);
        }

        // Plain runs: what the supporters of each candidate have left (for `Mes::explain`),
        // summed by what each class paid (see `Classes::add_to_sum`), without the exact money
        // of every class.
        let supporters_left = if N::TRACKS {
            Vec::new()
        } else {
            self.candidates
                .iter()
                .map(|&p| {
                    let (class_of, n) = (&classes.class_of, classes.len());
                    let entries = scratch.aggregate(self.profile, p as usize, class_of, n);
                    let members: Vec<(u32, u32)> =
                        entries.iter().map(|e| (e.class, e.count)).collect();
                    scratch.recycle(entries);
                    let (mut voters, mut units) = (0, Vec::new());
                    classes.add_to_sum(&members, &mut voters, &mut units);
                    classes.sum(voters, &units).value().clone()
                })
                .collect()
        };
        let tree = if N::TRACKS {
            classes.take_tree()
        } else {
            ClassTree::default()
        };
        Ok(MesRun {
            selected,
            purchases,
            supporters_left,
            final_d: classes.d,
            tree,
            rivals,
            dead: deaths,
        })
    }

    /// Prices the candidates of `order` (by increasing lower bound) until the rest provably
    /// cannot beat the best one (nor, with a `threshold`, the reference's winner). `None` if
    /// none is affordable; a [`Miss`] if, with a `threshold`, a project other than the
    /// reference's winner may be cheaper than it at some budget in between.
    ///
    /// A candidate whose supporters provably cannot pay its cost at the best price found so far
    /// is not priced ([`Mes::unpriced`]): it cannot win, and gets a new lower bound of its ρ
    /// instead. With a `threshold`, the price is the reference's winner's: a candidate above it
    /// here is above it at every level in between, which is what [`Mes::certifies`] checks of
    /// the priced ones. In a round that records changes (not `values_only`: a plain run, or a
    /// symbolic one whose log is settled), only if the change of its own it would record comes
    /// after one already recorded.
    fn price_round<N: Num>(
        &self,
        order: &[usize],
        (cands, classes, scratch): (&mut [Candidate<N>], &mut Classes<N>, &mut Scratch),
        log: &mut EventLog,
        (threshold, mut growth, purchases, rate): (
            Option<&Threshold>,
            Option<&mut Growth>,
            &[Purchase],
            GainRate,
        ),
        values_only: bool,
    ) -> Result<Decided<N>, Miss> {
        let mut best: Option<Priced<N>> = None;
        let mut others: Vec<(usize, N, u128)> = Vec::new();
        let mut outpriced: Vec<(usize, N, u128)> = Vec::new();
        let mut dead: Vec<Dead> = Vec::new();
        let mut skipped: Vec<usize> = Vec::with_capacity(order.len());
        let mut evaluated = 0;
        for &ci in order {
            cands[ci].lb_x.current(classes.factors());
            let c = &cands[ci];
            let beyond_best = best.as_ref().is_some_and(|b| {
                cmp_rho(c.lb_x.last().value(), c.lb_aw, b.x.value(), b.aw) == Ordering::Greater
            });
            let beyond_threshold = threshold.is_none_or(|t| {
                cmp_threshold(c.lb_x.last().value(), c.lb_aw, &classes.d, t) == Ordering::Greater
            });
            if beyond_best && beyond_threshold {
                break;
            }
            evaluated += 1;
            let project = cands[ci].project as usize;
            let (voters, cost) = (self.voters[project], self.cost(project) as f64);
            // A candidate unaffordable at the reference, with a margin, needs no pricing, nor
            // does a rival the reference priced well above its winner (it cannot win here
            // either: the winner costs at most its price there). Only when the bound on when
            // that could change (cruder than pricing's) comes after a change already recorded:
            // then the run's steps are the same as if it had been priced.
            if let Some(found) = growth
                .as_deref()
                .and_then(|g| g.dead(ci, voters, cost, rate))
                && let step = found.affordable_after(cost)
                && log.is_moot(step)
            {
                #[cfg(test)]
                tests::record_skip(log, project, ((None, 0.0), step), false);
                dead.push(found);
                continue;
            }
            if let Some(growth) = growth.as_deref()
                && let Some(step) = growth.outpriced(project, voters, rate)
                && log.is_moot(Some(step))
            {
                #[cfg(test)]
                tests::record_skip(
                    log,
                    project,
                    ((growth.winner.map(|(_, rho)| rho), 0.0), Some(step)),
                    false,
                );
                skipped.push(ci);
                continue;
            }
            // The price it must be above to be left unpriced: the best found so far (then it
            // cannot win), or in a certified run the reference's winner's (then it is above
            // that winner at every level in between, see `Mes::certifies`; the winner itself is
            // always priced).
            let to_beat = match threshold {
                Some(t) => (t.project != cands[ci].project).then_some(t.bounds),
                None => best.as_ref().map(|b| b.rho(&classes.d)),
            };
            // Not for the reference's winner of this round: it is about always the winner here.
            let reference_winner = growth
                .as_deref()
                .and_then(|g| g.winner)
                .is_some_and(|(w, _)| w as usize == project);
            let found = (!reference_winner)
                .then(|| self.unpriced(project, to_beat, classes))
                .flatten();
            // Unaffordable: its supporters' money grows by at most `rate` per voter and
            // increment. In a round that records changes, only if it stays unaffordable until
            // after a change already recorded.
            if let Some(Unpriced::Unaffordable { money }) = found {
                let found = Dead::growing(ci, money, voters, rate);
                let step = found.affordable_after(cost);
                if values_only || log.is_moot(step) {
                    // The claim to check: unaffordable here, and until `step` if it matters.
                    #[cfg(test)]
                    let claim = if values_only { Some(1) } else { step };
                    #[cfg(test)]
                    tests::record_skip(log, project, ((None, 0.0), claim), true);
                    dead.push(found);
                    continue;
                }
            }
            // Its new lower bound of ρ, `bound − fall × δ`. In a round that records changes,
            // only if it stays above that price (which only falls) until after a change already
            // recorded: then no change of its own needs recording. There, its supporters gain
            // at most `rate` per voter and increment, so the bound falls at most by that
            // many voters over the full-share payers' utility at that price (see
            // `Mes::unpriced`): it holds at every level the round may be replayed at.
            let lower_bound = match found {
                Some(Unpriced::Outpriced(found)) if values_only => Some((found.bound, 0.0)),
                Some(Unpriced::Outpriced(found)) => {
                    let step = rate.increments_to_gain(found.lacking / voters);
                    let fall = voters * rate.per_increment() / found.slope * (1.0 + 1e-9);
                    let moot = log.is_moot(Some(step));
                    #[cfg(test)]
                    if moot {
                        let claim = (Some(found.bound), fall);
                        tests::record_skip(log, project, (claim, log.prefix_min()), true);
                    }
                    moot.then_some((found.bound, fall))
                }
                _ => None,
            };
            if let Some((bound, fall)) = lower_bound
                && let Some((x, aw)) = exact_bound::<N>(bound, fall, &classes.d)
            {
                #[cfg(test)]
                if let Ok(priced) = self.price(ci, cands, classes, scratch, log) {
                    tests::record_outpriced(tests::Outpriced {
                        bound_vs_rho: cmp_rho(x.value(), aw, priced.x.value(), priced.aw),
                        raised: match (threshold, best.as_ref()) {
                            (Some(t), _) => cmp_threshold(x.value(), aw, &classes.d, t).is_gt(),
                            (None, Some(b)) => cmp_rho(b.x.value(), b.aw, x.value(), aw).is_lt(),
                            (None, None) => false,
                        },
                        rho_vs_threshold: threshold
                            .map(|t| cmp_threshold(priced.x.value(), priced.aw, &classes.d, t)),
                    });
                }
                outpriced.push((ci, x, aw));
                continue;
            }
            match self.price(ci, cands, classes, scratch, log) {
                Err(found) => dead.push(found),
                Ok(priced) => {
                    if let Some(t) = threshold
                        && let Some(growth) = growth.as_deref_mut()
                        && t.project != cands[ci].project
                        && !self.certifies(
                            (t, purchases),
                            growth,
                            &priced,
                            cands[ci].project,
                            classes,
                        )
                    {
                        let rho = priced.rho(&classes.d).lower();
                        scratch.recycle(priced.entries);
                        // The reference's winner's ρ here: priced again, as it may not have
                        // been priced yet in this round.
                        let winner = self
                            .candidates
                            .iter()
                            .position(|&p| p == t.project)
                            .and_then(|wi| self.price(wi, cands, classes, scratch, log).ok())
                            .map(|w| {
                                let rho = w.rho(&classes.d).upper();
                                scratch.recycle(w.entries);
                                rho
                            });
                        return Err(Miss::Overtaken {
                            round: t.round,
                            project: cands[ci].project,
                            rho,
                            winner,
                        });
                    }
                    let better = best.as_ref().is_none_or(|b| self.beats(cands, &priced, b));
                    if better {
                        if let Some(old) = best.replace(priced) {
                            others.push((old.cand, old.x, old.aw));
                            scratch.recycle(old.entries);
                        }
                    } else {
                        others.push((priced.cand, priced.x, priced.aw));
                        scratch.recycle(priced.entries);
                    }
                }
            }
        }
        // The skipped candidates come before the others in `order`, so `rest` stays sorted.
        skipped.extend_from_slice(&order[evaluated..]);
        Ok(Decided {
            win: best,
            others,
            outpriced,
            dead,
            rest: skipped,
        })
    }

    /// `true` if project `project`, priced `other` in this run (at level `T`), costs more than
    /// the reference run's winner `t` (at level `k = T − t.length`) at every level in between,
    /// given that the earlier rounds made the same purchases at every level in between.
    ///
    /// Between `k` and `T` budgets only grow and prices only fall, so `ρ_other(T) > ρ_winner(k)`
    /// suffices (or equality with the winner first in the id order). When that fails (a near
    /// tie, both prices falling), a finer bound: with the same purchases so far, a voter with
    /// money left gains at least one unit per increment (the prices paid so far only fall), so
    /// for `k ≤ δ ≤ T`
    /// * `ρ_other(δ) ≥ L(δ) = ρ_other(T) + Σ min(m_i(T), T − δ) / aw_other(T)` over the other
    ///   project's all-in payers at `T` (money `m_i`), as its full-share payers pay at most
    ///   `ρ × utility`;
    /// * `ρ_winner(δ) ≤ U(δ)`, the price the winner would have at `k` with each of its all-in
    ///   payers who had money given `δ − k` more (prices are convex in the budgets).
    ///
    /// `L − U` is concave in `δ`, so `L > U` at `δ = k` and at `δ = T` proves it everywhere:
    /// `L(k) > ρ_winner(k)`, and `h(ρ_other(T)) > cost` where `h(ρ)` is what the winner's
    /// supporters would pay at price `ρ` with the raised budgets (`h` increases, `h(U) = cost`).
    /// Both are checked in floating point with all roundings against the claim and a margin
    /// above their error; a failed check only means a shorter jump.
    ///
    /// `purchases` are this run's so far (the near-tie check needs their price bounds, see
    /// [`Growth::catch_up`]).
    fn certifies<N: Num>(
        &self,
        (t, purchases): (&Threshold, &[Purchase]),
        growth: &mut Growth,
        other: &Priced<N>,
        project: u32,
        classes: &Classes<N>,
    ) -> bool {
        match cmp_threshold(other.x.value(), other.aw, &classes.d, t) {
            Ordering::Greater => return true,
            Ordering::Equal
                if self.tie_rank[t.project as usize] < self.tie_rank[project as usize] =>
            {
                return true;
            }
            _ => {}
        }
        growth.catch_up(purchases, classes, t.reference);
        let rho = other.rho(&classes.d).lower();
        let all_in = other.entries.iter().filter(|e| e.all_in);
        let gained: f64 = all_in
            .map(|e| {
                let lost = growth.lost(t.length, classes.paid_units(e.class));
                e.count as f64 * classes.approx(e.class).lower().min(lost).max(0.0)
            })
            .sum();
        // Relative error of `low_at_k` (non-negative terms: this sum, a class's history, the
        // drops it uses) and of the estimates, with room to spare.
        let terms = (other.entries.len() + growth.drops.len()) as f64 + growth.roundings;
        let slack = 1.0 + 8.0 * MARGIN + 4.0 * (terms + 8.0) * f64::EPSILON;
        let low_at_k = rho + gained / other.aw as f64;
        // The winner's all-in payers at `T`: (voters, lower bound of their money, utility).
        let all_in = &t.reference.purchases[t.round].all_in_with_money;
        let raised = all_in.iter().map(|p| {
            let gain = growth.gained(t.length, t.reference.tree.paid_units(p.class));
            (
                p.voters,
                sum_below([(p.money, p.money), (gain, gain.abs())].into_iter()),
                p.utility,
            )
        });
        #[cfg(test)]
        tests::record_bounds(t, project, low_at_k, raised.clone().collect());
        if low_at_k <= t.bounds.upper() * slack {
            return false;
        }
        winner_pays(t.aw, raised, rho) > t.cost
    }

    /// The decisions of a recorded round, `shift` increments further (see [`Replay`]), among
    /// `candidates` candidates.
    fn replay_round<N: Num>(
        rec: &RoundRecord<N>,
        shift: u64,
        order: &[usize],
        candidates: usize,
    ) -> Decided<N> {
        let shifted = |bounds: &[(usize, N, u128)]| -> Vec<(usize, N, u128)> {
            bounds
                .iter()
                .map(|(ci, x, aw)| (*ci, x.shifted(shift), *aw))
                .collect()
        };
        let (others, outpriced) = (shifted(&rec.others), shifted(&rec.outpriced));
        let mut touched = vec![false; candidates];
        for ci in std::iter::once(rec.win)
            .chain(rec.dead.iter().map(|d| d.cand))
            .chain(others.iter().chain(&outpriced).map(|o| o.0))
        {
            touched[ci] = true;
        }
        let mut rest = Vec::with_capacity(order.len());
        rest.extend(order.iter().copied().filter(|&ci| !touched[ci]));
        Decided {
            win: Some(Priced {
                cand: rec.win,
                x: rec.x.shifted(shift),
                aw: rec.aw,
                units: rec.units,
                entries: rec.entries.clone(),
            }),
            others,
            outpriced,
            dead: rec.dead.iter().map(|d| d.shifted(shift)).collect(),
            rest,
        }
    }

    fn cost(&self, p: usize) -> u64 {
        self.election.projects()[p].cost()
    }

    /// `true` if `a` beats the current best `b`: smaller ρ, or equal ρ and smaller id.
    fn beats<N: Num>(&self, cands: &[Candidate<N>], a: &Priced<N>, b: &Priced<N>) -> bool {
        match cmp_rho(a.x.value(), a.aw, b.x.value(), b.aw) {
            Ordering::Less => true,
            Ordering::Equal => {
                self.tie_rank[cands[a.cand].project as usize]
                    < self.tie_rank[cands[b.cand].project as usize]
            }
            Ordering::Greater => false,
        }
    }

    /// Records when this round's decisions could change (see [`super::add1`]).
    fn record_round_events<N: Num>(
        &self,
        win: &Priced<N>,
        others: &[(usize, N, u128)],
        unreached: &[usize],
        cands: &mut [Candidate<N>],
        classes: &mut Classes<N>,
        log: &mut EventLog,
    ) {
        // The winner must keep beating every other project, priced or not. Another project's ρ
        // is a convex function of δ while this round's budgets are affine in δ, so its current
        // affine form (its tangent) is a lower bound: the comparison can only change where that
        // tangent crosses the winner's ρ. (These are cheap, so they go first: once a change
        // after one increment is recorded, the rest cannot matter; see `EventLog::is_settled`.)
        for (_, x, aw) in others {
            x.mul_int(win.aw).sub(&win.x.mul_int(*aw)).decide(log);
        }
        // The winner's all-in payers keep paying everything until their money catches up with
        // the share (then the winner's ρ itself changes shape); the others never fall below it
        // (money grows, ρ shrinks). Exact catch-ups are costly and only the earliest matters:
        // the likely earliest goes first, then only the payers whose lower bound comes before a
        // change already recorded.
        let mut catch_up = CatchUp::new(win, &classes.d);
        let all_in = || win.entries.iter().filter(|e| e.all_in);
        let first = all_in()
            .map(|e| (catch_up.bound(e, classes), e))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e);
        #[cfg(test)]
        for f in all_in() {
            let mut exact = EventLog::default();
            classes
                .value(f.class)
                .mul_int(win.units)
                .sub(&win.x.mul_int(u128::from(f.unit)))
                .decide(&mut exact);
            tests::record_catch_up(catch_up.bound(f, classes), exact.next_step());
        }
        let rest = all_in().filter(|e| first.is_none_or(|f| !std::ptr::eq(*e, f)));
        for f in first.into_iter().chain(rest) {
            if log.is_settled() {
                return;
            }
            if log
                .prefix_min()
                .is_some_and(|m| catch_up.bound(f, classes) >= m as f64)
            {
                continue;
            }
            classes
                .value(f.class)
                .mul_int(win.units)
                .sub(&win.x.mul_int(u128::from(f.unit)))
                .decide(log);
        }
        // Unpriced candidates are many and mostly far above the winner: an estimate shows that
        // most of their crossings come after a change already recorded, hence cannot matter.
        let recorded = log.prefix_min();
        let winner = win.x.log2_parts();
        for &ci in unreached {
            if log.is_settled() {
                return;
            }
            let c = &mut cands[ci];
            if let Some(step) = recorded {
                let lower = c.lb_x.log2_parts(classes.log2_scale());
                if crosses_after(lower, win.aw, winner, c.lb_aw, step) {
                    continue;
                }
            }
            c.lb_x
                .current(classes.factors())
                .mul_int(win.aw)
                .sub(&win.x.mul_int(c.lb_aw))
                .decide(log);
        }
    }

    /// What one pass of floating-point bounds over the supporters of `project` shows without
    /// pricing it: that they have less than its cost in all, or (given `rho`) that they provably
    /// pay less than its cost at any price within `rho`; `None` if neither. Group by group:
    /// cheaper than aggregating them by class first, which three in four candidates that reach
    /// this pass then do not need.
    ///
    /// What they pay at price `ρ`, `f(ρ) = Σ min(money, ρ × utility)`, is concave in `ρ`; from
    /// an upper bound `P` of `f` at the upper end of `rho` and one, `A`, of its slope there
    /// (the utility of the voters who would pay the full share), `f(ρ) ≤ P + A × (ρ − ρ₀)`, so
    /// the project's ρ (where `f` reaches the cost) is at least `ρ₀ + (cost − P) / A`. All in
    /// floating point, with room for every rounding.
    fn unpriced<N: Num>(
        &self,
        project: usize,
        rho: Option<Approx>,
        classes: &Classes<N>,
    ) -> Option<Unpriced> {
        let weight = self.weight[project] as f64;
        let (rate_hi, rate_lo) = rho.map_or((0.0, f64::INFINITY), |rho| {
            (rho.upper() * weight, rho.lower() * weight)
        });
        let (mut pay, mut slope, mut money) = (0.0, 0.0, 0.0);
        let supporters = &self.profile.supporters[project];
        for &(g, unit) in supporters {
            let (count, unit) = (self.profile.mults[g as usize] as f64, f64::from(unit));
            let has = classes.approx(classes.class_of[g as usize]).upper();
            pay += count * has.min(rate_hi * unit);
            if has >= rate_lo * unit {
                slope += count * unit * weight;
            }
            money += count * has;
        }
        let slack = 1.0 + 4.0 * (supporters.len() as f64 + 8.0) * f64::EPSILON;
        let cost = self.cost(project) as f64;
        if money * slack < cost {
            return Some(Unpriced::Unaffordable {
                money: money * slack,
            });
        }
        // Those with about its cost in all are priced, to be found affordable or not.
        if money < cost * slack || pay * slack >= cost {
            return None;
        }
        let rho = rho?;
        let lacking = (cost - pay * slack) * (1.0 - 4.0 * f64::EPSILON);
        let rise = (cost - pay * slack) / (slope * slack);
        let bound =
            (rho.lower() + if rise.is_finite() { rise } else { 0.0 }) * (1.0 - 8.0 * f64::EPSILON);
        Some(Unpriced::Outpriced(Outpriced {
            bound: bound.max(0.0),
            lacking,
            slope: slope * slack,
        }))
    }

    /// Prices candidate `ci`, or says how much its supporters have if they cannot afford it.
    ///
    /// "Poor/rich" iteration: start with everybody paying the equal share; whoever cannot
    /// afford it pays all they have instead, which raises the share; repeat until stable. The
    /// shares only grow towards the exact ρ, so nobody is ever wrongly marked all-in. Those
    /// poorer than the share at the candidate's lower bound of ρ are marked first, and the
    /// iteration stops as soon as the poorest supporter left can pay the share.
    fn price<N: Num>(
        &self,
        ci: usize,
        cands: &[Candidate<N>],
        classes: &mut Classes<N>,
        scratch: &mut Scratch,
        log: &mut EventLog,
    ) -> Result<Priced<N>, Dead> {
        let p = cands[ci].project as usize;
        // The supporters by class.
        let mut entries = scratch.aggregate(self.profile, p, &classes.class_of, classes.len());
        let cost_d = N::constant(BigInt::from(self.cost(p)) * &classes.d);
        // The all-in payers' money, summed without materialising each class.
        let (mut all_in_voters, mut all_in_units) = (0u128, Vec::new());
        let mut contrib = N::constant(BigInt::zero());
        let mut units: u128 = entries.iter().map(Entry::units).sum();
        let mut x = cost_d.clone();
        let (mut limits, mut grew, mut left) = (
            take(&mut scratch.limits),
            take(&mut scratch.grew),
            take(&mut scratch.left),
        );
        // Whoever has less than the share at the candidate's lower bound of ρ pays all they
        // have at its exact ρ too (ρ is at least that bound): marked at once (starting from the
        // equal split of the cost, far below the exact ρ once rounds have made the supporters'
        // money unequal, took more passes). The others are listed with their money, for the
        // passes to read in order.
        let floor = self.share_floor(&cands[ci], classes);
        // The least money per utility unit among the entries left (a lower bound).
        let mut poorest = f64::INFINITY;
        grew.clear();
        left.clear();
        for (i, e) in entries.iter_mut().enumerate() {
            let money = classes.approx(e.class);
            if money.upper() < floor * e.unit as f64 {
                units -= e.mark_all_in(&mut grew);
            } else {
                poorest = poorest.min(money.lower() / e.unit as f64);
                left.push((i as u32, money));
            }
        }
        if !grew.is_empty() {
            classes.add_to_sum(&grew, &mut all_in_voters, &mut all_in_units);
            contrib = classes.sum(all_in_voters, &all_in_units);
            x = cost_d.sub(&contrib);
        }
        #[cfg(test)]
        let floored: Vec<(u32, u64)> = entries
            .iter()
            .filter(|e| e.all_in)
            .map(|e| (e.class, e.unit))
            .collect();
        // A pass marks nobody if even the poorest entry left has the share (per unit
        // x / (d·units)); then the iteration is over.
        let settled = |x: &N, units: u128, poorest: f64, d: &BigInt| {
            poorest
                >= Approx::of_scaled_ratio(x.value(), 1, d, units).upper()
                    * (1.0 + 4.0 * f64::EPSILON)
        };
        while units > 0 && !settled(&x, units, poorest, &classes.d) {
            poorest = f64::INFINITY;
            // This pass's share per unit is x / (d·units); an entry is all-in iff
            // money < share·unit.
            let pass_units = units;
            limits.clear();
            grew.clear();
            left.retain(|&(i, money)| {
                let e = &mut entries[i as usize];
                let limit = match limits.iter().find(|(u, _)| *u == e.unit) {
                    Some(&(_, l)) => l,
                    None => {
                        let l = Approx::of_scaled_ratio(x.value(), e.unit, &classes.d, pass_units);
                        limits.push((e.unit, l));
                        l
                    }
                };
                let all_in = match money.below(limit) {
                    Some(decided) => decided,
                    None => classes.value(e.class).value() * pass_units < x.value() * e.unit,
                };
                if all_in {
                    units -= e.mark_all_in(&mut grew);
                } else {
                    poorest = poorest.min(money.lower() / e.unit as f64);
                }
                !all_in
            });
            if !grew.is_empty() {
                classes.add_to_sum(&grew, &mut all_in_voters, &mut all_in_units);
                contrib = classes.sum(all_in_voters, &all_in_units);
            }
            x = cost_d.sub(&contrib);
            if grew.is_empty() {
                break;
            }
        }
        (scratch.limits, scratch.grew, scratch.left) = (limits, grew, left);
        if units == 0 {
            // Unaffordable; it stays so while the supporters' money stays below the cost.
            if N::TRACKS && !log.is_settled() {
                contrib.sub(&cost_d).decide(log);
            }
            scratch.recycle(entries);
            let growth = contrib.log2_parts().1 - log2_magnitude(&classes.d);
            return Err(Dead {
                cand: ci,
                money: Approx::of_ratio(contrib.value(), &classes.d).upper(),
                growth: growth.exp2() * (1.0 + 1e-6),
            });
        }
        #[cfg(test)]
        for (class, unit) in floored {
            let money = classes.value(class).value() * units;
            tests::record_floor(money.cmp(&(x.value() * unit)));
        }
        Ok(Priced {
            cand: ci,
            aw: units * self.weight[p],
            x,
            units,
            entries,
        })
    }

    /// A lower bound (0 if unknown) of the share per utility unit that a supporter of
    /// candidate `c` pays at its exact ρ unless paying all it has: its lower bound of ρ, times
    /// the project's weight, rounded down with room for the leading-bit estimates.
    fn share_floor<N: Num>(&self, c: &Candidate<N>, classes: &Classes<N>) -> f64 {
        let (num, _) = c.lb_x.log2_parts(classes.log2_scale());
        let weight = self.weight[c.project as usize];
        if c.lb_aw == 0 || weight == 0 || !num.is_finite() {
            return 0.0;
        }
        let log2 =
            num - log2_magnitude(&classes.d) - (c.lb_aw as f64).log2() + (weight as f64).log2();
        (log2.exp2() * (1.0 - 1e-8)).max(0.0)
    }

    /// Charges the supporters of `win` and returns the purchase record.
    fn pay<N: Num>(
        &self,
        win: &Priced<N>,
        classes: &mut Classes<N>,
        cands: &[Candidate<N>],
        scratch: &mut Scratch,
    ) -> Purchase {
        let p = cands[win.cand].project as usize;
        let units = win.units;
        let d_before = classes.d.clone();
        let mut full_share_payers = 0u64;
        let all_in_payers: u64 = win
            .entries
            .iter()
            .filter(|e| e.all_in)
            .map(|e| u64::from(e.count))
            .sum();
        // Only certified jumps use these (see `Mes::certifies`).
        let all_in_with_money = if N::TRACKS {
            let mut payers = Vec::with_capacity(win.entries.iter().filter(|e| e.all_in).count());
            payers.extend(win.entries.iter().filter(|e| e.all_in).filter_map(|e| {
                let money = classes.approx(e.class);
                (money.lower() > 0.0).then(|| AllInPayers {
                    class: e.class,
                    voters: e.count as f64,
                    utility: (u128::from(e.unit) * self.weight[p]) as f64,
                    money: money.lower(),
                    money_hi: money.upper(),
                })
            }));
            payers
        } else {
            Vec::new()
        };
        let purchase = classes.add_purchase(win.x.clone(), units);
        classes.reserve(win.entries.len());
        // All-in payers have nothing left; the others form new classes.
        let mut shares: Vec<(u64, Approx)> = Vec::new();
        let targets: Vec<u32> = win
            .entries
            .iter()
            .map(|e| {
                if e.all_in {
                    return ZERO;
                }
                full_share_payers += u64::from(e.count);
                let share = match shares.iter().find(|(u, _)| *u == e.unit) {
                    Some(&(_, s)) => s,
                    None => {
                        let s = Approx::of_scaled_ratio(win.x.value(), e.unit, &d_before, units);
                        shares.push((e.unit, s));
                        s
                    }
                };
                classes.derive(e.class, e.unit, purchase, share)
            })
            .collect();
        if self.profile.unit {
            // One unit value, so one entry per class: map old → new class through the slots.
            let slot = &mut scratch.slot;
            if slot.len() < classes.len() {
                slot.resize(classes.len(), u32::MAX);
            }
            for (e, &t) in win.entries.iter().zip(&targets) {
                slot[e.class as usize] = t;
            }
            // Without a branch per supporter; the class with no money has no slot.
            for &(g, _) in &self.profile.supporters[p] {
                let c = &mut classes.class_of[g as usize];
                let t = slot[*c as usize];
                *c = if t == u32::MAX { *c } else { t };
            }
            for e in &win.entries {
                slot[e.class as usize] = u32::MAX;
            }
        } else {
            let new_class: FxMap<(u32, u64), u32> = win
                .entries
                .iter()
                .zip(&targets)
                .map(|(e, &t)| ((e.class, e.unit), t))
                .collect();
            for &(g, unit) in &self.profile.supporters[p] {
                let c = classes.class_of[g as usize];
                if c != ZERO
                    && let Some(&t) = new_class.get(&(c, u64::from(unit)))
                {
                    classes.class_of[g as usize] = t;
                }
            }
        }
        Purchase {
            project: ProjectIdx::new(p as u32),
            x: win.x.value().clone(),
            units,
            weight: self.weight[p],
            d: d_before,
            full_share_payers,
            all_in_payers,
            all_in_with_money,
        }
    }

    /// The per-voter budget `start/n` as an [`MesBudget`] after `increments`, found in `runs`
    /// MES runs.
    pub fn budget_info(&self, start: &BigInt, increments: u64, runs: u64) -> MesBudget {
        let n = BigInt::from(self.profile.n_voters.max(1));
        MesBudget {
            per_voter: Amount::from_ratio(start, &n),
            increments,
            runs,
            total: Amount::from_ratio(start, &BigInt::from(1)),
        }
    }

    /// One [`MesStep`] per project for `run` (a plain run).
    pub fn explain(&self, run: &MesRun) -> Vec<MesStep> {
        let projects = self.election.projects();
        let mut steps: Vec<MesStep> = vec![MesStep::NoSupport; projects.len()];
        for &p in &self.free {
            steps[p.index()] = MesStep::FundedAtNoCost;
        }
        for (&p, left) in self.candidates.iter().zip(&run.supporters_left) {
            let cost = BigInt::from(projects[p as usize].cost()) * &run.final_d;
            steps[p as usize] = MesStep::NotFunded {
                supporters: self.profile.voters_of(p as usize),
                money_left: Amount::from_ratio(left, &run.final_d),
                shortfall: Amount::from_ratio(&(cost - left), &run.final_d),
            };
        }
        for (round, buy) in run.purchases.iter().enumerate() {
            let d_units = &buy.d * buy.units;
            let cost = projects[buy.project.index()].cost();
            // The all-in payers paid what the full-share payers did not: `x` is the cost minus
            // their money.
            let all_in_paid = BigInt::from(cost) * &buy.d - &buy.x;
            steps[buy.project.index()] = MesStep::Funded {
                round: round as u64 + 1,
                rho: Amount::from_ratio(&buy.x, &(&d_units * buy.weight)),
                share: Amount::from_ratio(&buy.x, &d_units),
                full_share_payers: buy.full_share_payers,
                all_in_payers: buy.all_in_payers,
                all_in_paid: Amount::from_ratio(&all_in_paid, &buy.d),
                total_paid: Amount::from_integer(cost),
            };
        }
        steps
    }

    /// Exact per-voter payments of `run`, replaying its purchases with plain rationals, voter
    /// group by voter group (tests only).
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

/// Compares `x1/(d·aw1)` with `x2/(d·aw2)` (same `d`): estimated first, exactly if close.
/// Lower bounds of when the winner's all-in payers may catch up with their share (see
/// [`Mes::record_round_events`]).
struct CatchUp<'w, N> {
    win: &'w Priced<N>,
    /// How fast the share per utility unit may move per increment (see
    /// [`super::mes_classes::share_rate`]).
    share_rate: f64,
    /// A lower bound of the share per utility unit, by unit.
    shares: Vec<(u64, f64)>,
}

impl<'w, N: Num> CatchUp<'w, N> {
    fn new(win: &'w Priced<N>, d: &BigInt) -> Self {
        CatchUp {
            win,
            share_rate: share_rate(&win.x, d, win.units),
            shares: Vec::new(),
        }
    }

    /// A lower bound of the increments after which the money of `payer`'s voters may catch up
    /// with their share: the gap between the two over how fast they can approach each other;
    /// 0 if the estimates cannot tell.
    fn bound(&mut self, payer: &Entry, classes: &Classes<N>) -> f64 {
        let share = match self.shares.iter().find(|(u, _)| *u == payer.unit) {
            Some(&(_, share)) => share,
            None => {
                let (x, units) = (self.win.x.value(), self.win.units);
                let share = Approx::of_scaled_ratio(x, payer.unit, &classes.d, units).lower();
                self.shares.push((payer.unit, share));
                share
            }
        };
        let gap = share - classes.approx(payer.class).upper();
        let closing = classes.rate(payer.class) + payer.unit as f64 * self.share_rate;
        let bound = gap / (closing * (1.0 + 1e-9)) * (1.0 - 1e-9);
        // `max` also turns an undecided NaN into 0.
        bound.max(0.0)
    }
}

/// `rho − fall × δ` (`rho` finite and positive, `fall` finite and not negative) as `(x, aw)`
/// over the run's denominator `d` (`ρ = x / (d × aw)`), exactly; `None` if it is too small to
/// write so. A `fall` far below `rho` is first raised to `rho × 2⁻⁶⁰` (a weaker bound).
fn exact_bound<N: Num>(rho: f64, fall: f64, d: &BigInt) -> Option<(N, u128)> {
    if !(rho.is_finite() && rho > 0.0 && fall.is_finite() && fall >= 0.0) {
        return None;
    }
    let (m_rho, e_rho) = exact_parts(rho);
    let (m_fall, e_fall) = if fall > 0.0 {
        exact_parts(fall.max(rho * (-60f64).exp2()))
    } else {
        (0, e_rho)
    };
    // Both as multiples of 2^exponent.
    let exponent = e_rho.min(e_fall);
    let v = (BigInt::from(m_rho) << (e_rho - exponent)) * d;
    let s = -((BigInt::from(m_fall) << (e_fall - exponent)) * d);
    match u32::try_from(-exponent) {
        Err(_) => Some((N::affine(v << exponent, s << exponent), 1)),
        Ok(shift) if shift < 128 => Some((N::affine(v, s), 1u128 << shift)),
        Ok(_) => None,
    }
}

fn cmp_rho(x1: &BigInt, aw1: u128, x2: &BigInt, aw2: u128) -> Ordering {
    match ratio_estimate(x1, aw2, x2, aw1) {
        Some(r) if r > 1.0 + 2.0 * MARGIN => Ordering::Greater,
        Some(r) if r < 1.0 - 2.0 * MARGIN => Ordering::Less,
        _ => (x1 * aw2).cmp(&(x2 * aw1)),
    }
}

/// Compares two lower bounds, both brought up to date.
fn cmp_lb<N: Num>(a: &Candidate<N>, b: &Candidate<N>) -> Ordering {
    cmp_rho(
        a.lb_x.last().value(),
        a.lb_aw,
        b.lb_x.last().value(),
        b.lb_aw,
    )
}

/// Compares `x / (d·aw)` with a reference run's ρ.
fn cmp_threshold(x: &BigInt, aw: u128, d: &BigInt, t: &Threshold) -> Ordering {
    // Both bounds from leading bits first; exactly only if they overlap.
    let rho = Approx::of_scaled_ratio(x, 1, d, aw);
    if rho.below(t.bounds) == Some(true) {
        Ordering::Less
    } else if t.bounds.below(rho) == Some(true) {
        Ordering::Greater
    } else {
        (x * &t.den).cmp(&(&t.num * d * aw))
    }
}

/// Merges the re-priced candidates (sorted, current) into the others (sorted), bringing the
/// bounds it compares up to date.
fn merge_by_bound<N: Num>(
    cands: &mut [Candidate<N>],
    factors: &[u128],
    repriced: Vec<usize>,
    rest: Vec<usize>,
) -> Vec<usize> {
    let mut merged = Vec::with_capacity(repriced.len() + rest.len());
    let mut rest = rest.into_iter().peekable();
    for r in repriced {
        while let Some(&o) = rest.peek() {
            cands[o].lb_x.current(factors);
            // Ties: the re-priced candidate first.
            if cmp_lb(&cands[o], &cands[r]) != Ordering::Less {
                break;
            }
            merged.extend(rest.next());
        }
        merged.push(r);
    }
    merged.extend(rest);
    merged
}

/// Reusable buffers for aggregating a project's supporters by class and pricing it.
#[derive(Default)]
struct Scratch {
    slot: Vec<u32>,
    /// For aggregating: voters per class (all 0 between uses), and the classes met.
    count: Vec<u32>,
    seen: Vec<u32>,
    by_key: FxMap<(u32, u64), u32>,
    spare: Vec<Vec<Entry>>,
    /// Per pricing pass: the share limit per utility unit, and the classes found all-in.
    limits: Vec<(u64, Approx)>,
    grew: Vec<(u32, u32)>,
    /// Per pricing: the entries not found all-in so far, with their money.
    left: Vec<(u32, Approx)>,
}

impl Scratch {
    /// The supporters of `p` with money, one entry per (class, unit); `classes` is the number
    /// of classes.
    fn aggregate(
        &mut self,
        profile: &Profile,
        p: usize,
        class_of: &[u32],
        classes: usize,
    ) -> Vec<Entry> {
        let mut entries = self.spare.pop().unwrap_or_default();
        entries.clear();
        let push = |entries: &mut Vec<Entry>, class: u32, unit: u64, count: u32| {
            entries.push(Entry {
                class,
                unit,
                count,
                all_in: false,
            });
        };
        if profile.unit {
            // Voters counted per class, and each class listed when first met; without a branch
            // per supporter (whether a class is new is unpredictable). Multiplicities are
            // positive, so a class is new iff its count is still 0; the class with no money
            // is counted too, and left out after.
            let (count, seen) = (&mut self.count, &mut self.seen);
            if count.len() < classes {
                count.resize(classes, 0);
            }
            let supporters = &profile.supporters[p];
            if seen.len() < supporters.len() {
                seen.resize(supporters.len(), ZERO);
            }
            let mut listed = 0;
            for &(g, _) in supporters {
                let c = class_of[g as usize];
                let n = &mut count[c as usize];
                seen[listed] = c;
                listed += usize::from(*n == 0);
                *n += profile.mults[g as usize];
            }
            entries.reserve(listed);
            for &c in &seen[..listed] {
                let n = std::mem::take(&mut count[c as usize]);
                if c != ZERO {
                    push(&mut entries, c, 1, n);
                }
            }
        } else {
            // At most one entry per supporting group: no copies while it grows.
            entries.reserve(profile.supporters[p].len());
            self.by_key.clear();
            for &(g, a) in &profile.supporters[p] {
                let (c, a) = (class_of[g as usize], u64::from(a));
                if c == ZERO {
                    continue;
                }
                let mult = profile.mults[g as usize];
                match self.by_key.get(&(c, a)) {
                    Some(&i) => entries[i as usize].count += mult,
                    None => {
                        self.by_key.insert((c, a), entries.len() as u32);
                        push(&mut entries, c, a, mult);
                    }
                }
            }
        }
        entries
    }

    fn recycle(&mut self, entries: Vec<Entry>) {
        if self.spare.len() < 8 {
            self.spare.push(entries);
        }
    }
}

#[cfg(test)]
pub(crate) mod reference {
    //! A naive per-voter MES with plain rationals, straight from pabutools' description: the
    //! oracle the optimised engine (and the `+add1` jumps) are tested against.

    use std::cmp::Ordering;

    use num_bigint::BigInt;
    use num_integer::Integer;
    use num_traits::{One, Zero};

    use super::super::election::{Election, ProjectIdx};

    /// An exact rational, always reduced, positive denominator.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Q(pub BigInt, pub BigInt);

    impl Q {
        pub fn new(n: BigInt, d: BigInt) -> Q {
            let g = n.gcd(&d);
            if g.is_zero() {
                return Q(BigInt::zero(), BigInt::one());
            }
            let (mut n, mut d) = (n / &g, d / &g);
            if d < BigInt::zero() {
                n = -n;
                d = -d;
            }
            Q(n, d)
        }
        pub fn int(v: i64) -> Q {
            Q(BigInt::from(v), BigInt::one())
        }
        pub fn add(&self, o: &Q) -> Q {
            Q::new(&self.0 * &o.1 + &o.0 * &self.1, &self.1 * &o.1)
        }
        pub fn sub(&self, o: &Q) -> Q {
            Q::new(&self.0 * &o.1 - &o.0 * &self.1, &self.1 * &o.1)
        }
        pub fn mul(&self, o: &Q) -> Q {
            Q::new(&self.0 * &o.0, &self.1 * &o.1)
        }
        pub fn div(&self, o: &Q) -> Q {
            Q::new(&self.0 * &o.1, &self.1 * &o.0)
        }
        pub fn least(&self, o: &Q) -> Q {
            if self <= o { self.clone() } else { o.clone() }
        }
    }

    impl PartialOrd for Q {
        fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Q {
        fn cmp(&self, o: &Q) -> Ordering {
            (&self.0 * &o.1).cmp(&(&o.0 * &self.1))
        }
    }

    /// Naive MES: `utility[i][p]` per voter, budgets `per_voter` each. Returns the funded
    /// projects in order and each voter's payments.
    pub fn mes(
        election: &Election,
        utility: &[Vec<u128>],
        per_voter: &Q,
    ) -> (Vec<ProjectIdx>, Vec<Q>) {
        mes_traced(election, utility, per_voter, &mut Vec::new())
    }

    /// [`mes`], also giving for each round the ρ of every affordable project.
    pub fn mes_traced(
        election: &Election,
        utility: &[Vec<u128>],
        per_voter: &Q,
        rounds: &mut Vec<Vec<(usize, Q)>>,
    ) -> (Vec<ProjectIdx>, Vec<Q>) {
        let projects = election.projects();
        let n = utility.len();
        let mut budget = vec![per_voter.clone(); n];
        let mut spent = vec![Q::int(0); n];
        let total = |p: usize| utility.iter().map(|u| u[p]).sum::<u128>();
        let mut selected: Vec<ProjectIdx> = (0..projects.len())
            .filter(|&p| projects[p].cost() == 0 && total(p) > 0)
            .map(|p| ProjectIdx::new(p as u32))
            .collect();
        if n == 0 {
            return (Vec::new(), spent);
        }
        let mut remaining: Vec<usize> = (0..projects.len())
            .filter(|&p| projects[p].cost() > 0 && total(p) > 0)
            .collect();
        loop {
            let mut best: Option<(Q, usize)> = None;
            let mut priced = Vec::new();
            remaining.retain(|&p| {
                let cost = Q::int(projects[p].cost() as i64);
                let mut sup: Vec<usize> = (0..n).filter(|&i| utility[i][p] > 0).collect();
                let money = sup.iter().fold(Q::int(0), |a, &i| a.add(&budget[i]));
                if money < cost {
                    return false;
                }
                let u = |i: usize| Q(BigInt::from(utility[i][p]), BigInt::one());
                sup.sort_by(|&a, &b| budget[a].div(&u(a)).cmp(&budget[b].div(&u(b))));
                let mut paid = Q::int(0);
                let mut denom = sup.iter().fold(Q::int(0), |a, &i| a.add(&u(i)));
                let mut rho = None;
                for &i in &sup {
                    let r = cost.sub(&paid).div(&denom);
                    if r.mul(&u(i)) <= budget[i] {
                        rho = Some(r);
                        break;
                    }
                    paid = paid.add(&budget[i]);
                    denom = denom.sub(&u(i));
                }
                if let Some(r) = rho {
                    priced.push((p, r.clone()));
                    let better = match &best {
                        None => true,
                        Some((b, bp)) => {
                            r < *b || (r == *b && projects[p].id() < projects[*bp].id())
                        }
                    };
                    if better {
                        best = Some((r, p));
                    }
                }
                true
            });
            rounds.push(priced);
            let Some((rho, w)) = best else { break };
            for i in 0..n {
                if utility[i][w] > 0 {
                    let pay =
                        budget[i].least(&rho.mul(&Q(BigInt::from(utility[i][w]), BigInt::one())));
                    budget[i] = budget[i].sub(&pay);
                    spent[i] = spent[i].add(&pay);
                }
            }
            remaining.retain(|&p| p != w);
            selected.push(ProjectIdx::new(w as u32));
        }
        (selected, spent)
    }

    /// Naive MES with one-unit increments, stepping one unit at a time like pabutools.
    pub fn mes_add1(election: &Election, utility: &[Vec<u128>]) -> (Vec<ProjectIdx>, u64) {
        let projects = election.projects();
        let n = utility.len() as i64;
        let budget = u128::from(election.budget());
        let candidates: Vec<usize> = (0..projects.len())
            .filter(|&p| projects[p].cost() > 0 && utility.iter().map(|u| u[p]).sum::<u128>() > 0)
            .collect();
        let base = Q::new(BigInt::from(election.budget()), BigInt::from(n.max(1)));
        let mut previous: Option<Vec<ProjectIdx>> = None;
        for k in 0u64.. {
            let (sel, _) = mes(election, utility, &base.add(&Q::int(k as i64)));
            let spent: u128 = sel
                .iter()
                .map(|p| u128::from(projects[p.index()].cost()))
                .sum();
            if spent > budget {
                return (previous.unwrap_or_default(), k.saturating_sub(1));
            }
            let exhaustive = candidates.iter().all(|&p| {
                sel.contains(&ProjectIdx::new(p as u32))
                    || spent + u128::from(projects[p].cost()) > budget
            });
            if exhaustive {
                return (sel, k);
            }
            previous = Some(sel);
        }
        unreachable!("the loop only ends by returning")
    }
}

#[cfg(test)]
mod tests {
    use super::super::election::{ApprovalBallot, Ballots, CumulativeBallot};
    use super::super::scalar::Lin;
    use super::super::testing::{approval_election as election, ids, scrambled_projects};
    use super::super::{Rule, tally};
    use super::reference::{self, Q};
    use super::*;
    use proptest::prelude::*;

    /// Per-voter utilities for `utility` (the approval projection or the points).
    fn utilities(e: &Election, utility: Utility) -> Vec<Vec<u128>> {
        let weight = |p: usize| match utility {
            Utility::Cost => u128::from(e.projects()[p].cost()),
            _ => 1,
        };
        let rows: Vec<Vec<(usize, u64)>> = match utility {
            Utility::Points => e
                .points_profile()
                .iter()
                .map(|b| b.points().iter().map(|&(p, v)| (p.index(), v)).collect())
                .collect(),
            _ => e
                .approval_projection()
                .iter()
                .map(|b| b.projects().iter().map(|p| (p.index(), 1)).collect())
                .collect(),
        };
        rows.iter()
            .map(|row| {
                let mut u = vec![0u128; e.projects().len()];
                for &(p, a) in row {
                    u[p] = u128::from(a) * weight(p);
                }
                u
            })
            .collect()
    }

    #[test]
    fn hand_computed_round_and_explanations() {
        // 4 voters with 25 each. a (60) by v1..v3: 20 each; b (50) by v3, v4: 25 each;
        // c (30) by v4 only: unaffordable. a wins (ρ = 1/3 < 1/2); then nothing is affordable.
        let e = election(
            &[("a", 60), ("b", 50), ("c", 30)],
            100,
            &[&[0], &[0], &[0, 1], &[1, 2]],
        );
        let out = tally(&e, Rule::MES_COST);
        assert_eq!(ids(&e, &out.selected), ["a"]);
        let a = out.explanations[0].mes.clone().expect("mes step");
        assert_eq!(
            a,
            MesStep::Funded {
                round: 1,
                rho: Amount::from_ratio(&BigInt::from(1), &BigInt::from(3)),
                share: Amount::from_integer(20),
                full_share_payers: 3,
                all_in_payers: 0,
                all_in_paid: Amount::from_integer(0),
                total_paid: Amount::from_integer(60),
            }
        );
        assert_eq!(
            out.explanations[1].mes,
            Some(MesStep::NotFunded {
                supporters: 2,
                money_left: Amount::from_integer(30),
                shortfall: Amount::from_integer(20),
            })
        );
        let budget = out.mes_budget.expect("budget");
        assert_eq!(budget.per_voter, Amount::from_integer(25));
    }

    proptest! {
        #[test]
        fn estimated_rho_comparison_is_exact(
            x in 1u64..,
            shift in 0u32..300,
            aw in 1u128..(1 << 100),
            t in 1u128..(1 << 20),
            nudge in -2i64..=2,
        ) {
            // x·2^shift/aw against (x·2^shift·t + nudge)/(aw·t): equal when nudge is 0.
            let x1 = BigInt::from(x) << shift;
            let x2 = &x1 * t + nudge;
            let exact = (&x1 * (aw * t)).cmp(&(&x2 * aw));
            prop_assert_eq!(cmp_rho(&x1, aw, &x2, aw * t), exact);
        }
    }

    #[test]
    fn ties_go_to_the_smallest_id_as_a_string() {
        // "10" < "9" as strings: with identical support and cost, "10" is bought first, and
        // then "9" is no longer affordable.
        let e = election(&[("9", 40), ("10", 40)], 60, &[&[0, 1], &[0, 1]]);
        for rule in [
            Rule::MES_COST,
            Rule::MES_APPROVAL,
            Rule::GREEDY,
            Rule::PHRAGMEN,
        ] {
            assert_eq!(ids(&e, &tally(&e, rule).selected), ["10"], "{rule}");
        }
    }

    #[test]
    fn all_in_payers_are_reported() {
        // v1 approves a and b; v2, v3 only b. a (30) by v1 alone: 30 > 20, unaffordable at
        // first... budget 60, 3 voters with 20. b (30) by all: 10 each → bought. Then a: v1 has
        // 10 left < 30: not funded.
        let e = election(&[("a", 30), ("b", 45)], 60, &[&[0, 1], &[1], &[1]]);
        let out = tally(&e, Rule::MES_APPROVAL);
        assert_eq!(ids(&e, &out.selected), ["b"]);
        // Now b costs 50: v1..v3 pay 50/3 each; fine. Make v1 poorer first with c.
        let e = election(&[("a", 18), ("b", 42)], 60, &[&[0, 1], &[1], &[1]]);
        // a: v1 alone has 20 ≥ 18 → ρ = 18; b: 14 each → ρ = 14: b first (v1 left 6).
        // Then a: v1 has 6 < 18: not funded.
        let out = tally(&e, Rule::MES_APPROVAL);
        assert_eq!(ids(&e, &out.selected), ["b"]);
        let e = election(&[("a", 12), ("b", 51)], 60, &[&[0, 1], &[1], &[1]]);
        // a: ρ = 12; b: 17 each → ρ = 17. a first: v1 left 8; b: v1 pays all 8, others
        // (51 − 8) / 2 = 21.5 > 20: unaffordable (8 + 20 + 20 = 48 < 51).
        let out = tally(&e, Rule::MES_APPROVAL);
        assert_eq!(ids(&e, &out.selected), ["a"]);
        let e = election(&[("a", 12), ("b", 45)], 60, &[&[0, 1], &[1], &[1]]);
        // b after a: v1 pays all its 8 (all-in), the two others 18.5 each.
        let out = tally(&e, Rule::MES_APPROVAL);
        assert_eq!(ids(&e, &out.selected), ["a", "b"]);
        match out.explanations[1].mes.clone().expect("step") {
            MesStep::Funded {
                round,
                full_share_payers,
                all_in_payers,
                all_in_paid,
                share,
                ..
            } => {
                assert_eq!((round, full_share_payers, all_in_payers), (2, 2, 1));
                assert_eq!(all_in_paid, Amount::from_integer(8));
                assert_eq!(
                    share,
                    Amount::from_ratio(&BigInt::from(37), &BigInt::from(2))
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    fn small_election() -> impl Strategy<Value = Election> {
        (1usize..6, 1usize..9, 1u64..200, any::<bool>()).prop_flat_map(|(np, nv, budget, cumul)| {
            let costs = proptest::collection::vec(0u64..80, np);
            let ballots = proptest::collection::vec(
                proptest::collection::vec((0..np as u32, 0u64..4), 0..=np),
                nv,
            );
            (costs, ballots).prop_map(move |(costs, ballots)| {
                let projects = scrambled_projects(&costs, "p", 7, 11);
                let dedup = |b: &Vec<(u32, u64)>| {
                    let mut seen = std::collections::BTreeMap::new();
                    for &(p, v) in b {
                        seen.insert(p, v);
                    }
                    seen.into_iter().collect::<Vec<_>>()
                };
                let ballots = if cumul {
                    Ballots::Cumulative(
                        ballots
                            .iter()
                            .map(|b| {
                                CumulativeBallot::new(
                                    dedup(b)
                                        .into_iter()
                                        .map(|(p, v)| (ProjectIdx::new(p), v))
                                        .collect(),
                                )
                                .expect("ballot")
                            })
                            .collect(),
                    )
                } else {
                    Ballots::Approval(
                        ballots
                            .iter()
                            .map(|b| {
                                ApprovalBallot::new(
                                    dedup(b)
                                        .into_iter()
                                        .map(|(p, _)| ProjectIdx::new(p))
                                        .collect(),
                                )
                                .expect("ballot")
                            })
                            .collect(),
                    )
                };
                Election::new(projects, budget, ballots).expect("election")
            })
        })
    }

    /// Approval elections with more voters and larger budgets, so that `+add1` takes many
    /// increments (and certified jumps).
    fn medium_election() -> impl Strategy<Value = Election> {
        approval_elections(2..8, 5..40, 50..3000, 1..900, 0..=4, ("q", 5, 9))
    }

    /// Random approval elections: project, voter, budget and cost ranges, ballot sizes (at
    /// most the number of projects), and how project ids are scrambled
    /// ([`scrambled_projects`]).
    fn approval_elections(
        projects: std::ops::Range<usize>,
        voters: std::ops::Range<usize>,
        budget: std::ops::Range<u64>,
        costs: std::ops::Range<u64>,
        ballot: std::ops::RangeInclusive<usize>,
        ids: (&'static str, usize, usize),
    ) -> impl Strategy<Value = Election> {
        (projects, voters, budget).prop_flat_map(move |(np, nv, budget)| {
            let costs = proptest::collection::vec(costs.clone(), np);
            let size = *ballot.start()..=np.min(*ballot.end());
            let ballots =
                proptest::collection::vec(proptest::collection::btree_set(0..np as u32, size), nv);
            (costs, ballots).prop_map(move |(costs, ballots)| {
                let projects = scrambled_projects(&costs, ids.0, ids.1, ids.2);
                let ballots = ballots
                    .into_iter()
                    .map(|b| {
                        ApprovalBallot::new(b.into_iter().map(ProjectIdx::new).collect())
                            .expect("ballot")
                    })
                    .collect();
                Election::new(projects, budget, Ballots::Approval(ballots)).expect("election")
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Same as below on larger instances; also searched in pieces of any length, which
        /// give the same level on one core as on two or three (where pieces are also split).
        #[test]
        fn add1_matches_stepping_on_medium_elections(e in medium_election(), length in 1u64..60) {
            for utility in [Utility::Cost, Utility::Cardinality] {
                let profile = Profile::approval(&e);
                let mes = Mes::new(&e, &profile, utility);
                let fast = super::super::add1::run(&e, &mes);
                let (naive, level) = reference::mes_add1(&e, &utilities(&e, utility));
                prop_assert_eq!(&fast.run.selected, &naive, "{:?}", utility);
                prop_assert_eq!(fast.increments, level);
                let on = |cores| super::super::add1::search_in_pieces(&e, &mes, length, cores);
                // Where pieces are split depends on timing, but never the level found.
                for cores in 1..=3 {
                    prop_assert_eq!(on(cores).0, level, "{:?} on {} cores", utility, cores);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Replaying the valid rounds of a symbolic run at a higher level gives exactly the
        /// run computed from scratch there (and the naive MES at that budget), whatever the
        /// shift: rounds that may change are recomputed.
        #[test]
        fn replayed_runs_equal_fresh_runs(e in medium_election(), shift in 1u64..40) {
            for utility in [Utility::Cost, Utility::Cardinality] {
                let profile = Profile::approval(&e);
                let mes = Mes::new(&e, &profile, utility);
                let n = BigInt::from(mes.n_voters().max(1));
                let base = BigInt::from(e.budget());
                let lin = |k: u64| Lin::new(&base + &n * k, n.clone());
                let (mut log0, mut trace0) = (EventLog::default(), Vec::new());
                mes.run_checked(lin(0), &mut log0, None, None, &mut trace0)
                    .expect("no reference");
                // Also the shift the search would use: the next possible change.
                for shift in [shift, log0.next_step().unwrap_or(1).min(1000)] {
                    let (mut log1, mut trace1) = (EventLog::default(), Vec::new());
                    let replay = Replay { rounds: &trace0, steps: log0.steps(), shift };
                    let replayed = mes
                        .run_checked(lin(shift), &mut log1, None, Some(replay), &mut trace1)
                        .expect("no reference");
                    let fresh = mes.run(lin(shift), &mut EventLog::default());
                    prop_assert_eq!(&replayed.selected, &fresh.selected);
                    let xs = |r: &MesRun| r.purchases.iter().map(|b| b.x.clone()).collect::<Vec<_>>();
                    prop_assert_eq!(xs(&replayed), xs(&fresh));
                    let per_voter = Q::new(&base + &n * shift, n.clone());
                    let (naive, _) = reference::mes(&e, &utilities(&e, utility), &per_voter);
                    prop_assert_eq!(&replayed.selected, &naive);
                    // Replayed rounds (valid ones with a purchase) keep their recorded steps,
                    // `shift` closer.
                    let valid = log0
                        .valid_prefix()
                        .iter()
                        .take_while(|v| v.is_none_or(|s| s > shift))
                        .count()
                        .min(trace0.len());
                    for (old, new) in log0.steps().iter().zip(log1.steps()).take(valid) {
                        prop_assert_eq!(*new, old.map(|old| old - shift));
                    }
                }
            }
        }
    }

    /// Approval elections where many rounds leave voters with a little money: more projects,
    /// longer ballots (for the bounds that follow money through earlier purchases).
    fn deep_election() -> impl Strategy<Value = Election> {
        approval_elections(6..12, 20..50, 200..4000, 20..600, 1..=6, ("d", 7, 13))
    }

    /// The finer bounds computed by [`Mes::certifies`] (at the far level `T`, about the near
    /// level `k`), kept here to be checked against the naive MES.
    struct Bounds {
        winner: u32,
        other: u32,
        low_at_k: f64,
        raised: Vec<(f64, f64, f64)>,
        aw: f64,
        cost: f64,
    }

    thread_local! {
        static BOUNDS: std::cell::RefCell<Vec<Bounds>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    pub(super) fn record_bounds(
        t: &Threshold,
        other: u32,
        low_at_k: f64,
        raised: Vec<(f64, f64, f64)>,
    ) {
        BOUNDS.with_borrow_mut(|b| {
            b.push(Bounds {
                winner: t.project,
                other,
                low_at_k,
                raised,
                aw: t.aw,
                cost: t.cost,
            });
        });
    }

    type Rounds = Vec<Vec<(usize, Q)>>;

    /// Relative tolerance when comparing the engine's floating-point bounds with exact values.
    const TOLERANCE: f64 = 1e-9;

    fn as_f64(q: &Q) -> f64 {
        ratio_estimate(&q.0, 1, &q.1, 1).unwrap_or(0.0)
    }

    /// One case of [`jump_cases`]: MES on an election with one utility, and a jump from level
    /// `k` to `k + length`.
    struct JumpCase<'a> {
        case: u64,
        election: &'a Election,
        mes: &'a Mes<'a>,
        utility: Utility,
        k: u64,
        length: u64,
    }

    impl JumpCase<'_> {
        /// The symbolic start of a run at `level`.
        fn start(&self, level: u64) -> Lin {
            let n = BigInt::from(self.mes.n_voters().max(1));
            Lin::new(BigInt::from(self.election.budget()) + &n * level, n)
        }

        /// The run at `k + length` with `near` (the run at `k`) as its reference.
        fn far(&self, near: &MesRun, certify_from: Option<usize>) -> Result<MesRun, Miss> {
            let reference = Reference {
                run: near,
                length: self.length,
                certify_from,
            };
            let start = self.start(self.k + self.length);
            let log = &mut EventLog::default();
            self.mes
                .run_checked(start, log, Some(reference), None, &mut Vec::new())
        }

        /// The naive MES at `level`, with each round's affordable projects and their ρ.
        fn naive(&self, level: u64, rounds: &mut Rounds) -> Vec<ProjectIdx> {
            let n = BigInt::from(self.mes.n_voters().max(1));
            let per_voter = Q::new(BigInt::from(self.election.budget()) + &n * level, n);
            let utilities = utilities(self.election, self.utility);
            reference::mes_traced(self.election, &utilities, &per_voter, rounds).0
        }
    }

    /// Calls `check` on `cases` deep elections (the same ones every time), with both approval
    /// utilities and jumps of 1 to `max_length` increments.
    fn jump_cases(cases: u64, max_length: u64, mut check: impl FnMut(&JumpCase)) {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;

        let mut runner = TestRunner::deterministic();
        for case in 0..cases {
            let election = deep_election()
                .new_tree(&mut runner)
                .expect("election")
                .current();
            for utility in [Utility::Cost, Utility::Cardinality] {
                let profile = Profile::approval(&election);
                let mes = Mes::new(&election, &profile, utility);
                check(&JumpCase {
                    case,
                    election: &election,
                    mes: &mes,
                    utility,
                    k: case % 50,
                    length: 1 + case % max_length,
                });
            }
        }
    }

    thread_local! {
        /// Per all-in payer of a winner: the lower bound of its catch-up, and the exact step.
        static CATCH_UPS: std::cell::RefCell<Vec<(f64, Option<u64>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    pub(super) fn record_catch_up(bound: f64, step: Option<u64>) {
        CATCH_UPS.with_borrow_mut(|c| c.push((bound, step)));
    }

    /// The lower bounds that let a run skip the exact catch-ups of the winner's all-in payers
    /// ([`CatchUp::bound`]) never exceed the exact steps, in fresh and in replayed runs (whose
    /// voter classes come from recorded rounds), and most of them say something.
    #[test]
    fn catch_up_bounds_are_below_the_exact_steps() {
        let (mut checked, mut useful) = (0, 0);
        jump_cases(100, 29, |c| {
            CATCH_UPS.take();
            let (mut log, mut trace) = (EventLog::default(), Vec::new());
            let start = c.start(c.k);
            c.mes
                .run_checked(start, &mut log, None, None, &mut trace)
                .expect("no reference");
            let replay = Replay {
                rounds: &trace,
                steps: log.steps(),
                shift: c.length,
            };
            let (start, log) = (c.start(c.k + c.length), &mut EventLog::default());
            c.mes
                .run_checked(start, log, None, Some(replay), &mut Vec::new())
                .expect("no reference");
            for (bound, step) in CATCH_UPS.take() {
                if let Some(step) = step {
                    assert!(bound <= step as f64, "case {}: {bound} > {step}", c.case);
                    checked += 1;
                    useful += usize::from(bound >= 1.0);
                }
            }
        });
        assert!(
            checked > 200 && useful * 2 > checked,
            "checked {checked}, useful {useful}"
        );
    }

    thread_local! {
        /// The candidates found outpriced without pricing.
        static OUTPRICED: std::cell::RefCell<Vec<Outpriced>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    /// A candidate left unpriced as outpriced ([`Mes::unpriced`]), priced anyway.
    pub(super) struct Outpriced {
        /// How the lower bound it got compares with its exact ρ.
        pub bound_vs_rho: Ordering,
        /// Whether that bound is above the price it was measured against.
        pub raised: bool,
        /// In a certified run, how its exact ρ compares with the reference's winner's.
        pub rho_vs_threshold: Option<Ordering>,
    }

    pub(super) fn record_outpriced(outpriced: Outpriced) {
        OUTPRICED.with_borrow_mut(|o| o.push(outpriced));
    }

    /// In certified runs on real elections (the symbolic run at `k + length` with the one at
    /// `k` as reference, every round certified), the rivals left unpriced as outpriced are
    /// above the reference's winner, as the certificate needs, and their bounds below their
    /// exact ρ (the small elections of [`jump_cases`] rarely reach rounds that record
    /// nothing in such runs).
    #[test]
    fn certified_runs_leave_unpriced_only_rivals_above_the_reference() {
        let mut certified = 0;
        for file in ["Poland_Warszawa_2023_Mokotow.pb", "Poland_Krakow_2024.pb"] {
            let text = super::super::testing::read_pabulib(file);
            let parsed = crate::pabulib::parse(&text).expect("parse");
            let election = parsed.election();
            let profile = Profile::approval(election);
            for utility in [Utility::Cost, Utility::Cardinality] {
                let mes = Mes::new(election, &profile, utility);
                let n = BigInt::from(mes.n_voters());
                let start =
                    |level: u64| Lin::new(BigInt::from(election.budget()) + &n * level, n.clone());
                for (k, length) in [(0, 4), (0, 64), (40, 16), (100, 100), (200, 30)] {
                    let near = mes.run(start(k), &mut EventLog::default());
                    OUTPRICED.take();
                    let reference = Reference {
                        run: &near,
                        length,
                        certify_from: Some(0),
                    };
                    let log = &mut EventLog::default();
                    let _ = mes.run_checked(
                        start(k + length),
                        log,
                        Some(reference),
                        None,
                        &mut Vec::new(),
                    );
                    for o in OUTPRICED.take() {
                        assert!(o.bound_vs_rho.is_le(), "{file} {k}+{length}: bound above ρ");
                        if let Some(rho_vs_threshold) = o.rho_vs_threshold {
                            assert!(rho_vs_threshold.is_gt(), "{file} {k}+{length}: not above");
                            certified += 1;
                        }
                    }
                }
            }
        }
        assert!(certified > 50, "certified {certified}");
    }

    thread_local! {
        /// Per supporter marked all-in from a lower bound of ρ: how its money compares with
        /// its exact share.
        static FLOORS: std::cell::RefCell<Vec<Ordering>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Notes how the money of a supporter marked all-in from the candidate's lower bound of ρ
    /// ([`Mes::share_floor`]) compares with its exact share.
    pub(super) fn record_floor(money_vs_share: Ordering) {
        FLOORS.with_borrow_mut(|f| f.push(money_vs_share));
    }

    /// Every supporter marked all-in from a candidate's lower bound of ρ has less than its
    /// exact share (in plain and symbolic runs), and the bounds mark many.
    #[test]
    fn share_floors_mark_only_all_in_payers() {
        let mut checked = 0;
        jump_cases(100, 29, |c| {
            FLOORS.take();
            c.mes
                .run(c.start(c.k).value().clone(), &mut EventLog::default());
            c.mes.run(c.start(c.k + c.length), &mut EventLog::default());
            for money_vs_share in FLOORS.take() {
                assert!(
                    money_vs_share.is_lt(),
                    "case {}: marked, not all-in",
                    c.case
                );
                checked += 1;
            }
        });
        assert!(checked > 500, "checked {checked}");
    }

    /// The lower bounds of ρ given to candidates found outpriced without pricing
    /// ([`Mes::unpriced`], [`exact_bound`]) never exceed their exact ρ, and most are above
    /// the best ρ they were measured against.
    #[test]
    fn outpriced_bounds_are_below_the_exact_prices() {
        let (mut checked, mut raised) = (0, 0);
        jump_cases(150, 29, |c| {
            OUTPRICED.take();
            let start = |level: u64| c.start(level).value().clone();
            for level in [c.k, c.k + c.length] {
                c.mes.run(start(level), &mut EventLog::default());
            }
            for o in OUTPRICED.take() {
                assert!(o.bound_vs_rho.is_le(), "case {}: bound above ρ", c.case);
                checked += 1;
                raised += usize::from(o.raised);
            }
        });
        assert!(
            checked > 200 && raised * 10 > checked * 9,
            "checked {checked}, raised {raised}"
        );
    }

    /// A candidate a run did not price (see [`Mes::price_round`]): in round `round`, it is
    /// unaffordable (`above: None`) or costs more than `above − fall × j` at every level `j`
    /// increments above the run's own, up to `step` exclusive (`None`: all).
    struct Skip {
        round: usize,
        project: usize,
        above: Option<f64>,
        fall: f64,
        step: Option<u64>,
        /// Found from its supporters' money in this run, not from the reference's.
        measured: bool,
    }

    thread_local! {
        static SKIPS: std::cell::RefCell<Vec<Skip>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Notes a candidate left unpriced (see [`Skip`]); `measured` if found so from its
    /// supporters' money in this run ([`Mes::unpriced`]), not from the reference's prices.
    pub(super) fn record_skip(
        log: &EventLog,
        project: usize,
        ((above, fall), step): ((Option<f64>, f64), Option<u64>),
        measured: bool,
    ) {
        SKIPS.with_borrow_mut(|s| {
            s.push(Skip {
                round: log.round(),
                project,
                above,
                fall,
                step,
                measured,
            });
        });
    }

    /// What a run skips pricing because of an earlier run ([`Growth::dead`],
    /// [`Growth::outpriced`]) or of its supporters' money here ([`Mes::unpriced`]) holds at
    /// every level it claims (from its own up to the step it recorded, checked on up to 12
    /// levels) where the naive MES makes the same purchases before that round.
    #[test]
    fn skipped_candidates_are_unaffordable_or_outpriced_in_the_naive_mes() {
        // Checks of unaffordable and of outpriced candidates, from the reference and measured.
        let (mut dead, mut above, mut measured_dead, mut measured_above) = (0, 0, 0, 0);
        jump_cases(150, 3, |c| {
            let (case, k, length) = (c.case, c.k, c.length);
            let near = c.mes.run(c.start(k), &mut EventLog::default());
            SKIPS.take();
            let far = c.far(&near, None);
            assert!(far.is_ok(), "case {case}: a hint is not a certificate");
            // Per level: the naive outcome and each round's affordable projects with ρ.
            let mut naive: HashMap<u64, (Vec<ProjectIdx>, Rounds)> = HashMap::new();
            let free = c.mes.free.len();
            for skip in SKIPS.take() {
                let last = skip.step.unwrap_or(u64::MAX).min(12);
                for level in (k + length)..(k + length + last) {
                    let (selected, rounds) = naive.entry(level).or_insert_with(|| {
                        let mut rounds = Vec::new();
                        (c.naive(level, &mut rounds), rounds)
                    });
                    let before = free + skip.round;
                    if selected.get(..before) != near.selected.get(..before) {
                        continue;
                    }
                    let priced = rounds.get(skip.round).and_then(|r| {
                        r.iter()
                            .find(|(p, _)| *p == skip.project)
                            .map(|(_, rho)| rho)
                    });
                    match (skip.above, priced) {
                        (None, priced) => {
                            assert!(priced.is_none(), "case {case}: affordable at {level}");
                            dead += 1;
                            measured_dead += usize::from(skip.measured);
                        }
                        (Some(bound), Some(rho)) => {
                            let bound = bound - skip.fall * (level - k - length) as f64;
                            assert!(
                                as_f64(rho) > bound * (1.0 - TOLERANCE),
                                "case {case}: ρ {} ≤ {bound} at {level}",
                                as_f64(rho)
                            );
                            above += 1;
                            measured_above += usize::from(skip.measured);
                        }
                        (Some(_), None) => {}
                    }
                }
            }
        });
        assert!(
            dead > 50 && above > 50 && measured_dead > 50 && measured_above > 50,
            "checked {dead}, {above}, {measured_dead}, {measured_above}"
        );
    }

    /// The bounds behind the finer certificate hold wherever their premise does (the same
    /// purchases before the round at every level from `k` to `T`): the other project's ρ at `k`
    /// is at least `L(k)`, and at the winner's ρ at `T` the raised budgets of `h` pay at most
    /// its cost (so `U(T)` is at least that ρ).
    #[test]
    fn certificate_bounds_hold_against_the_naive_mes() {
        let (mut lower_checked, mut upper_checked) = (0, 0);
        jump_cases(200, 29, |c| {
            let (case, k, length) = (c.case, c.k, c.length);
            let near = c.mes.run(c.start(k), &mut EventLog::default());
            BOUNDS.take();
            let _ = c.far(&near, Some(0));
            let bounds = BOUNDS.take();
            if bounds.is_empty() {
                return;
            }
            // Rounds `0..same` make the same purchases at every level in between.
            let same = (k..=k + length)
                .map(|level| {
                    let selected = c.naive(level, &mut Vec::new());
                    selected
                        .iter()
                        .zip(&near.selected)
                        .take_while(|(a, b)| a == b)
                        .count()
                })
                .min()
                .unwrap_or(0);
            let (mut at_k, mut at_t) = (Vec::new(), Vec::new());
            c.naive(k, &mut at_k);
            c.naive(k + length, &mut at_t);
            for b in bounds {
                let Some(round) = near.selected.iter().position(|p| p.get() == b.winner) else {
                    continue;
                };
                if round > same {
                    continue;
                }
                let rho_of = |rounds: &[Vec<(usize, Q)>], p: u32| {
                    rounds
                        .get(round)?
                        .iter()
                        .find(|(q, _)| *q == p as usize)
                        .map(|(_, r)| as_f64(r))
                };
                if let Some(rho) = rho_of(&at_k, b.other) {
                    assert!(
                        rho >= b.low_at_k * (1.0 - TOLERANCE),
                        "case {case}: ρ(k) {rho} < L(k) {}",
                        b.low_at_k
                    );
                    lower_checked += 1;
                }
                if let Some(rho) = rho_of(&at_t, b.winner) {
                    let paid = winner_pays(b.aw, b.raised.iter().copied(), rho);
                    assert!(
                        paid <= b.cost * (1.0 + TOLERANCE),
                        "case {case}: h(ρ(T)) {paid} > {}",
                        b.cost
                    );
                    upper_checked += 1;
                }
            }
        });
        assert!(
            lower_checked > 50 && upper_checked > 50,
            "checked {lower_checked}, {upper_checked}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The optimised engine equals the naive per-voter MES, and its payments are exact:
        /// every funded project is paid exactly by its supporters and nobody pays more than the
        /// budget they started with; the money it says the supporters of each project not
        /// funded have left is what they have.
        #[test]
        fn mes_matches_naive_reference_and_pays_exactly(e in small_election()) {
            for utility in [Utility::Cost, Utility::Cardinality, Utility::Points] {
                let profile = match utility {
                    Utility::Points => Profile::points(&e),
                    _ => Profile::approval(&e),
                };
                let mes = Mes::new(&e, &profile, utility);
                let start = BigInt::from(e.budget());
                let run = mes.run(start.clone(), &mut EventLog::default());
                let n = e.num_voters().max(1);
                let per_voter = Q::new(BigInt::from(e.budget()), BigInt::from(n));
                let (naive, _) = reference::mes(&e, &utilities(&e, utility), &per_voter);
                prop_assert_eq!(&run.selected, &naive, "{:?}", utility);

                let paid = mes.payments(&run, &start);
                for buy in &run.purchases {
                    let p = buy.project.get();
                    let total = profile.supporters[p as usize].iter().fold(Q::int(0), |acc, &(g, _)| {
                        let (num, den) = &paid[g as usize][&p];
                        let mult = BigInt::from(profile.groups[g as usize].mult);
                        acc.add(&Q::new(num * mult, den.clone()))
                    });
                    let cost = e.projects()[p as usize].cost() as i64;
                    prop_assert_eq!(total, Q::int(cost));
                }
                let mut left = Vec::new();
                for (g, pays) in paid.iter().enumerate() {
                    let spent = pays.values().fold(Q::int(0), |acc, (num, den)| acc.add(&Q::new(num.clone(), den.clone())));
                    prop_assert!(spent <= per_voter, "group {} spent {:?}", g, spent);
                    for p in pays.keys() {
                        prop_assert!(profile.groups[g].items.iter().any(|&(q, _)| q == *p));
                    }
                    left.push(per_voter.sub(&spent));
                }
                for (p, step) in mes.explain(&run).into_iter().enumerate() {
                    if let MesStep::NotFunded { money_left, .. } = step {
                        let expected = profile.supporters[p].iter().fold(Q::int(0), |acc, &(g, _)| {
                            let mult = Q::int(i64::from(profile.groups[g as usize].mult));
                            acc.add(&left[g as usize].mul(&mult))
                        });
                        prop_assert_eq!(money_left, Amount::from_ratio(&expected.0, &expected.1), "{:?}", utility);
                    }
                }
            }
        }

        /// `+add1` with jumps and certified leaps equals stepping one unit at a time.
        #[test]
        fn add1_matches_stepping_one_unit_at_a_time(e in small_election()) {
            for utility in [Utility::Cost, Utility::Cardinality] {
                let profile = Profile::approval(&e);
                let mes = Mes::new(&e, &profile, utility);
                let fast = super::super::add1::run(&e, &mes);
                let (naive, level) = reference::mes_add1(&e, &utilities(&e, utility));
                prop_assert_eq!(&fast.run.selected, &naive, "{:?}", utility);
                prop_assert_eq!(fast.increments, level);
            }
        }
    }
}
