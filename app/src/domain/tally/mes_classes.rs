//! Voter classes and their money during a Method-of-Equal-Shares run.
//!
//! Voters who have paid exactly the same amounts so far share a *class*. A class is born when
//! the supporters of a bought project who were in class `parent` pay their share for it; its
//! money is therefore `parent's money − share × unit`. The exact value (an integer numerator
//! over the run's common denominator `d`) is only computed when a decision needs it; every class
//! also carries an integer interval that contains its value × 2⁶⁴, which settles almost every
//! comparison without big-number arithmetic. Nothing is ever rounded in a decision: when the
//! interval cannot decide, the exact value is used.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::profile::FxHasher;
use super::scalar::Num;

/// The class of voters with no money left.
pub(super) const ZERO: u32 = 0;
/// The class every voter starts in.
const START: u32 = 1;
/// Fixed-point precision of [`Approx`].
const SHIFT: usize = 64;

/// An interval `[lo, hi]` containing a non-negative value × 2⁶⁴.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Approx {
    lo: u128,
    hi: u128,
}

impl Approx {
    const UNKNOWN: Approx = Approx {
        lo: 0,
        hi: u128::MAX,
    };

    /// Encloses `num / den` (`num ≥ 0`, `den > 0`).
    pub fn of_ratio(num: &BigInt, den: &BigInt) -> Self {
        if den.is_zero() || num.sign() == num_bigint::Sign::Minus {
            return Self::UNKNOWN;
        }
        let scaled: BigInt = num << SHIFT;
        let (q, r) = (&scaled / den, &scaled % den);
        match q.to_u128() {
            Some(lo) if r.is_zero() => Approx { lo, hi: lo },
            Some(lo) => Approx {
                lo,
                hi: lo.saturating_add(1),
            },
            None => Self::UNKNOWN,
        }
    }

    /// Encloses `self − other`, clamped at 0 (money never goes negative).
    fn minus(self, other: Approx) -> Approx {
        Approx {
            lo: self.lo.saturating_sub(other.hi),
            hi: self.hi.saturating_sub(other.lo),
        }
    }

    /// `Some(true)` if surely `self < t`, `Some(false)` if surely `self ≥ t`, `None` if the
    /// intervals overlap.
    pub fn below(self, t: Approx) -> Option<bool> {
        if self.hi < t.lo {
            Some(true)
        } else if self.lo >= t.hi {
            Some(false)
        } else {
            None
        }
    }
}

/// The money of every class, and which class each voter group is in.
pub(super) struct Classes<N> {
    /// The common denominator of all values.
    pub d: BigInt,
    /// The class of each voter group.
    pub class_of: Vec<u32>,
    start: N,
    /// `scale[e]` = product of the factors `d` was multiplied by since purchase `e`.
    scale: Vec<BigInt>,
    /// Numerator (over `d` at that time) of the share per unit of each purchase, × its units.
    purchase_x: Vec<N>,
    /// The factor `d` was multiplied by at each purchase (its paying units).
    factors: Vec<u128>,
    parent: Vec<u32>,
    unit: Vec<u64>,
    purchase: Vec<u32>,
    approx: Vec<Approx>,
    /// Exact values already computed, with the number of purchases at that time: the value
    /// now is that value × `scale[epoch]`.
    /// (Only the few classes whose exact value was needed are in it.)
    cache: HashMap<u32, (N, u32), BuildHasherDefault<FxHasher>>,
}

impl<N: Num> Classes<N> {
    /// `groups` voter groups, all starting with `start / n` (`start` is a numerator over `n`).
    pub fn new(n: u64, start: N, groups: usize) -> Self {
        let d = BigInt::from(n);
        let start_approx = Approx::of_ratio(start.value(), &d);
        Self {
            d,
            class_of: vec![START; groups],
            start,
            scale: vec![BigInt::from(1u32)],
            purchase_x: Vec::new(),
            factors: Vec::new(),
            parent: vec![ZERO, ZERO],
            unit: vec![0, 0],
            purchase: vec![0, 0],
            approx: vec![Approx { lo: 0, hi: 0 }, start_approx],
            cache: HashMap::default(),
        }
    }

    /// Number of classes created so far.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// The interval enclosing the money of one voter of class `c`, × 2⁶⁴.
    pub fn approx(&self, c: u32) -> Approx {
        self.approx[c as usize]
    }

    /// The exact money of one voter of class `c`, as a numerator over `d`.
    pub fn value(&mut self, c: u32) -> N {
        let now = self.scale.len() as u32 - 1;
        // Walk up to an ancestor with a known value, then come back down.
        let mut chain = Vec::new();
        let mut at = c;
        let mut value = loop {
            if let Some((v, epoch)) = self.cache.get_mut(&at) {
                if *epoch != now {
                    *v = v.mul_big(&self.scale[*epoch as usize]);
                    *epoch = now;
                }
                break v.clone();
            }
            match at {
                ZERO => break N::constant(BigInt::zero()),
                START => break self.start.mul_big(&self.scale[0]),
                _ => {
                    chain.push(at);
                    at = self.parent[at as usize];
                }
            }
        };
        for &k in chain.iter().rev() {
            let q = self.purchase[k as usize] as usize;
            let paid = self.purchase_x[q]
                .mul_int(u128::from(self.unit[k as usize]))
                .mul_big(&self.scale[q + 1]);
            value = value.sub(&paid);
            self.cache.insert(k, (value.clone(), now));
        }
        value
    }

