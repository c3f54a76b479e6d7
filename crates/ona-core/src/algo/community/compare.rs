//! Comparing two partitions of the same nodes: normalized mutual information,
//! adjusted Rand index, variation of information.

use crate::Partition;
use crate::error::{Error, Result};

/// Counts of a pair of partitions: `n`, class sizes of each, joint sizes.
struct Contingency {
    n: f64,
    a: Vec<f64>,
    b: Vec<f64>,
    joint: Vec<f64>,
}

impl Contingency {
    fn new(x: &Partition, y: &Partition) -> Result<Self> {
        if x.0.len() != y.0.len() {
            return Err(Error::LengthMismatch {
                what: "partitions",
                expected: x.0.len() as u64,
                found: y.0.len() as u64,
            });
        }
        let sizes = |labels: &mut Vec<u64>| {
            labels.sort_unstable();
            let mut out = Vec::new();
            let mut i = 0;
            while i < labels.len() {
                let j = labels[i..]
                    .iter()
                    .position(|&l| l != labels[i])
                    .map_or(labels.len(), |p| i + p);
                #[allow(clippy::cast_precision_loss)] // counts far below 2^53
                out.push((j - i) as f64);
                i = j;
            }
            out
        };
        let mut a: Vec<u64> = x.0.iter().map(|&l| u64::from(l)).collect();
        let mut b: Vec<u64> = y.0.iter().map(|&l| u64::from(l)).collect();
        let mut joint: Vec<u64> =
            x.0.iter()
                .zip(&y.0)
                .map(|(&p, &q)| (u64::from(p) << 32) | u64::from(q))
                .collect();
        #[allow(clippy::cast_precision_loss)] // counts far below 2^53
        let n = x.0.len() as f64;
        Ok(Self {
            n,
            a: sizes(&mut a),
            b: sizes(&mut b),
            joint: sizes(&mut joint),
        })
    }

    fn entropy(sizes: &[f64], n: f64) -> f64 {
        -sizes.iter().map(|&s| (s / n) * (s / n).ln()).sum::<f64>()
    }

    /// (H(a), H(b), I(a; b)) in nats.
    fn information(&self) -> (f64, f64, f64) {
        let (ha, hb) = (
            Self::entropy(&self.a, self.n),
            Self::entropy(&self.b, self.n),
        );
        let hab = Self::entropy(&self.joint, self.n);
        (ha, hb, (ha + hb - hab).max(0.0))
    }
}

/// Normalized mutual information `2 I(a;b) / (H(a) + H(b))`: scikit-learn
/// `normalized_mutual_info_score` (arithmetic mean), igraph
/// `compare_communities(method="nmi")`. 1 for identical partitions (also
/// when both are a single class), 0 for independent ones. Labels are
/// arbitrary.
///
/// **Complexity** `O(n log n)`. **Errors**: partitions of different length.
///
/// ```
/// use ona_core::Partition;
/// use ona_core::algo::community::normalized_mutual_information;
/// let a = Partition(vec![0, 0, 1, 1]);
/// assert_eq!(normalized_mutual_information(&a, &Partition(vec![7, 7, 3, 3]))?, 1.0);
/// assert!(normalized_mutual_information(&a, &Partition(vec![0, 1, 0, 1]))?.abs() < 1e-15);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn normalized_mutual_information(a: &Partition, b: &Partition) -> Result<f64> {
    let c = Contingency::new(a, b)?;
    let (ha, hb, i) = c.information();
    if ha + hb == 0.0 {
        return Ok(1.0);
    }
    Ok((2.0 * i / (ha + hb)).clamp(0.0, 1.0))
}

/// Variation of information `H(a) + H(b) − 2 I(a;b)` in nats: igraph
/// `compare_communities(method="vi")`. 0 for identical partitions.
///
/// **Complexity** `O(n log n)`. **Errors**: partitions of different length.
pub fn variation_of_information(a: &Partition, b: &Partition) -> Result<f64> {
    let c = Contingency::new(a, b)?;
    let (ha, hb, i) = c.information();
    Ok((ha + hb - 2.0 * i).max(0.0))
}

/// Adjusted Rand index (Hubert & Arabie 1985): scikit-learn
/// `adjusted_rand_score`, igraph `compare_communities(method="adjusted_rand")`.
/// 1 for identical partitions, about 0 for random ones, can be negative.
///
/// **Complexity** `O(n log n)`. **Errors**: partitions of different length.
///
/// ```
/// use ona_core::Partition;
/// use ona_core::algo::community::adjusted_rand_index;
/// let ari = adjusted_rand_index(&Partition(vec![0, 0, 1, 1]), &Partition(vec![0, 0, 1, 2]))?;
/// assert!((ari - 4.0 / 7.0).abs() < 1e-12);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn adjusted_rand_index(a: &Partition, b: &Partition) -> Result<f64> {
    let c = Contingency::new(a, b)?;
    let pairs = |sizes: &[f64]| sizes.iter().map(|&s| s * (s - 1.0) / 2.0).sum::<f64>();
    let (index, sa, sb) = (pairs(&c.joint), pairs(&c.a), pairs(&c.b));
    let total = c.n * (c.n - 1.0) / 2.0;
    if total == 0.0 {
        return Ok(1.0);
    }
    let expected = sa * sb / total;
    let max = (sa + sb) / 2.0;
    if max == expected {
        return Ok(1.0);
    }
    Ok((index - expected) / (max - expected))
}
