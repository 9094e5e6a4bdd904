//! Backward rules of the elementwise families: unary, unary with a parameter, and broadcasting
//! binary ops (the gradient of a broadcast operand is summed back to its shape).

use crate::autograd::ops::{
    add, add_s, binary, div, mask, mul, mul_s, neg, reduce_to, scalar, sub, unary, when, where_, zeros_grad,
    SELU_ALPHA, SELU_SCALE,
};
use crate::error::Result;
use crate::kernels::elementwise::binary::binary as raw_binary;
use crate::kernels::elementwise::table::{BinaryOp, ParamOp, UnaryOp};
use crate::kernels::elementwise::unary::unary as raw_unary;
use crate::tensor::Tensor;

pub(super) fn binary_rule(
    op: BinaryOp,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    sa: &[usize],
    sb: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    use BinaryOp::*;
    let (ga, gb): (Result<Option<Tensor>>, Result<Option<Tensor>>) = match op {
        Add => (when(need[0], || reduce_to(g, &sa)), when(need[1], || reduce_to(g, &sb))),
        Sub => (when(need[0], || reduce_to(g, &sa)), when(need[1], || reduce_to(&neg(g)?, &sb))),
        Mul => (when(need[0], || reduce_to(&mul(g, &s[1])?, &sa)), when(need[1], || reduce_to(&mul(g, &s[0])?, &sb))),
        Div => (
            when(need[0], || reduce_to(&div(g, &s[1])?, &sa)),
            when(need[1], || reduce_to(&neg(&div(&mul(g, &s[0])?, &mul(&s[1], &s[1])?)?)?, &sb)),
        ),
        Pow => {
            let (x, p, y) = (&s[0], &s[1], &s[2]);
            (
                when(need[0], || {
                    // p * x^(p-1); 0 where p == 0 (x^-1 at x = 0 would give nan).
                    let d = mul(p, &binary(Pow, x, &add_s(p, -1.0)?)?)?;
                    let d = where_(&raw_binary(Equal, p, &scalar(p.dtype(), 0.0)?)?, &scalar(d.dtype(), 0.0)?, &d)?;
                    reduce_to(&mul(g, &d)?, &sa)
                }),
                when(need[1], || {
                    // x^p * log(x); 0 where x == 0 and p >= 0 (as PyTorch).
                    let d = mul(y, &unary(UnaryOp::Log, x)?)?;
                    let zero = raw_binary(
                        LogicalAnd,
                        &raw_binary(Equal, x, &scalar(x.dtype(), 0.0)?)?,
                        &raw_binary(GreaterEqual, p, &scalar(p.dtype(), 0.0)?)?,
                    )?;
                    let d = where_(&zero, &scalar(d.dtype(), 0.0)?, &d)?;
                    reduce_to(&mul(g, &d)?, &sb)
                }),
            )
        }
        Maximum | Minimum => {
            // The larger (smaller) input gets the gradient; ties split it evenly (PyTorch).
            let (x, yv) = (&s[0], &s[1]);
            let win = if op == Maximum { Greater } else { Less };
            let dt = g.dtype();
            let half = mul_s(&mask(raw_binary(Equal, x, yv)?, dt)?, 0.5)?;
            (
                when(need[0], || reduce_to(&mul(g, &add(&mask(raw_binary(win, x, yv)?, dt)?, &half)?)?, &sa)),
                when(need[1], || reduce_to(&mul(g, &add(&mask(raw_binary(win, yv, x)?, dt)?, &half)?)?, &sb)),
            )
        }
        Atan2 => {
            let (x, yv) = (&s[0], &s[1]);
            let r2 = add(&mul(x, x)?, &mul(yv, yv)?)?;
            (
                when(need[0], || reduce_to(&div(&mul(g, yv)?, &r2)?, &sa)),
                when(need[1], || reduce_to(&neg(&div(&mul(g, x)?, &r2)?)?, &sb)),
            )
        }
        Hypot => {
            let (x, yv, h) = (&s[0], &s[1], &s[2]);
            (
                when(need[0], || reduce_to(&div(&mul(g, x)?, h)?, &sa)),
                when(need[1], || reduce_to(&div(&mul(g, yv)?, h)?, &sb)),
            )
        }
        Logaddexp => {
            let (x, yv, l) = (&s[0], &s[1], &s[2]);
            (
                when(need[0], || reduce_to(&mul(g, &unary(UnaryOp::Exp, &sub(x, l)?)?)?, &sa)),
                when(need[1], || reduce_to(&mul(g, &unary(UnaryOp::Exp, &sub(yv, l)?)?)?, &sb)),
            )
        }
        Remainder => {
            let (x, yv) = (&s[0], &s[1]);
            (
                when(need[0], || reduce_to(g, &sa)),
                when(need[1], || reduce_to(&neg(&mul(g, &raw_binary(FloorDiv, x, yv)?)?)?, &sb)),
            )
        }
        // copysign(a, b) = |a| with b's sign: d/da = sign(a) * sign(out) (0 at a = 0, as
        // PyTorch); piecewise constant in b.
        Copysign => {
            let (x, y) = (&s[0], &s[1]);
            (
                when(need[0], || {
                    let d = mul(&raw_unary(UnaryOp::Sign, x)?.detach(), &raw_unary(UnaryOp::Sign, y)?.detach())?;
                    reduce_to(&mul(g, &d)?, &sa)
                }),
                when(need[1], || zeros_grad(g, &sb)),
            )
        }
        // floor_divide is piecewise constant: zero gradient.
        FloorDiv => (when(need[0], || zeros_grad(g, &sa)), when(need[1], || zeros_grad(g, &sb))),
        LogicalAnd | LogicalOr | LogicalXor | BitwiseAnd | BitwiseOr | BitwiseXor | LeftShift | RightShift | Equal
        | NotEqual | Less | LessEqual | Greater | GreaterEqual => unreachable!("checked above"),
    };
    Ok(vec![ga?, gb?])
}

