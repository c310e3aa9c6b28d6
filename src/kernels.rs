//! The inner loops of training, on flat row-major buffers, written for speed
//! while keeping one fixed order of summation for every number they produce
//! (so native and wasm builds agree bit for bit, and the stepper, which calls
//! the same functions, agrees with training).
//!
//! The orders: a dot product sums eight interleaved lanes (independent
//! chains of additions keep the processor busy), then
//! ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), then any remainder in
//! order; a sum over the examples of a batch, or over the rows of a matrix,
//! goes in order from 0. Blocking (two examples or two neurons at a time)
//! shares loads between sums without changing any of them.

/// Lanes of a dot product.
const LANES: usize = 8;

/// Σ_i a_i b_i in the fixed lane order.
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let (chunks_a, chunks_b) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (rest_a, rest_b) = (chunks_a.remainder(), chunks_b.remainder());
    let mut lanes = [0.0; LANES];
    for (x, y) in chunks_a.zip(chunks_b) {
        for k in 0..LANES {
            lanes[k] += x[k] * y[k];
        }
    }
    let mut sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3]))
        + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    for (x, y) in rest_a.iter().zip(rest_b) {
        sum += x * y;
    }
    sum
}

/// z[n][j] = b[j] + W[j] · x[n] for every example n and neuron j.
/// `weights` is `[neuron][input]`, `inputs` `[example][input]`, `z` `[example][neuron]`.
pub fn affine(weights: &[f64], biases: &[f64], inputs: &[f64], z: &mut [f64]) {
    let (width, fan_in) = (biases.len(), weights.len() / biases.len());
    // Neuron by neuron, so that its row of weights stays in cache while every
    // example reads it. (Sharing a row's loads between two examples, or two
    // rows between two examples, was faster natively but slower in wasm.)
    for (j, (row, &b)) in weights.chunks_exact(fan_in).zip(biases).enumerate() {
        for (n, x) in inputs.chunks_exact(fan_in).enumerate() {
            z[n * width + j] = b + dot(row, x);
        }
    }
}

/// out[n] = Wᵀ v[n] for every example n: `weights` `[row][column]` with one
/// row per entry of v[n]; each output summed over the rows in order.
pub fn transposed(weights: &[f64], columns: usize, v: &[f64], out: &mut [f64]) {
    let rows = weights.len() / columns;
    for (out_n, v_n) in out.chunks_exact_mut(columns).zip(v.chunks_exact(rows)) {
        // Eight columns at a time, summed over the rows in registers.
        let mut chunks = out_n.chunks_exact_mut(8);
        let mut i = 0;
        for out in &mut chunks {
            let mut acc = [0.0; 8];
            for (w, &d) in weights.chunks_exact(columns).zip(v_n) {
                let w = &w[i..i + 8];
                for c in 0..8 {
                    acc[c] += w[c] * d;
                }
            }
            out.copy_from_slice(&acc);
            i += 8;
        }
        for (c, o) in chunks.into_remainder().iter_mut().enumerate() {
            let mut acc = 0.0;
            for (w, &d) in weights.chunks_exact(columns).zip(v_n) {
                acc += w[i + c] * d;
            }
            *o = acc;
        }
    }
}

/// ∂L/∂W[j][i] = Σ_n δ[n][j] x[n][i] and ∂L/∂b[j] = Σ_n δ[n][j], summed over
/// the examples in order. `deltas` `[example][neuron]`, `inputs` `[example][input]`.
pub fn outer_sums(
    deltas: &[f64],
    inputs: &[f64],
    grad_weights: &mut [f64],
    grad_biases: &mut [f64],
) {
    let width = grad_biases.len();
    let fan_in = grad_weights.len() / width;
    for (j, (row, gb)) in
        grad_weights.chunks_exact_mut(fan_in).zip(grad_biases.iter_mut()).enumerate()
    {
        let mut bias = 0.0;
        for d in deltas.chunks_exact(width) {
            bias += d[j];
        }
        *gb = bias;
        // Eight inputs at a time, summed over the batch in registers.
        let mut chunks = row.chunks_exact_mut(8);
        let mut i = 0;
        for out in &mut chunks {
            let mut acc = [0.0; 8];
            for (x, d) in inputs.chunks_exact(fan_in).zip(deltas.chunks_exact(width)) {
                let (x, d) = (&x[i..i + 8], d[j]);
                for c in 0..8 {
                    acc[c] += d * x[c];
                }
            }
            out.copy_from_slice(&acc);
            i += 8;
        }
        for (c, g) in chunks.into_remainder().iter_mut().enumerate() {
            let mut acc = 0.0;
            for (x, d) in inputs.chunks_exact(fan_in).zip(deltas.chunks_exact(width)) {
                acc += d[j] * x[i + c];
            }
            *g = acc;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    fn random(n: usize, rng: &mut rand_pcg::Pcg64Mcg) -> Vec<f64> {
        (0..n).map(|_| rng.random_range(-1.0..1.0)).collect()
    }

    /// The blocked kernels give exactly the numbers of the plain loops in
    /// the documented order, for every shape (odd ones included).
    #[test]
    fn blocked_kernels_equal_the_plain_loops_bit_for_bit() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        for (len, fan_in, width) in
            [(1, 1, 1), (2, 2, 4), (3, 5, 3), (10, 8, 8), (7, 13, 9), (4, 64, 6)]
        {
            let w = random(width * fan_in, &mut rng);
            let b = random(width, &mut rng);
            let x = random(len * fan_in, &mut rng);
            let mut z = vec![0.0; len * width];
            affine(&w, &b, &x, &mut z);
            for n in 0..len {
                for j in 0..width {
                    let want = b[j]
                        + dot(&w[j * fan_in..(j + 1) * fan_in], &x[n * fan_in..(n + 1) * fan_in]);
                    assert_eq!(
                        z[n * width + j].to_bits(),
                        want.to_bits(),
                        "affine {len}x{fan_in}x{width}"
                    );
                }
            }
            let d = random(len * width, &mut rng);
            let mut back = vec![0.0; len * fan_in];
            transposed(&w, fan_in, &d, &mut back);
            let (mut gw, mut gb) = (vec![0.0; width * fan_in], vec![0.0; width]);
            outer_sums(&d, &x, &mut gw, &mut gb);
            for n in 0..len {
                for i in 0..fan_in {
                    let mut want = 0.0;
                    for k in 0..width {
                        want += w[k * fan_in + i] * d[n * width + k];
                    }
                    assert_eq!(back[n * fan_in + i].to_bits(), want.to_bits(), "transposed");
                }
            }
            for j in 0..width {
                let (mut wb, mut ww) = (0.0, vec![0.0; fan_in]);
                for n in 0..len {
                    wb += d[n * width + j];
                    for i in 0..fan_in {
                        ww[i] += d[n * width + j] * x[n * fan_in + i];
                    }
                }
                assert_eq!(gb[j].to_bits(), wb.to_bits());
                for i in 0..fan_in {
                    assert_eq!(gw[j * fan_in + i].to_bits(), ww[i].to_bits(), "outer sums");
                }
            }
        }
    }
}
