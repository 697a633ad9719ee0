//! Exact numbers for the rules, in two flavours sharing one algorithm.
//!
//! MES and Phragmén keep every money value as an integer numerator over one common positive
//! denominator (which each round multiplies by a known integer), so no gcd is ever needed on the
//! hot path and no value is ever rounded.
//!
//! * [`BigInt`] is the plain numerator.
//! * [`Lin`] is a numerator that is an affine function of `δ`, the amount added to every voter's
//!   starting budget: `v + s·δ`. Running MES on `Lin` values evaluates every decision at `δ = 0`
//!   exactly like the plain run, and additionally records in an [`EventLog`] the smallest `δ > 0`
//!   at which any decision could come out differently. This is how `+add1` jumps over budget
//!   increments that cannot change anything.
//!
//! [`Scaled`] holds either kind over the denominator of an earlier round and catches up with
//! the current one when used.

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::mes_classes::log2_magnitude;

/// Per round of an MES run, the smallest whole number of budget increments after which one of
/// the round's recorded decisions may change.
///
/// A change in round `t` (which project is bought, whether one is affordable, which payers of
/// the bought project pay all they have) also changes everything after it, so rounds `0..=t`
/// stay exactly the same for fewer increments than the minimum over those rounds
/// ([`EventLog::valid_prefix`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct EventLog {
    rounds: Vec<Option<u64>>,
    round: usize,
    /// The first round with a recorded change after a single increment (the smallest step).
    settled_from: Option<usize>,
}

impl EventLog {
    /// Decisions recorded from now on are about round `round` (0-based; the final check that
    /// nothing is affordable any more is one round too).
    pub fn at(&mut self, round: usize) {
        self.round = round;
        if self.rounds.len() <= round {
            self.rounds.resize(round + 1, None);
        }
    }

    /// The round decisions are recorded for.
    #[cfg(test)]
    pub fn round(&self) -> usize {
        self.round
    }

    /// Increments to the next possible change of anything; `None` if nothing can ever change.
    pub fn next_step(&self) -> Option<u64> {
        self.rounds.iter().flatten().copied().min()
    }

    /// The smallest step recorded so far for this round or an earlier one (`None`: none):
    /// a change found later in this round at or after it cannot change [`EventLog::next_step`]
    /// nor [`EventLog::valid_prefix`].
    pub fn prefix_min(&self) -> Option<u64> {
        self.rounds
            .iter()
            .take(self.round + 1)
            .flatten()
            .copied()
            .min()
    }

    /// For each round `t`, the increments to the next possible change of a decision of rounds
    /// `0..=t` (`None`: never): rounds up to `t` stay exactly the same for fewer increments.
    pub fn valid_prefix(&self) -> Vec<Option<u64>> {
        let mut valid: Option<u64> = None;
        self.rounds
            .iter()
            .map(|&r| {
                valid = match (valid, r) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, None) | (None, a) => a,
                };
                valid
            })
            .collect()
    }

    /// Per round, the smallest number of increments after which one of its recorded decisions
    /// may change (`None`: never).
    pub fn steps(&self) -> &[Option<u64>] {
        &self.rounds
    }

    /// `true` if recording a change after `step` increments (`None`: never) would change
    /// neither [`EventLog::next_step`] nor [`EventLog::valid_prefix`]: it comes at or after a
    /// change already recorded for this round or an earlier one, or the log is settled.
    pub fn is_moot(&self, step: Option<u64>) -> bool {
        self.is_settled() || step.is_none_or(|s| self.prefix_min().is_some_and(|m| s >= m))
    }

    /// Records for the current round a change after `step` increments (if any), e.g. taken
    /// from an earlier run whose decisions for this round are known to be the same.
    pub fn inherit(&mut self, step: Option<u64>) {
        if let Some(step) = step {
            self.note(step);
        }
    }

    /// `true` if a decision of this round or an earlier one may already change after one
    /// increment: then nothing recorded from now on can change [`EventLog::next_step`] or
    /// [`EventLog::valid_prefix`] (both are minima, and 1 is the smallest step), so callers
    /// may skip building further comparisons whose sign they do not need.
    pub fn is_settled(&self) -> bool {
        self.settled_from.is_some_and(|r| r <= self.round)
    }

    fn note(&mut self, step: u64) {
        let step = step.max(1);
        self.at(self.round);
        if step == 1 && self.settled_from.is_none_or(|r| r > self.round) {
            self.settled_from = Some(self.round);
        }
        let slot = &mut self.rounds[self.round];
        *slot = Some(slot.map_or(step, |n| n.min(step)));
    }
}

