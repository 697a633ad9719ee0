//! Voter classes and their money during a Method-of-Equal-Shares run.
//!
//! Voters who have paid exactly the same amounts so far share a *class*. A class is born when
//! the supporters of a bought project who were in class `parent` pay their share for it; its
//! money is therefore `parent's money − share × unit`. The exact value (an integer numerator
//! over the run's common denominator `d`) is only computed when a decision needs it; every class
//! also carries an integer interval that contains its value × 2⁶⁴, which settles almost every
//! comparison without big-number arithmetic. Nothing is ever rounded in a decision: when the
//! interval cannot decide, the exact value is used.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

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
    /// A voter's starting money, as a numerator over `d`.
    start: N,
    /// For each purchase, what a full-share payer paid per utility unit, as a numerator over
    /// `d` (kept current: every purchase multiplies `d`, so it multiplies these too).
    paid: Vec<N>,
    parent: Vec<u32>,
    unit: Vec<u64>,
    purchase: Vec<u32>,
    approx: Vec<Approx>,
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
            paid: Vec::new(),
            parent: vec![ZERO, ZERO],
            unit: vec![0, 0],
            purchase: vec![0, 0],
            approx: vec![Approx { lo: 0, hi: 0 }, start_approx],
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

    /// The exact money of one voter of class `c`, as a numerator over `d`: the start minus
    /// what the class paid for each purchase up its history.
    pub fn value(&self, c: u32) -> N {
        if c == ZERO {
            return N::constant(BigInt::zero());
        }
        let mut value = self.start.clone();
        let mut at = c;
        while at != START {
            let k = at as usize;
            value.sub_mul_int_assign(
                &self.paid[self.purchase[k] as usize],
                u128::from(self.unit[k]),
            );
            at = self.parent[k];
        }
        value
    }

    /// Adds the money of `count` voters of class `c` to a sum kept as `(voters, per-purchase
    /// paid units)`: the sum is `voters × start − Σ_q units[q] × paid_q` (see [`Classes::sum`]),
    /// so summing many classes needs no big-number arithmetic per class.
    pub fn add_to_sum(&self, c: u32, count: u64, voters: &mut u128, units: &mut Vec<u128>) {
        if c == ZERO {
            return;
        }
        *voters += u128::from(count);
        if units.len() < self.paid.len() {
            units.resize(self.paid.len(), 0);
        }
        let mut at = c;
        while at != START {
            units[self.purchase[at as usize] as usize] +=
                u128::from(count) * u128::from(self.unit[at as usize]);
            at = self.parent[at as usize];
        }
    }

    /// The sum built by [`Classes::add_to_sum`], as a numerator over `d`.
    pub fn sum(&self, voters: u128, units: &[u128]) -> N {
        let mut total = self.start.mul_int(voters);
        for (paid, &u) in self.paid.iter().zip(units) {
            if u > 0 {
                total.sub_mul_int_assign(paid, u);
            }
        }
        total
    }

    /// Records a purchase whose full-share payers pay `x / (d × units)` per unit; `d` becomes
    /// `d × units`. Returns the purchase's index.
    pub fn add_purchase(&mut self, x: N, units: u128) -> u32 {
        self.d *= units;
        self.start.mul_assign_int(units);
        for paid in &mut self.paid {
            paid.mul_assign_int(units);
        }
        self.paid.push(x);
        self.paid.len() as u32 - 1
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
