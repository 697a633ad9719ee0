//! Voter classes and their money during a Method-of-Equal-Shares run.
//!
//! Voters who have paid exactly the same amounts so far share a *class*. A class is born when
//! the supporters of a bought project who were in class `parent` pay their share for it; its
//! money is therefore `parent's money − share × unit`. The exact value (an integer numerator
//! over the run's common denominator `d`) is only computed when a decision needs it; every class
//! also carries a floating-point interval that contains its value (bounds rounded outwards),
//! which settles almost every comparison without big-number arithmetic. Nothing is ever
//! rounded in a decision: when the interval cannot decide, the exact value is used.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::scalar::{Num, Scaled};

/// The class of voters with no money left.
pub(super) const ZERO: u32 = 0;
/// The class every voter starts in.
const START: u32 = 1;
/// An interval `[lo, hi]` of floating-point numbers containing a non-negative value (`hi`
/// may be infinite: unknown). Every bound is rounded outwards, so the value is always inside.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Approx {
    lo: f64,
    hi: f64,
}

impl Approx {
    const UNKNOWN: Approx = Approx {
        lo: 0.0,
        hi: f64::INFINITY,
    };

    /// Encloses `num / den` (`num ≥ 0`, `den > 0`), as tightly as an `f64` can: a single
    /// point when it is one.
    pub fn of_ratio(num: &BigInt, den: &BigInt) -> Self {
        if den.is_zero() || num.sign() == num_bigint::Sign::Minus {
            return Self::UNKNOWN;
        }
        // q = ⌊num × 2⁶⁴ / den⌋, then back by the exact factor 2⁻⁶⁴.
        let scaled: BigInt = num << 64;
        let (q, r) = (&scaled / den, &scaled % den);
        let Some(q) = q.to_u128() else {
            return Self::UNKNOWN;
        };
        let unit = 2f64.powi(-64);
        let near = q as f64;
        let exact = near as u128 == q;
        let lo = if exact { near } else { near.next_down() } * unit;
        if exact && r.is_zero() {
            return Approx { lo, hi: lo };
        }
        Approx {
            lo: lo.max(0.0),
            hi: ((q as f64).next_up() + 1.0).next_up() * unit,
        }
    }

    /// Encloses `num × a / (den × b)` (`num ≥ 0`, `den > 0`, `b > 0`) from the leading bits
    /// of `num` and `den`, without big-number arithmetic; wider than [`Approx::of_ratio`] (a
    /// relative error below 2⁻⁴⁴), which only matters for near-ties, decided exactly anyway.
    pub fn of_scaled_ratio(num: &BigInt, a: u64, den: &BigInt, b: u128) -> Self {
        if num.is_zero() || a == 0 {
            return Approx { lo: 0.0, hi: 0.0 };
        }
        let Some(r) = ratio_estimate(num, u128::from(a), den, b) else {
            return Self::UNKNOWN;
        };
        Approx {
            lo: r * (1.0 - MARGIN),
            hi: r * (1.0 + MARGIN),
        }
    }

    /// Encloses `self − other`, clamped at 0 (money never goes negative): each bound is the
    /// difference rounded to the nearest `f64` and moved one step outwards, which covers that
    /// rounding whichever way it went (cheaper than finding out which way: this runs for every
    /// new class).
    fn minus(self, other: Approx) -> Approx {
        Approx {
            lo: (self.lo - other.hi).next_down().max(0.0),
            hi: (self.hi - other.lo).next_up().max(0.0),
        }
    }

    /// A lower bound of the value.
    pub fn lower(self) -> f64 {
        self.lo
    }