/// A lower bound on the increments after which `a × ka − b × kb` (two affine functions of
/// `δ` given by [`Num::log2_parts`], both values positive) can reach zero: `∞` if it never can,
/// `0` if the estimate cannot tell (unless `a × ka` exceeds `b × kb` by more than 0.1 %).
/// Callers ask [`crosses_after`], which computes it only when a cruder bound does not do.
#[cfg(test)]
fn crossing_bound(a: (f64, f64), ka: u128, b: (f64, f64), kb: u128) -> f64 {
    Logs::new(a, ka, b, kb).map_or(0.0, |logs| logs.crossing_bound())
}

/// Whether `a × ka − b × kb` (see `crossing_bound`, in the tests) provably cannot reach zero
/// within `step` increments: lets callers skip building a comparison whose event cannot matter
/// (see [`EventLog::prefix_min`]). Mostly settled without the bound's last logarithms
/// and powers: when the margin is at least half the value (`ratio ≥ 1`) and the slope's bound
/// at most twice its larger term, the crossing comes after `2^(ratio − high − 2)`; a little
/// less is taken, for the roundings (and `step`'s bit length for its `log₂`).
pub(crate) fn crosses_after(a: (f64, f64), ka: u128, b: (f64, f64), kb: u128, step: u64) -> bool {
    let Some(logs) = Logs::new(a, ka, b, kb) else {
        // The bound is 0.
        return step == 0;
    };
    let log2_step_above = f64::from(u64::BITS - step.leading_zeros());
    (logs.ratio >= 1.0 && logs.ratio - logs.high - 2.1 >= log2_step_above)
        || logs.crossing_bound() >= step as f64
}

/// In log₂, over `b·kb`: the value `a·ka` (`ratio`), and the terms of the slope's bound
/// `|a'|·ka + |b'|·kb` (the larger and the smaller); `None` if the value is not clearly above.
#[derive(Clone, Copy)]
struct Logs {
    ratio: f64,
    high: f64,
    low: f64,
}

impl Logs {
    fn new(a: (f64, f64), ka: u128, b: (f64, f64), kb: u128) -> Option<Logs> {
        if !(a.0.is_finite() && b.0.is_finite()) {
            return None;
        }
        let (log_ka, log_kb) = ((ka as f64).log2(), (kb as f64).log2());
        let ratio = a.0 + log_ka - b.0 - log_kb;
        if ratio.is_nan() || ratio <= 0.0015 {
            return None;
        }
        let (t1, t2) = (a.1 + log_ka - b.0 - log_kb, b.1 - b.0);
        Some(Logs {
            ratio,
            high: t1.max(t2),
            low: t1.min(t2),
        })
    }

    /// The lower bound on the increments before `a × ka − b × kb` can reach zero (`∞` if it
    /// never can).
    fn crossing_bound(&self) -> f64 {
        let Logs { ratio, high, low } = *self;
        if high == f64::NEG_INFINITY {
            return f64::INFINITY;
        }
        let log2_1p = |x: f64| x.ln_1p() / std::f64::consts::LN_2;
        let log_margin = ratio + log2_1p(-(-ratio).exp2());
        let log_slope = high + log2_1p((low - high).exp2());
        // 1.4 % off for the roundings above (all far smaller).
        (log_margin - log_slope - 0.02).exp2()
    }
}