    /// Adds the money of `count` voters of class `c` to a sum kept as `(voters, per-purchase
    /// paid units)`: the sum is `voters × start − Σ_q units[q] × share_q` (see [`Classes::sum`]),
    /// so summing many classes needs no big-number arithmetic per class.
    pub fn add_to_sum(&self, c: u32, count: u64, voters: &mut u128, units: &mut Vec<u128>) {
        if c == ZERO {
            return;
        }
        *voters += u128::from(count);
        if units.len() < self.purchase_x.len() {
            units.resize(self.purchase_x.len(), 0);
        }
        let mut at = c;
        while at != START && at != ZERO {
            units[self.purchase[at as usize] as usize] +=
                u128::from(count) * u128::from(self.unit[at as usize]);
            at = self.parent[at as usize];
        }
    }

    /// The sum built by [`Classes::add_to_sum`], as a numerator over `d`.
    ///
    /// Horner's scheme over the purchases: the sum over `n` is `voters × start`; purchase `q`
    /// turns a numerator over `d_q` into one over `d_q × factor_q` and removes what was paid
    /// for it (`units[q] × x_q`, already over `d_q × factor_q`). Only multiplications by
    /// machine integers are needed.
    pub fn sum(&self, voters: u128, units: &[u128]) -> N {
        let mut total = self.start.mul_int(voters);
        for (q, (x, &factor)) in self.purchase_x.iter().zip(&self.factors).enumerate() {
            total.mul_assign_int(factor);
            match units.get(q) {
                Some(&u) if u > 0 => total.sub_mul_int_assign(x, u),
                _ => {}
            }
        }
        total
    }

    /// Records a purchase whose full-share payers pay `x / (d × units)` per unit; `d` becomes
    /// `d × units`. Returns the purchase's index.
    pub fn add_purchase(&mut self, x: N, units: u128) -> u32 {
        self.purchase_x.push(x);
        self.factors.push(units);
        self.d *= units;
        for s in &mut self.scale {
            *s *= units;
        }
        self.scale.push(BigInt::from(1u32));
        self.purchase_x.len() as u32 - 1
    }

    /// Makes room for `additional` new classes.
    pub fn reserve(&mut self, additional: usize) {
        self.parent.reserve(additional);
        self.unit.reserve(additional);
        self.purchase.reserve(additional);
        self.approx.reserve(additional);
    }

    /// A new class: voters of `parent` who paid `share` (enclosed by `share`) × `unit` for
    /// purchase `purchase`.
    pub fn derive(&mut self, parent: u32, unit: u64, purchase: u32, share: Approx) -> u32 {
        self.parent.push(parent);
        self.unit.push(unit);
        self.purchase.push(purchase);
        self.approx.push(self.approx[parent as usize].minus(share));
        self.parent.len() as u32 - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approx_encloses_and_decides() {
        let third = Approx::of_ratio(&BigInt::from(1), &BigInt::from(3));
        let half = Approx::of_ratio(&BigInt::from(1), &BigInt::from(2));
        assert_eq!(half.lo, half.hi);
        assert_eq!(third.below(half), Some(true));
        assert_eq!(half.below(third), Some(false));
        assert_eq!(half.below(half), Some(false));
        assert_eq!(third.below(third), None);
        assert_eq!(half.minus(third).below(third), Some(true)); // 1/2 − 1/3 < 1/3
    }

    #[test]
    fn sums_match_values() {
        let mut c: Classes<BigInt> = Classes::new(3, BigInt::from(30), 1);
        let share = Approx::of_ratio(&BigInt::from(9), &BigInt::from(9));
        let q = c.add_purchase(BigInt::from(9), 3); // share per unit 9 / (3·3) = 1
        let k1 = c.derive(START, 1, q, share);
        let k2 = c.derive(START, 2, q, share);
        let (mut voters, mut units) = (0, Vec::new());
        for (class, count) in [(k1, 2), (k2, 5), (START, 1), (ZERO, 4)] {
            c.add_to_sum(class, count, &mut voters, &mut units);
        }
        let direct = c.value(k1) * 2u32 + c.value(k2) * 5u32 + c.value(START);
        assert_eq!(c.sum(voters, &units), direct);
    }

    #[test]
    fn values_follow_purchases() {
        // 2 voters with 10 each (start = 20 over n = 2).
        let mut c: Classes<BigInt> = Classes::new(2, BigInt::from(20), 1);
        // Purchase 0: 2 units, x = 8 over d = 2 → share per unit = 8 / (2·2) = 2.
        let share = Approx::of_ratio(&BigInt::from(8), &BigInt::from(4));
        let q = c.add_purchase(BigInt::from(8), 2);
        let k = c.derive(START, 1, q, share);
        // d = 4; money = 10 − 2 = 8 → numerator 32.
        assert_eq!(c.value(k), BigInt::from(32));
        assert_eq!(c.value(START), BigInt::from(40));
        assert_eq!(
            c.approx(k)
                .below(Approx::of_ratio(&BigInt::from(8), &BigInt::from(1))),
            Some(false)
        );
    }
}