    /// An upper bound of the value (may be infinite).
    pub fn upper(self) -> f64 {
        self.hi
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

/// Relative error allowed for [`ratio_estimate`]: its at most ten roundings of 2⁻⁵³ each stay
/// far below this.
pub(super) const MARGIN: f64 = 1.0 / (1u64 << 44) as f64;

/// `x × a / (y × b)` within a relative error below [`MARGIN`], from the leading 64 bits of
/// `x` and `y`; `None` unless all are positive, or if the value is out of `f64` range.
pub(super) fn ratio_estimate(x: &BigInt, a: u128, y: &BigInt, b: u128) -> Option<f64> {
    if x.sign() != num_bigint::Sign::Plus || y.sign() != num_bigint::Sign::Plus || a == 0 || b == 0
    {
        return None;
    }
    let (mx, ex) = leading_bits(x);
    let (my, ey) = leading_bits(y);
    let exponent = i32::try_from(ex - ey).ok()?;
    let r = (mx * a as f64) / (my * b as f64) * 2f64.powi(exponent);
    (r.is_finite() && r > 0.0).then_some(r)
}

/// A finite, non-negative `v` as `(m, e)` with `v = m × 2^e` exactly.
pub(super) fn exact_parts(v: f64) -> (u64, i64) {
    let bits = v.to_bits();
    let (biased, fraction) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    match biased {
        0 => (fraction, -1074),
        _ => (fraction | (1 << 52), biased as i64 - 1075),
    }
}

/// `log₂ |x|` (−∞ for 0), from the leading bits: within 10⁻¹¹ whatever the size of `x`.
pub(super) fn log2_magnitude(x: &BigInt) -> f64 {
    if x.is_zero() {
        return f64::NEG_INFINITY;
    }
    let (m, e) = leading_bits(x);
    m.log2() + e as f64
}

/// `|x| ≈ m × 2^e` (`x ≠ 0`) with `m` the leading 64 bits of `|x|` as an `f64` (relative
/// error below 2⁻⁵²).
fn leading_bits(x: &BigInt) -> (f64, i64) {
    let bits = x.bits();
    let mut digits = x.iter_u64_digits().rev();
    let top = digits.next().unwrap_or(0);
    if bits <= 64 {
        return (top as f64, 0);
    }
    let next = digits.next().unwrap_or(0);
    // Bits used in the top digit (1..=64); the 64 leading bits straddle it and the next.
    let used = bits - 64 * (bits.div_ceil(64) - 1);
    let leading = if used == 64 {
        top
    } else {
        (top << (64 - used)) | (next >> used)
    };
    (leading as f64, (bits - 64) as i64)
}

/// An upper bound of how fast a share per utility unit `x / (d × units)` moves per increment
/// (`x`'s slope, from its leading bits: within 10⁻¹¹; 0 for plain numbers).
pub(super) fn share_rate<N: Num>(x: &N, d: &BigInt, units: u128) -> f64 {
    let log2_rate = x.log2_parts().1 - log2_magnitude(d) - (units as f64).log2();
    log2_rate.exp2() * (1.0 + 1e-6)
}

/// The money of every class, and which class each voter group is in.
pub(super) struct Classes<N> {
    /// The common denominator of all values.
    pub d: BigInt,
    /// The class of each voter group.
    pub class_of: Vec<u32>,
    /// A voter's starting money, as a numerator over `d`.
    start: N,
    /// What each purchase multiplied `d` by.
    factors: Vec<u128>,
    /// `log₂` of the product of the first `i` factors, for `i` in `0..=factors.len()`.
    log2_scale: Vec<f64>,
    /// For each purchase, what a full-share payer paid per utility unit, as a numerator over
    /// `d` (brought up to date when used).
    paid: Vec<Scaled<N>>,
    /// Every class's parent and what its voters paid for which purchase, in one place (the
    /// hot loops walk up these chains).
    node: Vec<Node>,
    /// The same histories as bit sets, while each class paid one utility unit's share for
    /// purchases below the 64th (approval ballots: every unit is 1): bit `q` is set if the
    /// class paid for purchase `q`. `None` once some class does not fit; then the sums walk
    /// `node` instead.
    paid_bits: Option<Vec<u64>>,
    approx: Vec<Approx>,
    /// Per class, an upper bound of how fast one voter's money moves per budget increment
    /// (while the run's decisions hold; 0 once the run no longer tracks `δ`).
    rates: Vec<f64>,
    /// Per purchase, an upper bound of how fast its share per utility unit moves per increment.
    share_rates: Vec<f64>,
}

/// The classes from `c` up to (not including) the start: one per purchase its voters paid
/// (none for the start and [`ZERO`]).
fn history(node: &[Node], c: u32) -> impl Iterator<Item = &Node> + Clone {
    let mut at = c;
    std::iter::from_fn(move || {
        (at > START).then(|| {
            let step = &node[at as usize];
            at = step.parent;
            step
        })
    })
}

/// The purchases the voters of class `c` paid the full share for, with their utility units.
fn paid_units(node: &[Node], c: u32) -> impl Iterator<Item = (u32, u64)> + '_ {
    history(node, c).map(|step| (step.purchase, step.unit))
}

/// The classes of a finished run, for what their voters paid.
#[derive(Clone, Debug, Default)]
pub(super) struct ClassTree(Vec<Node>);

impl ClassTree {
    /// Number of classes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// See [`Classes::paid_units`].
    pub fn paid_units(&self, c: u32) -> impl Iterator<Item = (u32, u64)> + '_ {
        paid_units(&self.0, c)
    }
}