/// An exact numerator; see the module docs.
pub(crate) trait Num: Clone + std::fmt::Debug {
    /// `true` if [`Num::decide`] records events (so callers can skip building comparisons).
    const TRACKS: bool;
    /// A constant (the same for every `δ`).
    fn constant(v: BigInt) -> Self;
    /// `v + s·δ` (plain numbers: `v`).
    fn affine(v: BigInt, s: BigInt) -> Self;
    /// `self − o`.
    fn sub(&self, o: &Self) -> Self;
    /// `self × k`.
    fn mul_int(&self, k: u128) -> Self;
    /// `self ×= k`.
    fn mul_assign_int(&mut self, k: u128);
    /// `Σ x × k` over `terms`, without an intermediate big number per term.
    fn dot<'a>(terms: impl Iterator<Item = (&'a Self, u128)>) -> Self
    where
        Self: 'a;
    /// The same affine function seen from `j` increments further (`δ → δ + j`); plain numbers
    /// do not depend on `δ`.
    fn shifted(&self, j: u64) -> Self;
    /// The value at `δ = 0`.
    fn value(&self) -> &BigInt;
    /// The sign at `δ = 0`, recording in `log` when it could change.
    fn decide(&self, log: &mut EventLog) -> Ordering;
    /// `log₂` of the magnitudes of the value and of the slope at `δ = 0` (−∞ for zero), from
    /// their leading bits (within 10⁻¹¹).
    fn log2_parts(&self) -> (f64, f64);
    /// Forgets how the value depends on `δ` (keeps the value at `δ = 0`): for the rest of a
    /// run whose event log is settled, where nothing asks for it.
    fn untrack(&mut self);
}

impl Num for BigInt {
    const TRACKS: bool = false;
    fn constant(v: BigInt) -> Self {
        v
    }
    fn affine(v: BigInt, _s: BigInt) -> Self {
        v
    }
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    fn mul_int(&self, k: u128) -> Self {
        self * k
    }
    fn mul_assign_int(&mut self, k: u128) {
        *self *= k;
    }
    fn dot<'a>(terms: impl Iterator<Item = (&'a Self, u128)>) -> Self {
        let mut sum = Dot::default();
        for (x, k) in terms {
            sum.add(x, k);
        }
        sum.finish()
    }
    fn shifted(&self, _j: u64) -> Self {
        self.clone()
    }
    fn value(&self) -> &BigInt {
        self
    }
    fn decide(&self, _log: &mut EventLog) -> Ordering {
        sign(self)
    }
    fn log2_parts(&self) -> (f64, f64) {
        (log2_magnitude(self), f64::NEG_INFINITY)
    }
    fn untrack(&mut self) {}
}

/// A numerator over the common denominator as it was after `epoch` purchases, brought over the
/// current one only when used: each purchase multiplies the denominator by a factor, and most
/// numerators are not looked at in most rounds.
#[derive(Clone, Debug)]
pub(crate) struct Scaled<N> {
    num: N,
    epoch: usize,
}

impl<N: Num> Scaled<N> {
    /// `num` over the denominator after `epoch` purchases.
    pub fn new(num: N, epoch: usize) -> Self {
        Self { num, epoch }
    }

    /// The numerator over the current denominator; `factors[i]` is what purchase `i`
    /// multiplied the denominator by.
    pub fn current(&mut self, factors: &[u128]) -> &N {
        let mut factor: u128 = 1;
        for &f in &factors[self.epoch..] {
            // Factors combined while they fit one machine word (one pass over the number).
            match factor.checked_mul(f) {
                Some(product) if product <= u128::from(u64::MAX) => factor = product,
                _ => {
                    if factor > 1 {
                        self.num.mul_assign_int(factor);
                    }
                    factor = f;
                }
            }
        }
        if factor > 1 {
            self.num.mul_assign_int(factor);
        }
        self.epoch = factors.len();
        &self.num
    }

    /// The numerator as last brought up to date (see [`Scaled::current`]).
    pub fn last(&self) -> &N {
        &self.num
    }

    /// See [`Num::untrack`].
    pub fn untrack(&mut self) {
        self.num.untrack();
    }

    /// [`Num::log2_parts`] of the numerator over the current denominator, without bringing it
    /// up to date; `log2_scale` as [`super::mes_classes::Classes::log2_scale`].
    pub fn log2_parts(&self, log2_scale: &[f64]) -> (f64, f64) {
        let (v, s) = self.num.log2_parts();
        let last = log2_scale.last().copied().unwrap_or(0.0);
        let scale = last - log2_scale.get(self.epoch).copied().unwrap_or(last);
        (v + scale, s + scale)
    }
}

/// `v + s·δ`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lin {
    v: BigInt,
    s: BigInt,
}

impl Lin {
    /// `v + s·δ`.
    pub fn new(v: BigInt, s: BigInt) -> Self {
        Self { v, s }
    }
}