pub(super) fn unary_rule(op: UnaryOp, need: &[bool], s: &[Tensor], g: &Tensor, shape_in: &[usize]) -> Result<Vec<Option<Tensor>>> {
    use UnaryOp::*;
    if !need[0] {
        return Ok(vec![None]);
    }
    let dt = g.dtype();
    let one = || scalar(dt, 1.0);
    let gx = match op {
        Negative => neg(g)?,
        Positive => g.clone(),
        Sign | Floor | Ceil | Round | Trunc => zeros_grad(g, &shape_in)?,
        Abs => mul(g, &raw_unary(Sign, &s[0])?)?,
        Square => mul(g, &mul_s(&s[0], 2.0)?)?,
        Exp => mul(g, &s[0])?,
        Expm1 => mul(g, &add_s(&s[0], 1.0)?)?,
        Log => div(g, &s[0])?,
        Log1p => div(g, &add_s(&s[0], 1.0)?)?,
        Log2 => div(g, &mul_s(&s[0], std::f64::consts::LN_2)?)?,
        Log10 => div(g, &mul_s(&s[0], std::f64::consts::LN_10)?)?,
        Sqrt => div(g, &mul_s(&s[0], 2.0)?)?,
        Reciprocal => neg(&mul(g, &mul(&s[0], &s[0])?)?)?,
        Sin => mul(g, &unary(Cos, &s[0])?)?,
        Cos => neg(&mul(g, &unary(Sin, &s[0])?)?)?,
        Tan => mul(g, &add(&one()?, &mul(&s[0], &s[0])?)?)?,
        Asin => div(g, &unary(Sqrt, &sub(&one()?, &mul(&s[0], &s[0])?)?)?)?,
        Acos => neg(&div(g, &unary(Sqrt, &sub(&one()?, &mul(&s[0], &s[0])?)?)?)?)?,
        Atan => div(g, &add(&one()?, &mul(&s[0], &s[0])?)?)?,
        Sinh => mul(g, &unary(Cosh, &s[0])?)?,
        Cosh => mul(g, &unary(Sinh, &s[0])?)?,
        Tanh => mul(g, &sub(&one()?, &mul(&s[0], &s[0])?)?)?,
        Asinh => div(g, &unary(Sqrt, &add_s(&mul(&s[0], &s[0])?, 1.0)?)?)?,
        Acosh => div(g, &unary(Sqrt, &add_s(&mul(&s[0], &s[0])?, -1.0)?)?)?,
        Atanh => div(g, &sub(&one()?, &mul(&s[0], &s[0])?)?)?,
        Relu => mul(g, &mask(raw_binary(BinaryOp::Greater, &s[0], &scalar(dt, 0.0)?)?, dt)?)?,
        Sigmoid => mul(g, &mul(&s[0], &sub(&one()?, &s[0])?)?)?,
        Silu => {
            let sg = unary(Sigmoid, &s[0])?;
            mul(g, &mul(&sg, &add_s(&mul(&s[0], &sub(&one()?, &sg)?)?, 1.0)?)?)?
        }
        Softplus => mul(g, &unary(Sigmoid, &s[0])?)?,
        Erf => {
            let e = unary(Exp, &neg(&mul(&s[0], &s[0])?)?)?;
            mul(g, &mul_s(&e, std::f64::consts::FRAC_2_SQRT_PI)?)?
        }
        Gelu => {
            // d/dx x*Phi(x) = Phi(x) + x*phi(x).
            let x = &s[0];
            let cdf = mul_s(&add_s(&unary(Erf, &mul_s(x, std::f64::consts::FRAC_1_SQRT_2)?)?, 1.0)?, 0.5)?;
            let pdf = mul_s(&unary(Exp, &mul_s(&mul(x, x)?, -0.5)?)?, 0.398_942_280_401_432_7)?;
            mul(g, &add(&cdf, &mul(x, &pdf)?)?)?
        }
        Mish => {
            // d/dx x tanh(sp(x)) = t + x (1 - t^2) sigmoid(x), t = tanh(softplus(x)).
            let x = &s[0];
            let t = unary(Tanh, &unary(Softplus, x)?)?;
            let d = add(&t, &mul(&mul(x, &unary(Sigmoid, x)?)?, &sub(&one()?, &mul(&t, &t)?)?)?)?;
            mul(g, &d)?
        }
        GeluTanh => {
            // y = x/2 (1 + tanh(u)), u = c (x + k x^3):
            // dy/dx = (1 + t)/2 + x/2 (1 - t^2) c (1 + 3 k x^2).
            let x = &s[0];
            let (c, k) = ((2.0 / std::f64::consts::PI).sqrt(), 0.044_715);
            let x2 = mul(x, x)?;
            let t = unary(Tanh, &mul_s(&add(x, &mul_s(&mul(&x2, x)?, k)?)?, c)?)?;
            let du = mul_s(&add_s(&mul_s(&x2, 3.0 * k)?, 1.0)?, c)?;
            let d =
                add(&mul_s(&add_s(&t, 1.0)?, 0.5)?, &mul(&mul_s(x, 0.5)?, &mul(&sub(&one()?, &mul(&t, &t)?)?, &du)?)?)?;
            mul(g, &d)?
        }
        Selu => {
            // scale for x > 0, scale * alpha * e^x otherwise.
            let x = &s[0];
            let pos = raw_binary(BinaryOp::Greater, x, &scalar(dt, 0.0)?)?;
            let d = where_(&pos, &scalar(dt, SELU_SCALE)?, &mul_s(&unary(Exp, x)?, SELU_SCALE * SELU_ALPHA)?)?;
            mul(g, &d)?
        }
        Sinc => {
            // d/dx sin(pi x)/(pi x) = (cos(pi x) - sinc(x)) / x, and 0 at x = 0.
            let x = &s[0];
            let d = div(&sub(&unary(Cos, &mul_s(x, std::f64::consts::PI)?)?, &unary(Sinc, x)?)?, x)?;
            let at0 = raw_binary(BinaryOp::Equal, x, &scalar(dt, 0.0)?)?;
            mul(g, &where_(&at0, &scalar(dt, 0.0)?, &d)?)?
        }
        IsNan | IsInf | IsFinite | LogicalNot | BitwiseInvert => {
            unreachable!("predicates and bitwise ops give bool or integer results, which never record")
        }
    };
    Ok(vec![Some(gx)])
}

pub(super) fn param_rule(op: ParamOp, p: f64, need: &[bool], s: &[Tensor], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    if !need[0] {
        return Ok(vec![None]);
    }
    let dt = g.dtype();
    let pos = raw_binary(BinaryOp::Greater, &s[0], &scalar(dt, 0.0)?)?;
    let slope = match op {
        ParamOp::LeakyRelu => where_(&pos, &scalar(dt, 1.0)?, &scalar(dt, p)?)?,
        ParamOp::Elu => where_(&pos, &scalar(dt, 1.0)?, &add_s(&s[1], p)?)?,
    };
    Ok(vec![Some(mul(g, &slope)?)])
}
