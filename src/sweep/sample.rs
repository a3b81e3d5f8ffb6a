//! Space-filling samples of the unit cube, one coordinate per axis, each a pure function of
//! (seed, axis, point) so that any shard computes the points it owns without the others:
//!
//! - Latin hypercube: axis q is cut into K equal strata; point k lies in stratum
//!   `perm_q[k]`, `perm_q` a Fisher–Yates permutation drawn from ChaCha8 (seed, stream q),
//!   at a uniform offset inside it from a SplitMix64 hash of (seed, q, k).
//! - Sobol: the Owen-scrambled Sobol sequence of Burley (2020) as implemented by the
//!   `sobol_burley` crate (Joe–Kuo direction numbers, at most 2^16 points and 256 axes),
//!   seeded, read as 32-bit integers (the crate's `sample` rounds to f32), and mapped to the
//!   middle of their 2^-32 cell.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sobol_burley::parts::{hash, owen_scramble_rev, sobol_rev};

/// Points of a Sobol design at most (the length of `sobol_burley`'s sequence).
pub const SOBOL_MAX_POINTS: usize = 1 << 16;
/// Axes of a Sobol design at most.
pub const SOBOL_MAX_DIMENSIONS: usize = sobol_burley::NUM_DIMENSIONS as usize;

/// The stratum permutations of a `points`-point Latin hypercube in `dims` dimensions.
pub fn lhs_strata(points: usize, dims: usize, seed: u64) -> Vec<Vec<u32>> {
    (0..dims)
        .map(|q| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(q as u64);
            let mut perm: Vec<u32> = (0..points as u32).collect();
            for i in (1..points).rev() {
                // Lemire's multiply-shift: an index in 0..=i (bias below 2^-32 for i < 2^32).
                let j = ((rng.next_u64() as u128 * (i as u128 + 1)) >> 64) as usize;
                perm.swap(i, j);
            }
            perm
        })
        .collect()
}

/// Coordinate q of Latin-hypercube point k, in [0, 1).
pub fn lhs_fraction(strata: &[u32], points: usize, seed: u64, q: usize, k: usize) -> f64 {
    let offset = unit(splitmix(splitmix(splitmix(seed) ^ q as u64) ^ k as u64));
    ((strata[k] as f64 + offset) / points as f64).min(1.0 - f64::EPSILON / 2.0)
}

/// Coordinate q of Sobol point k, in (0, 1).
pub fn sobol_fraction(k: usize, q: usize, seed: u64) -> f64 {
    let seed = (seed ^ (seed >> 32)) as u32;
    let (index, dimension) = (k as u32, q as u32);
    // As sobol_burley::sample, without the final rounding to f32.
    let shuffled = owen_scramble_rev(index.reverse_bits(), hash(seed ^ 0x79c6_8e4a));
    let sobol = sobol_rev(shuffled, dimension);
    let scramble = {
        let seed = seed.wrapping_mul(0x9c8f_2d3b);
        (dimension >> 2) ^ seed ^ [0x912f_69ba, 0x174f_18ab, 0x691e_72ca, 0xb40c_c1b8][dimension as usize & 0b11]
    };
    let bits = owen_scramble_rev(sobol, hash(scramble)).reverse_bits();
    (bits as f64 + 0.5) / 4_294_967_296.0
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The top 53 bits as a number in [0, 1).
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_hypercube_has_one_point_per_stratum_on_every_axis() {
        let (k, dims) = (97, 3);
        let strata = lhs_strata(k, dims, 7);
        for (q, perm) in strata.iter().enumerate() {
            let mut seen = vec![false; k];
            for i in 0..k {
                let u = lhs_fraction(perm, k, 7, q, i);
                assert!((0.0..1.0).contains(&u));
                let s = (u * k as f64) as usize;
                assert!(!seen[s], "axis {q}: stratum {s} twice");
                seen[s] = true;
            }
        }
        assert_ne!(lhs_strata(k, 1, 8), lhs_strata(k, 1, 7), "the seed matters");
        assert_eq!(lhs_strata(k, 2, 7), lhs_strata(k, 2, 7));
    }

    #[test]
    fn sobol_agrees_with_the_crate_and_is_stratified() {
        for k in 0..64 {
            for q in 0..4 {
                let ours = sobol_fraction(k, q, 3);
                let theirs = sobol_burley::sample(k as u32, q as u32, 3) as f64;
                // The crate keeps 23 bits: ours lies in its cell [theirs, theirs + 2^-23).
                assert!(
                    ours >= theirs && ours - theirs < 1.0 / (1u64 << 23) as f64,
                    "k {k} q {q}: {ours} vs {theirs}"
                );
            }
        }
        // The first 2^m points put one point in each of 2^m equal intervals of every axis.
        for q in 0..3 {
            let mut cells: Vec<usize> = (0..16).map(|k| (sobol_fraction(k, q, 5) * 16.0) as usize).collect();
            cells.sort_unstable();
            assert_eq!(cells, (0..16).collect::<Vec<_>>());
        }
    }
}
