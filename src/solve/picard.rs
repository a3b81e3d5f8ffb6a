//! Damped fixed-point (Picard) iteration: x <- x + damping (G(x) - x).

use super::{residual_norm, FixedPointMap, Outcome, Tolerance};

pub(super) fn run<M: FixedPointMap + ?Sized>(map: &M, start: &[f64], damping: f64, tol: Tolerance) -> Outcome {
    let mut x = start.to_vec();
    let mut g = vec![0.0; x.len()];
    let mut iterations = 0;
    loop {
        map.apply(&x, &mut g);
        let residual = residual_norm(&x, &g);
        if residual <= tol.residual
            || iterations >= tol.max_iterations
            || !residual.is_finite()
            || crate::error::interrupt_requested()
        {
            return Outcome {
                state: x,
                iterations,
                residual,
            };
        }
        for (xi, gi) in x.iter_mut().zip(&g) {
            *xi += damping * (gi - *xi);
        }
        iterations += 1;
    }
}