impl Num for Lin {
    const TRACKS: bool = true;
    fn constant(v: BigInt) -> Self {
        Self {
            v,
            s: BigInt::zero(),
        }
    }
    fn affine(v: BigInt, s: BigInt) -> Self {
        Self::new(v, s)
    }
    fn sub(&self, o: &Self) -> Self {
        Self {
            v: &self.v - &o.v,
            s: &self.s - &o.s,
        }
    }
    fn mul_int(&self, k: u128) -> Self {
        Self {
            v: &self.v * k,
            s: &self.s * k,
        }
    }
    fn mul_assign_int(&mut self, k: u128) {
        self.v *= k;
        self.s *= k;
    }
    fn dot<'a>(terms: impl Iterator<Item = (&'a Self, u128)>) -> Self {
        let (mut v, mut s) = (Dot::default(), Dot::default());
        for (x, k) in terms {
            v.add(&x.v, k);
            s.add(&x.s, k);
        }
        Self {
            v: v.finish(),
            s: s.finish(),
        }
    }
    fn shifted(&self, j: u64) -> Self {
        Self {
            v: &self.v + &self.s * j,
            s: self.s.clone(),
        }
    }
    fn value(&self) -> &BigInt {
        &self.v
    }
    /// The sign of `v + s·δ` is constant on `[0, δ*)`: `δ* = ∞` if `s = 0` or `v`, `s` have
    /// the same sign; `0` (change right after) if `v = 0 ≠ s`; otherwise `|v| / |s|`, where the
    /// value reaches 0 — a tie, already a different decision. The first whole increment not
    /// below `δ*` is recorded.
    fn decide(&self, log: &mut EventLog) -> Ordering {
        let here = sign(&self.v);
        match (here, sign(&self.s)) {
            (_, Ordering::Equal) => {}
            (Ordering::Equal, _) => log.note(1),
            (a, b) if a == b => {}
            _ => {
                let (q, r) = self.v.abs().div_rem(&self.s.abs());
                let step = if r.is_zero() { q } else { q + 1u32 };
                log.note(step.to_u64().unwrap_or(u64::MAX));
            }
        }
        here
    }
    fn log2_parts(&self) -> (f64, f64) {
        (log2_magnitude(&self.v), log2_magnitude(&self.s))
    }
    fn untrack(&mut self) {
        self.s = BigInt::zero();
    }
}

/// A sum of products `x × k` (`x` a big integer, `k` a machine integer), accumulated in place
/// on 64-bit digits: positive and negative terms apart, one subtraction at the end.
#[derive(Default)]
struct Dot {
    positive: Vec<u64>,
    negative: Vec<u64>,
}

impl Dot {
    fn add(&mut self, x: &BigInt, k: u128) {
        let sum = match x.sign() {
            Sign::Plus => &mut self.positive,
            Sign::Minus => &mut self.negative,
            Sign::NoSign => return,
        };
        // k = high × 2⁶⁴ + low.
        multiply_add(sum, x, k as u64, 0);
        multiply_add(sum, x, (k >> 64) as u64, 1);
    }

    fn finish(self) -> BigInt {
        let big = |digits: Vec<u64>| {
            let mut halves = Vec::with_capacity(2 * digits.len());
            for d in digits {
                halves.push(d as u32);
                halves.push((d >> 32) as u32);
            }
            BigInt::from_biguint(Sign::Plus, BigUint::new(halves))
        };
        big(self.positive) - big(self.negative)
    }
}

/// `sum += |x| × k × 2^(64·offset)`, on little-endian 64-bit digits.
fn multiply_add(sum: &mut Vec<u64>, x: &BigInt, k: u64, offset: usize) {
    if k == 0 {
        return;
    }
    let digits = x.iter_u64_digits();
    let end = offset + digits.len();
    if sum.len() < end {
        sum.resize(end, 0);
    }
    // s + d·k + carry < 2¹²⁸ for 64-bit s, d, k and carry.
    let mut carry: u128 = 0;
    for (s, d) in sum[offset..end].iter_mut().zip(digits) {
        let t = u128::from(*s) + u128::from(d) * u128::from(k) + carry;
        *s = t as u64;
        carry = t >> 64;
    }
    for s in &mut sum[end..] {
        if carry == 0 {
            return;
        }
        let t = u128::from(*s) + carry;
        *s = t as u64;
        carry = t >> 64;
    }
    if carry > 0 {
        sum.push(carry as u64);
    }
}

