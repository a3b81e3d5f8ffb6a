//! The FFT products of [`super::periodic`]: one line (a circulant) by complex FFT, a
//! width x height torus by real 2-D FFT, each with reused buffers and rayon over fixed
//! blocks of rows or columns (a fixed order: bitwise identical for any thread count).

use rayon::prelude::*;
use rustfft::Fft;

use super::periodic::{Workspace, C};

/// Row pairs (grid) per rayon task.
const PAIRS_PER_TASK: usize = 8;
/// Columns (grid frequencies) per rayon task.
const COLUMNS_PER_TASK: usize = 8;

#[inline]
pub(super) fn times(v: C, s: C, conjugate: bool) -> C {
    if conjugate {
        v * s.conj()
    } else {
        v * s
    }
}

pub(super) fn resize(buffer: &mut Vec<C>, len: usize) {
    if buffer.len() != len {
        buffer.clear();
        buffer.resize(len, C::default());
    }
}

/// Single-threaded complex FFT convolution of length N.
pub(super) fn line_product(
    forward: &dyn Fft<f64>,
    inverse: &dyn Fft<f64>,
    spectrum: &[C],
    x: &[f64],
    out: &mut [f64],
    conjugate: bool,
    ws: &mut Workspace,
) {
    let n = x.len();
    resize(&mut ws.a, n);
    let scratch_len = forward.get_inplace_scratch_len().max(inverse.get_inplace_scratch_len());
    resize(&mut ws.b, scratch_len);
    for (b, &v) in ws.a.iter_mut().zip(x) {
        *b = C::new(v, 0.0);
    }
    forward.process_with_scratch(&mut ws.a, &mut ws.b);
    for (b, &s) in ws.a.iter_mut().zip(spectrum) {
        *b = times(*b, s, conjugate);
    }
    inverse.process_with_scratch(&mut ws.a, &mut ws.b);
    for (o, b) in out.iter_mut().zip(&ws.a) {
        *o = b.re;
    }
}

pub(super) struct GridPlans<'a> {
    pub(super) row_forward: &'a dyn Fft<f64>,
    pub(super) row_inverse: &'a dyn Fft<f64>,
    pub(super) column_forward: &'a dyn Fft<f64>,
    pub(super) column_inverse: &'a dyn Fft<f64>,
}

/// Real 2-D FFT convolution on a width × height grid (see the module docs).
#[allow(clippy::too_many_arguments)]
pub(super) fn grid_product(
    plans: &GridPlans<'_>,
    spectrum: &[C],
    w: usize,
    h: usize,
    x: &[f64],
    out: &mut [f64],
    conjugate: bool,
    ws: &mut Workspace,
) {
    let pairs = h.div_ceil(2);
    let columns = w / 2 + 1;
    resize(&mut ws.a, pairs * w);
    resize(&mut ws.b, columns * h);
    let Workspace { a: rows, b: cols } = ws;

    // 1. Rows 2j and 2j + 1 as one complex row; forward FFT along x.
    rows.par_chunks_mut(PAIRS_PER_TASK * w)
        .zip(x.par_chunks(PAIRS_PER_TASK * 2 * w))
        .for_each(|(chunk, xs)| {
            for (j, z) in chunk.chunks_mut(w).enumerate() {
                let re = &xs[2 * j * w..(2 * j + 1) * w];
                match xs.get((2 * j + 1) * w..(2 * j + 2) * w) {
                    Some(im) => z
                        .iter_mut()
                        .zip(re.iter().zip(im))
                        .for_each(|(z, (&a, &b))| *z = C::new(a, b)),
                    None => z.iter_mut().zip(re).for_each(|(z, &a)| *z = C::new(a, 0.0)),
                }
            }
            let mut scratch = vec![C::default(); plans.row_forward.get_inplace_scratch_len()];
            plans.row_forward.process_with_scratch(chunk, &mut scratch);
        });

    // 2. Per column frequency f: unpack both rows' spectra (Z(f) ± conj Z(-f)) into the
    //    transposed buffer, FFT along y, multiply by the kernel's spectrum, transform back.
    let rows: &[C] = rows;
    cols.par_chunks_mut(COLUMNS_PER_TASK * h)
        .enumerate()
        .for_each(|(task, chunk)| {
            let f0 = task * COLUMNS_PER_TASK;
            let count = chunk.len() / h;
            for j in 0..pairs {
                let z = &rows[j * w..(j + 1) * w];
                for c in 0..count {
                    let f = f0 + c;
                    let zf = z[f];
                    let zm = z[(w - f) % w].conj();
                    let sum = zf + zm;
                    let diff = zf - zm;
                    // Row 2j: (Z(f) + conj Z(-f)) / 2; row 2j+1: (Z(f) - conj Z(-f)) / (2i).
                    let (mut even, mut odd) = (
                        C::new(0.5 * sum.re, 0.5 * sum.im),
                        C::new(0.5 * diff.im, -0.5 * diff.re),
                    );
                    if f == 0 || 2 * f == w {
                        even.im = 0.0;
                        odd.im = 0.0;
                    }
                    let column = &mut chunk[c * h..(c + 1) * h];
                    column[2 * j] = even;
                    if 2 * j + 1 < h {
                        column[2 * j + 1] = odd;
                    }
                }
            }
            let scratch_len = plans
                .column_forward
                .get_inplace_scratch_len()
                .max(plans.column_inverse.get_inplace_scratch_len());
            let mut scratch = vec![C::default(); scratch_len];
            plans.column_forward.process_with_scratch(chunk, &mut scratch);
            let s = &spectrum[f0 * h..f0 * h + chunk.len()];
            for (v, &s) in chunk.iter_mut().zip(s) {
                *v = times(*v, s, conjugate);
            }
            plans.column_inverse.process_with_scratch(chunk, &mut scratch);
        });

    // 3. Repack rows 2j, 2j + 1 as Y_2j + i Y_2j+1 (Hermitian halves mirrored), inverse FFT
    //    along x: the real part is row 2j of the product, the imaginary part row 2j + 1.
    let cols: &[C] = cols;
    let rows: &mut [C] = &mut ws.a;
    rows.par_chunks_mut(PAIRS_PER_TASK * w)
        .zip(out.par_chunks_mut(PAIRS_PER_TASK * 2 * w))
        .enumerate()
        .for_each(|(task, (chunk, out))| {
            let j0 = task * PAIRS_PER_TASK;
            let count = chunk.len() / w;
            for f in 0..columns {
                let column = &cols[f * h..(f + 1) * h];
                for c in 0..count {
                    let y = 2 * (j0 + c);
                    let even = column[y];
                    let odd = if y + 1 < h { column[y + 1] } else { C::default() };
                    let z = &mut chunk[c * w..(c + 1) * w];
                    if f == 0 || 2 * f == w {
                        z[f] = C::new(even.re, odd.re);
                    } else {
                        z[f] = C::new(even.re - odd.im, even.im + odd.re);
                        z[w - f] = C::new(even.re + odd.im, odd.re - even.im);
                    }
                }
            }
            let mut scratch = vec![C::default(); plans.row_inverse.get_inplace_scratch_len()];
            plans.row_inverse.process_with_scratch(chunk, &mut scratch);
            for (c, z) in chunk.chunks(w).enumerate() {
                out[2 * c * w..(2 * c + 1) * w]
                    .iter_mut()
                    .zip(z)
                    .for_each(|(o, z)| *o = z.re);
                if let Some(odd) = out.get_mut((2 * c + 1) * w..(2 * c + 2) * w) {
                    odd.iter_mut().zip(z).for_each(|(o, z)| *o = z.im);
                }
            }
        });
}