/// `Σ units × paid[purchase]` over `terms` (`(purchase, units)`), over the current `d`
/// (`factors`: see [`Classes::factors`]).
fn paid_sum<N: Num>(
    paid: &mut [Scaled<N>],
    factors: &[u128],
    terms: impl Iterator<Item = (usize, u128)> + Clone,
) -> N {
    for (q, _) in terms.clone() {
        paid[q].current(factors);
    }
    N::dot(terms.map(|(q, u)| (paid[q].last(), u)))
}

/// A class: the voters of `parent` who paid the full share × `unit` for purchase `purchase`.
#[derive(Clone, Copy, Debug)]
struct Node {
    parent: u32,
    purchase: u32,
    unit: u64,
}

/// The start and [`ZERO`] have no parent.
const ROOT: Node = Node {
    parent: ZERO,
    purchase: 0,
    unit: 0,
};

impl<N: Num> Classes<N> {
    /// `groups` voter groups, all starting with `start / n` (`start` is a numerator over `n`).
    pub fn new(n: u64, start: N, groups: usize) -> Self {
        let d = BigInt::from(n);
        let start_approx = Approx::of_ratio(start.value(), &d);
        Self {
            d,
            class_of: vec![START; groups],
            start,
            factors: Vec::new(),
            log2_scale: vec![0.0],
            paid: Vec::new(),
            node: vec![ROOT, ROOT],
            paid_bits: Some(vec![0, 0]),
            approx: vec![Approx { lo: 0.0, hi: 0.0 }, start_approx],
            // Nothing left stays nothing; the start grows by one unit per increment.
            rates: vec![0.0, if N::TRACKS { 1.0 } else { 0.0 }],
            share_rates: Vec::new(),
        }
    }

    /// Number of classes created so far.
    pub fn len(&self) -> usize {
        self.node.len()
    }

    /// What `d` was multiplied by at each purchase so far.
    pub fn factors(&self) -> &[u128] {
        &self.factors
    }

    /// `log₂` of the products of the first `i` factors (see [`Scaled::log2_parts`]).
    pub fn log2_scale(&self) -> &[f64] {
        &self.log2_scale
    }

    /// The interval enclosing the money of one voter of class `c`.
    pub fn approx(&self, c: u32) -> Approx {
        self.approx[c as usize]
    }

    /// An upper bound of how fast the money of one voter of class `c` moves per increment
    /// (see [`share_rate`]).
    pub fn rate(&self, c: u32) -> f64 {
        self.rates[c as usize]
    }

    /// The exact money of one voter of class `c`, as a numerator over `d`: the start minus
    /// what the class paid for each purchase up its history.
    pub fn value(&mut self, c: u32) -> N {
        if c == ZERO {
            return N::constant(BigInt::zero());
        }
        let paid =
            history(&self.node, c).map(|step| (step.purchase as usize, u128::from(step.unit)));
        let paid = paid_sum(&mut self.paid, &self.factors, paid);
        self.start.sub(&paid)
    }