fn sign(x: &BigInt) -> Ordering {
    match x.sign() {
        Sign::Minus => Ordering::Less,
        Sign::NoSign => Ordering::Equal,
        Sign::Plus => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lin(v: i64, s: i64) -> Lin {
        Lin::new(BigInt::from(v), BigInt::from(s))
    }

    #[test]
    fn records_first_change() {
        let mut log = EventLog::default();
        log.at(0);
        assert_eq!(lin(5, 1).decide(&mut log), Ordering::Greater);
        assert_eq!(log.next_step(), None);
        assert_eq!(lin(-7, 2).decide(&mut log), Ordering::Less);
        assert_eq!(log.next_step(), Some(4)); // −7 + 2δ reaches 0 at 3.5
        assert_eq!(lin(-6, 2).decide(&mut log), Ordering::Less);
        assert_eq!(log.next_step(), Some(3)); // exactly 0 (a tie) at δ = 3
        assert_eq!(lin(0, -1).decide(&mut log), Ordering::Equal);
        assert_eq!(log.next_step(), Some(1));
        let mut quiet = EventLog::default();
        assert_eq!(lin(0, 0).decide(&mut quiet), Ordering::Equal);
        assert_eq!(quiet.next_step(), None);
    }

    #[test]
    fn untracked_values_keep_their_value_and_record_nothing() {
        let mut x = lin(-7, 2);
        x.untrack();
        let mut log = EventLog::default();
        log.at(0);
        assert_eq!(x.decide(&mut log), Ordering::Less);
        assert_eq!(log.next_step(), None);
        assert_eq!(x.shifted(10).value(), &BigInt::from(-7));
    }
}

#[cfg(test)]
mod scaled_tests {
    use super::*;

    #[test]
    fn catches_up_with_every_factor_since_its_epoch() {
        let factors = [7u128, u128::from(u64::MAX), 3, 1 << 40, 1 << 40, 5];
        let mut scaled = Scaled::new(BigInt::from(2), 1);
        let expected: BigInt = factors[1..].iter().fold(BigInt::from(2), |acc, &f| acc * f);
        assert_eq!(scaled.current(&factors), &expected);
        // Already current: nothing more.
        assert_eq!(scaled.current(&factors), &expected);
        assert_eq!(scaled.last(), &expected);
    }

    #[test]
    fn estimates_log2_over_the_current_denominator_without_catching_up() {
        let factors = [7u128, u128::from(u64::MAX), 3, 1 << 40, 5];
        let (mut log2_scale, mut sum) = (vec![0.0], 0.0);
        for &f in &factors {
            sum += (f as f64).log2();
            log2_scale.push(sum);
        }
        let lin = Lin::new(BigInt::from(12345) << 300u32, BigInt::from(-678));
        let mut scaled = Scaled::new(lin, 2);
        let (v, s) = scaled.log2_parts(&log2_scale);
        let (cv, cs) = scaled.current(&factors).log2_parts();
        assert!(
            (v - cv).abs() < 1e-9 && (s - cs).abs() < 1e-9,
            "{v} {cv} {s} {cs}"
        );
    }
}

#[cfg(test)]
mod dot_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn dot_equals_the_sum_of_products(
            terms in proptest::collection::vec((any::<i128>(), any::<i64>(), any::<u128>()), 0..6)
        ) {
            let big: Vec<(BigInt, u128)> = terms
                .iter()
                .map(|&(a, b, k)| ((BigInt::from(a) << 100u32) * b + a, k))
                .collect();
            let expected: BigInt = big.iter().map(|(x, k)| x * k).sum();
            prop_assert_eq!(BigInt::dot(big.iter().map(|(x, k)| (x, *k))), expected);
        }
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::*;

    #[test]
    fn settled_once_a_round_up_to_now_changes_after_one_increment() {
        let mut log = EventLog::default();
        log.at(0);
        Lin::new(BigInt::from(-3), BigInt::from(1)).decide(&mut log);
        assert!(!log.is_settled());
        log.at(1);
        log.inherit(Some(1));
        assert!(log.is_settled());
        log.at(2);
        assert!(log.is_settled());
        assert_eq!(log.steps(), &[Some(3), Some(1), None]);
        assert_eq!(log.valid_prefix(), vec![Some(3), Some(1), Some(1)]);
    }

    #[test]
    fn a_change_invalidates_its_round_and_the_later_ones() {
        let mut log = EventLog::default();
        log.at(0);
        Lin::new(BigInt::from(-3), BigInt::from(1)).decide(&mut log); // step 3, round 0
        log.at(1);
        Lin::new(BigInt::from(-10), BigInt::from(1)).decide(&mut log); // step 10, round 1
        log.at(2);
        assert_eq!(log.valid_prefix(), vec![Some(3), Some(3), Some(3)]);
        assert_eq!(log.next_step(), Some(3));
        let mut log = EventLog::default();
        log.at(0);
        log.at(1);
        Lin::new(BigInt::from(-10), BigInt::from(1)).decide(&mut log);
        assert_eq!(log.valid_prefix(), vec![None, Some(10)]);
    }
}

