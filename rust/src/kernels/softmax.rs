//! softmax and log_softmax along one axis, computed stably (the row maximum is subtracted first).

use super::elementwise::float::Float;
use crate::dtype::{DType, Kind};
use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Layout};
use crate::tensor::Tensor;

pub fn softmax(x: &Tensor, axis: i64, log: bool) -> Result<Tensor> {
    let name = if log { "log_softmax" } else { "softmax" };
    let dt = x.dtype();
    match dt.kind() {
        Kind::Bool => Err(Error::dtype(format!(
            "{name} is not defined for dtype bool"
        ))),
        Kind::Int => softmax(&x.cast(dt.float_dtype())?, axis, log),
        Kind::Float if dt == DType::F32 => run::<f32>(x, axis, log),
        Kind::Float => run::<f64>(x, axis, log),
    }
}

fn run<F: Float>(x: &Tensor, axis: i64, log: bool) -> Result<Tensor> {
    let nd = x.ndim();
    if nd == 0 {
        normalize_axis(axis, 1)?;
        return crate::kernels::creation::filled::<F>(&[], if log { F::zero() } else { F::one() });
    }
    let ax = normalize_axis(axis, nd)?;
    // Move the axis last, make rows contiguous, work row by row, then move it back.
    let mut perm: Vec<usize> = (0..nd).filter(|&i| i != ax).collect();
    perm.push(ax);
    let moved = x.view(x.layout().permute(&perm)?).contiguous()?;
    let row = x.shape()[ax];
    let src = moved.contiguous_slice::<F>();
    let out = Tensor::build::<F>(moved.shape(), |out| {
        if row == 0 {
            return;
        }
        let work = |(o, s): (&mut [F], &[F])| {
            let mut m = s[0];
            for &v in s {
                if v > m || v.is_nan() {
                    m = v;
                }
            }
            let mut total = F::zero();
            for (d, &v) in o.iter_mut().zip(s) {
                let e = v.sub(m).exp();
                *d = e;
                total = total.add(e);
            }
            if log {
                let lse = total.ln();
                for (d, &v) in o.iter_mut().zip(s) {
                    *d = v.sub(m).sub(lse);
                }
            } else {
                for d in o.iter_mut() {
                    *d = d.div(total);
                }
            }
        };
        crate::runtime::threads::for_rows(out, row, row, |i, o| work((o, &src[i * row..(i + 1) * row])));
    })?;
    let mut inverse = vec![0usize; nd];
    for (i, &p) in perm.iter().enumerate() {
        inverse[p] = i;
    }
    let back: Layout = out.layout().permute(&inverse)?;
    out.view(back).contiguous()
}