    /// The purchases the voters of class `c` paid the full share for, with their utility units.
    pub fn paid_units(&self, c: u32) -> impl Iterator<Item = (u32, u64)> + '_ {
        paid_units(&self.node, c)
    }

    /// The classes' histories, kept after the run (see [`ClassTree`]).
    pub fn take_tree(&mut self) -> ClassTree {
        ClassTree(std::mem::take(&mut self.node))
    }

    /// Adds the money of `members` (`count` voters of class `c` each) to a sum kept as
    /// `(voters, per-purchase paid units)`: the sum is `voters × start − Σ_q units[q] × paid_q`
    /// (see [`Classes::sum`]), so summing many classes needs no big-number arithmetic per class.
    pub fn add_to_sum(&self, members: &[(u32, u32)], voters: &mut u128, units: &mut Vec<u128>) {
        if units.len() < self.paid.len() {
            units.resize(self.paid.len(), 0);
        }
        if let Some(bits) = &self.paid_bits {
            // Consecutive members mostly paid for the same purchases: with one set of counters,
            // each addition would wait for the previous one to the same counter.
            const SETS: usize = 4;
            let mut counts = [[0u64; u64::BITS as usize]; SETS];
            for (i, &(c, n)) in members.iter().enumerate() {
                if c == ZERO {
                    continue;
                }
                *voters += u128::from(n);
                let set = &mut counts[i % SETS];
                let mut paid = bits[c as usize];
                while paid != 0 {
                    set[paid.trailing_zeros() as usize] += u64::from(n);
                    paid &= paid - 1;
                }
            }
            for (q, units) in units.iter_mut().enumerate().take(u64::BITS as usize) {
                *units += counts.iter().map(|set| u128::from(set[q])).sum::<u128>();
            }
            return;
        }
        // Several histories walked side by side: their memory reads overlap.
        const LANES: usize = 4;
        for group in members.chunks(LANES) {
            let mut at = [START; LANES];
            let mut count = [0u64; LANES];
            for (lane, &(c, n)) in group.iter().enumerate() {
                if c != ZERO {
                    (at[lane], count[lane]) = (c, u64::from(n));
                    *voters += u128::from(n);
                }
            }
            while at.iter().any(|&c| c > START) {
                for lane in 0..LANES {
                    if at[lane] > START {
                        let step = self.node[at[lane] as usize];
                        units[step.purchase as usize] +=
                            u128::from(count[lane]) * u128::from(step.unit);
                        at[lane] = step.parent;
                    }
                }
            }
        }
    }

    /// The sum built by [`Classes::add_to_sum`], as a numerator over `d`.
    pub fn sum(&mut self, voters: u128, units: &[u128]) -> N {
        let paid = units.iter().copied().enumerate().filter(|&(_, u)| u > 0);
        let paid = paid_sum(&mut self.paid, &self.factors, paid);
        self.start.mul_int(voters).sub(&paid)
    }

    /// Records a purchase whose full-share payers pay `x / (d × units)` per unit; `d` becomes
    /// `d × units`. Returns the purchase's index.
    pub fn add_purchase(&mut self, x: N, units: u128) -> u32 {
        self.share_rates.push(share_rate(&x, &self.d, units));
        self.d *= units;
        self.start.mul_assign_int(units);
        self.factors.push(units);
        let scale = self.log2_scale.last().copied().unwrap_or(0.0);
        self.log2_scale.push(scale + (units as f64).log2());
        self.paid.push(Scaled::new(x, self.factors.len()));
        self.paid.len() as u32 - 1
    }

    /// See [`Num::untrack`].
    pub fn untrack(&mut self) {
        self.start.untrack();
        for paid in &mut self.paid {
            paid.untrack();
        }
    }

    /// Makes room for `additional` new classes.
    pub fn reserve(&mut self, additional: usize) {
        self.node.reserve(additional);
        if let Some(bits) = &mut self.paid_bits {
            bits.reserve(additional);
        }
        self.approx.reserve(additional);
        self.rates.reserve(additional);
    }

    /// A new class: voters of `parent` who paid `share` (enclosed by `share`) × `unit` for
    /// purchase `purchase`.
    pub fn derive(&mut self, parent: u32, unit: u64, purchase: u32, share: Approx) -> u32 {
        self.node.push(Node {
            parent,
            purchase,
            unit,
        });
        match &mut self.paid_bits {
            Some(bits) if unit == 1 && purchase < u64::BITS => {
                bits.push(bits[parent as usize] | 1 << purchase);
            }
            Some(_) => self.paid_bits = None,
            None => {}
        }
        self.approx.push(self.approx[parent as usize].minus(share));
        // Money = the parent's − share × unit: the rates add up (with room for roundings).
        let rate = self.rates[parent as usize] + unit as f64 * self.share_rates[purchase as usize];
        self.rates.push(rate * (1.0 + 4.0 * f64::EPSILON));
        self.node.len() as u32 - 1
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

    fn big(high: u64, low: u64, shift: u32) -> BigInt {
        (BigInt::from(high) << shift) + low
    }

    /// `v` as an exact fraction `m × 2^e` (`v ≥ 0`, finite).
    fn exact(v: f64) -> (BigInt, i32) {
        let (m, e) = exact_parts(v);
        (BigInt::from(m), e as i32)
    }

    /// Compares `v` with `num / den` exactly.
    fn cmp_exact(v: f64, num: &BigInt, den: &BigInt) -> std::cmp::Ordering {
        let (m, e) = exact(v);
        if e >= 0 {
            ((m << e) * den).cmp(num)
        } else {
            (m * den).cmp(&(num << (-e)))
        }
    }

    proptest::proptest! {
        #[test]
        fn scaled_ratio_encloses_the_exact_value(
            (nh, nl, ns) in (1u64.., proptest::num::u64::ANY, 0u32..400),
            (dh, dl, ds) in (1u64.., proptest::num::u64::ANY, 0u32..400),
            a in 1u64..,
            b in 1u128..,
        ) {
            let (num, den) = (big(nh, nl, ns), big(dh, dl, ds));
            let approx = Approx::of_scaled_ratio(&num, a, &den, b);
            let (num_a, den_b) = (&num * a, &den * b);
            proptest::prop_assert!(cmp_exact(approx.lo, &num_a, &den_b).is_le());
            if approx.hi.is_finite() {
                proptest::prop_assert!(cmp_exact(approx.hi, &num_a, &den_b).is_ge());
            }
        }

        #[test]
        fn ratio_and_difference_enclose_the_exact_values(
            (nh, nl, ns) in (0u64.., proptest::num::u64::ANY, 0u32..40),
            (dh, dl, ds) in (1u64.., proptest::num::u64::ANY, 0u32..80),
            k in 1u64..1000,
        ) {
            let (num, den) = (big(nh, nl, ns), big(dh, dl, ds));
            let whole = Approx::of_ratio(&num, &den);
            proptest::prop_assert!(cmp_exact(whole.lo, &num, &den).is_le());
            proptest::prop_assume!(whole.hi.is_finite());
            proptest::prop_assert!(cmp_exact(whole.hi, &num, &den).is_ge());
            // num/den − num/(den·k) = num·(k − 1) / (den·k).
            let part = Approx::of_ratio(&num, &(&den * k));
            let rest = whole.minus(part);
            let (rest_num, rest_den) = (&num * (k - 1), &den * k);
            proptest::prop_assert!(cmp_exact(rest.lo, &rest_num, &rest_den).is_le());
            proptest::prop_assume!(rest.hi.is_finite());
            proptest::prop_assert!(cmp_exact(rest.hi, &rest_num, &rest_den).is_ge());
        }
    }

    #[test]
    fn sums_match_values() {
        let mut c: Classes<BigInt> = Classes::new(3, BigInt::from(30), 1);
        let share = Approx::of_ratio(&BigInt::from(9), &BigInt::from(9));
        let q = c.add_purchase(BigInt::from(9), 3); // share per unit 9 / (3·3) = 1
        let k1 = c.derive(START, 1, q, share);
        let k2 = c.derive(START, 2, q, share);
        let (mut voters, mut units) = (0, Vec::new());
        c.add_to_sum(
            &[(k1, 2), (k2, 5), (START, 1), (ZERO, 4), (k1, 1)],
            &mut voters,
            &mut units,
        );
        let direct = c.value(k1) * 3u32 + c.value(k2) * 5u32 + c.value(START);
        assert_eq!(c.sum(voters, &units), direct);
    }

    #[test]
    fn sums_over_paid_bits_match_values() {
        // 4 voters with 100 each; every purchase: 2 units, share per unit 1.
        let mut c: Classes<BigInt> = Classes::new(4, BigInt::from(400), 1);
        let buy = |c: &mut Classes<BigInt>| {
            let x = &c.d * 2u32;
            let share = Approx::of_ratio(&x, &(&c.d * 2u32));
            (c.add_purchase(x, 2), share)
        };
        let (q0, s0) = buy(&mut c);
        let k1 = c.derive(START, 1, q0, s0);
        let (q1, s1) = buy(&mut c);
        let k2 = c.derive(k1, 1, q1, s1);
        let k3 = c.derive(START, 1, q1, s1);
        assert!(c.paid_bits.is_some());
        let members = [(k2, 2), (k3, 1), (START, 1), (ZERO, 3)];
        let (mut voters, mut units) = (0, Vec::new());
        c.add_to_sum(&members, &mut voters, &mut units);
        let direct = c.value(k2) * 2u32 + c.value(k3) + c.value(START);
        assert_eq!(c.sum(voters, &units), direct);
        // Past the 64th purchase the histories are walked: the same sums.
        let mut last = k2;
        for _ in 0..70 {
            let (q, share) = buy(&mut c);
            last = c.derive(last, 1, q, share);
        }
        assert!(c.paid_bits.is_none());
        let (mut voters, mut units) = (0, Vec::new());
        c.add_to_sum(&[(last, 1), (k3, 2)], &mut voters, &mut units);
        let direct = c.value(last) + c.value(k3) * 2u32;
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
        // Its interval holds 8, within a step of it either way: it decides against anything
        // a little off.
        let money = c.approx(k);
        assert!(money.lower() <= 8.0 && money.upper() >= 8.0);
        let near = |num: u64, den: u64| money.below(Approx::of_ratio(&num.into(), &den.into()));
        assert_eq!(near(8_000_001, 1_000_000), Some(true));
        assert_eq!(near(7_999_999, 1_000_000), Some(false));
    }
}