#[cfg(test)]
mod crossing_tests {
    use super::*;
    use proptest::prelude::*;

    fn lin(v: i64, s: i64, shift: u32) -> Lin {
        Lin::new(BigInt::from(v) << shift, BigInt::from(s) << shift)
    }

    /// The step `decide` records for `a × ka − b × kb`, if any.
    fn exact_step(a: &Lin, ka: u128, b: &Lin, kb: u128) -> Option<u64> {
        let mut log = EventLog::default();
        log.at(0);
        a.mul_int(ka).sub(&b.mul_int(kb)).decide(&mut log);
        log.next_step()
    }

    #[test]
    fn crossing_bound_is_close_below_a_clear_crossing() {
        // 1000 − δ against 10: they cross after 990 increments.
        let (a, b) = (lin(1000, -1, 200), lin(10, 0, 200));
        assert_eq!(exact_step(&a, 1, &b, 1), Some(990));
        let bound = crossing_bound(a.log2_parts(), 1, b.log2_parts(), 1);
        assert!(bound > 950.0 && bound <= 990.0, "{bound}");
        // Constant values never cross; a near-tie cannot be told.
        let constant = lin(1000, 0, 200);
        assert_eq!(
            crossing_bound(constant.log2_parts(), 1, b.log2_parts(), 1),
            f64::INFINITY
        );
        assert_eq!(
            crossing_bound(
                lin(1000, -1, 0).log2_parts(),
                1,
                lin(1000, 0, 0).log2_parts(),
                1
            ),
            0.0
        );
    }

    proptest! {
        #[test]
        fn crossing_bound_never_exceeds_the_exact_step(
            (av, a_slope) in (1i64..1 << 40, -(1i64 << 30)..1 << 30),
            (bv, b_slope) in (1i64..1 << 40, -(1i64 << 30)..1 << 30),
            ka in 1u128..1 << 20,
            kb in 1u128..1 << 20,
            shift in 0u32..300,
        ) {
            let (a, b) = (lin(av, a_slope, shift), lin(bv, b_slope, shift));
            let bound = crossing_bound(a.log2_parts(), ka, b.log2_parts(), kb);
            if let Some(step) = exact_step(&a, ka, &b, kb) {
                prop_assert!(bound <= step as f64, "bound {} above step {}", bound, step);
            }
        }

        #[test]
        fn crosses_after_agrees_with_the_crossing_bound(
            (av, a_slope) in (1i64..1 << 40, -(1i64 << 30)..1 << 30),
            (bv, b_slope) in (1i64..1 << 40, -(1i64 << 30)..1 << 30),
            ka in 1u128..1 << 20,
            kb in 1u128..1 << 20,
            shift in 0u32..300,
            scale in -3.0f64..3.0,
        ) {
            let (a, b) = (lin(av, a_slope, shift), lin(bv, b_slope, shift));
            let (a, b) = (a.log2_parts(), b.log2_parts());
            let bound = crossing_bound(a, ka, b, kb);
            // Steps around the bound, where the shortcut must not decide wrongly.
            let step = (bound.min(1e18) * scale.exp2()) as u64;
            prop_assert_eq!(crosses_after(a, ka, b, kb, step), bound >= step as f64);
        }
    }
}
