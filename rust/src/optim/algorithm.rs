//! The optimization algorithms as data: each one's hyperparameters (PyTorch's names and
//! defaults), their validation, its state buffers (PyTorch's state keys), and the per-step
//! coefficients that turn a group's hyperparameters and a parameter's step count into a
//! `kernels::optim::Update`.

use crate::error::{Error, Result, TF_Code};
use crate::kernels::optim::Update;
use std::ffi::CStr;

/// One hyperparameter. Booleans are stored as 0.0 / 1.0 so a group is a flat array of numbers
/// (what a checkpoint stores and what the C API reads and writes by name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum H {
    Lr,
    Momentum,
    Dampening,
    WeightDecay,
    Nesterov,
    Maximize,
    Beta1,
    Beta2,
    Eps,
    Amsgrad,
    DecoupledWeightDecay,
    MomentumDecay,
    Alpha,
    Centered,
    LrDecay,
    InitialAccumulatorValue,
    Rho,
    /// Not PyTorch's: a step whose gradients hold a NaN or an infinity fails with
    /// TF_OPTIMIZER_ERROR before anything is written, instead of spreading it into the weights.
    ErrorIfNonfinite,
}

pub const NUM_HYPERS: usize = 18;

impl H {
    pub const ALL: [H; NUM_HYPERS] = [
        H::Lr,
        H::Momentum,
        H::Dampening,
        H::WeightDecay,
        H::Nesterov,
        H::Maximize,
        H::Beta1,
        H::Beta2,
        H::Eps,
        H::Amsgrad,
        H::DecoupledWeightDecay,
        H::MomentumDecay,
        H::Alpha,
        H::Centered,
        H::LrDecay,
        H::InitialAccumulatorValue,
        H::Rho,
        H::ErrorIfNonfinite,
    ];

    /// The NUL-terminated name (PyTorch's), as the C API hands it out.
    pub fn c_name(self) -> &'static CStr {
        match self {
            H::Lr => c"lr",
            H::Momentum => c"momentum",
            H::Dampening => c"dampening",
            H::WeightDecay => c"weight_decay",
            H::Nesterov => c"nesterov",
            H::Maximize => c"maximize",
            H::Beta1 => c"beta1",
            H::Beta2 => c"beta2",
            H::Eps => c"eps",
            H::Amsgrad => c"amsgrad",
            H::DecoupledWeightDecay => c"decoupled_weight_decay",
            H::MomentumDecay => c"momentum_decay",
            H::Alpha => c"alpha",
            H::Centered => c"centered",
            H::LrDecay => c"lr_decay",
            H::InitialAccumulatorValue => c"initial_accumulator_value",
            H::Rho => c"rho",
            H::ErrorIfNonfinite => c"error_if_nonfinite",
        }
    }

    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("?")
    }

    fn is_flag(self) -> bool {
        matches!(
            self,
            H::Nesterov | H::Maximize | H::Amsgrad | H::DecoupledWeightDecay | H::Centered | H::ErrorIfNonfinite
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sgd,
    Adam,
    AdamW,
    Adamax,
    NAdam,
    RAdam,
    RmsProp,
    Adagrad,
    Adadelta,
    Lion,
}

/// A group's hyperparameters: one value per `H`, NaN for those the algorithm does not have.
#[derive(Clone, Debug, PartialEq)]
pub struct Hypers(pub [f64; NUM_HYPERS]);

impl Hypers {
    pub fn get(&self, h: H) -> f64 {
        self.0[h as usize]
    }
    fn flag(&self, h: H) -> bool {
        self.get(h) != 0.0
    }
}

impl Algorithm {
    pub const ALL: [Algorithm; 10] = [
        Algorithm::Sgd,
        Algorithm::Adam,
        Algorithm::AdamW,
        Algorithm::Adamax,
        Algorithm::NAdam,
        Algorithm::RAdam,
        Algorithm::RmsProp,
        Algorithm::Adagrad,
        Algorithm::Adadelta,
        Algorithm::Lion,
    ];

    /// PyTorch's class name (Lion's is lion-pytorch's).
    pub fn c_name(self) -> &'static CStr {
        match self {
            Algorithm::Sgd => c"SGD",
            Algorithm::Adam => c"Adam",
            Algorithm::AdamW => c"AdamW",
            Algorithm::Adamax => c"Adamax",
            Algorithm::NAdam => c"NAdam",
            Algorithm::RAdam => c"RAdam",
            Algorithm::RmsProp => c"RMSprop",
            Algorithm::Adagrad => c"Adagrad",
            Algorithm::Adadelta => c"Adadelta",
            Algorithm::Lion => c"Lion",
        }
    }

    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("?")
    }

    pub fn from_name(name: &str) -> Result<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name().eq_ignore_ascii_case(name)).ok_or_else(|| {
            let known: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
            Error::invalid(format!("unknown optimizer algorithm {name:?} (known: {})", known.join(", ")))
        })
    }

    /// The hyperparameters and their defaults, PyTorch's (torch 2.x), in a stable order.
    pub fn hypers(self) -> &'static [(H, f64)] {
        use H::*;
        match self {
            Algorithm::Sgd => &[
                (Lr, 1e-3),
                (Momentum, 0.0),
                (Dampening, 0.0),
                (WeightDecay, 0.0),
                (Nesterov, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::Adam => &[
                (Lr, 1e-3),
                (Beta1, 0.9),
                (Beta2, 0.999),
                (Eps, 1e-8),
                (WeightDecay, 0.0),
                (Amsgrad, 0.0),
                (Maximize, 0.0),
                (DecoupledWeightDecay, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::AdamW => &[
                (Lr, 1e-3),
                (Beta1, 0.9),
                (Beta2, 0.999),
                (Eps, 1e-8),
                (WeightDecay, 1e-2),
                (Amsgrad, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::Adamax => &[
                (Lr, 2e-3),
                (Beta1, 0.9),
                (Beta2, 0.999),
                (Eps, 1e-8),
                (WeightDecay, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::NAdam => &[
                (Lr, 2e-3),
                (Beta1, 0.9),
                (Beta2, 0.999),
                (Eps, 1e-8),
                (WeightDecay, 0.0),
                (MomentumDecay, 4e-3),
                (DecoupledWeightDecay, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::RAdam => &[
                (Lr, 1e-3),
                (Beta1, 0.9),
                (Beta2, 0.999),
                (Eps, 1e-8),
                (WeightDecay, 0.0),
                (DecoupledWeightDecay, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::RmsProp => &[
                (Lr, 1e-2),
                (Alpha, 0.99),
                (Eps, 1e-8),
                (WeightDecay, 0.0),
                (Momentum, 0.0),
                (Centered, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::Adagrad => &[
                (Lr, 1e-2),
                (LrDecay, 0.0),
                (WeightDecay, 0.0),
                (InitialAccumulatorValue, 0.0),
                (Eps, 1e-10),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::Adadelta => &[
                (Lr, 1.0),
                (Rho, 0.9),
                (Eps, 1e-6),
                (WeightDecay, 0.0),
                (Maximize, 0.0),
                (ErrorIfNonfinite, 0.0),
            ],
            Algorithm::Lion => &[(Lr, 1e-4), (Beta1, 0.9), (Beta2, 0.99), (WeightDecay, 0.0), (Maximize, 0.0), (ErrorIfNonfinite, 0.0)],
        }
    }

    pub fn defaults(self) -> Hypers {
        let mut v = [f64::NAN; NUM_HYPERS];
        for &(h, d) in self.hypers() {
            v[h as usize] = d;
        }
        Hypers(v)
    }

    /// The hyperparameter called `name` (PyTorch's name), if this algorithm has it.
    pub fn hyper(self, name: &str) -> Result<H> {
        self.hypers().iter().map(|&(h, _)| h).find(|h| h.name() == name).ok_or_else(|| {
            let known: Vec<&str> = self.hypers().iter().map(|(h, _)| h.name()).collect();
            Error::new(
                TF_Code::TF_OPTIMIZER_ERROR,
                format!("{} has no hyperparameter {name:?} (it has: {})", self.name(), known.join(", ")),
            )
        })
    }

    /// `value` checked as the value of `h` on its own (finite; flags 0 or 1; ranges as PyTorch's,
    /// and eps > 0).
    pub fn check_value(self, h: H, value: f64, group: usize) -> Result<()> {
        let bad = |why: &str| {
            Err(Error::new(
                TF_Code::TF_OPTIMIZER_ERROR,
                format!("{} group {group}: {} = {value} is invalid: {why}", self.name(), h.name()),
            ))
        };
        if !value.is_finite() {
            return bad("it must be finite");
        }
        if h.is_flag() {
            return if value == 0.0 || value == 1.0 { Ok(()) } else { bad("a flag is 0 (false) or 1 (true)") };
        }
        match h {
            H::Beta1 | H::Beta2 if !(0.0..1.0).contains(&value) => bad("betas must be in [0, 1)"),
            H::Eps if value <= 0.0 => bad("eps must be > 0"),
            H::Rho if !(0.0..=1.0).contains(&value) => bad("rho must be in [0, 1]"),
            H::Lr | H::Momentum | H::Dampening | H::WeightDecay | H::MomentumDecay | H::Alpha | H::LrDecay
            | H::InitialAccumulatorValue
                if value < 0.0 =>
            {
                bad("it must be >= 0")
            }
            _ => Ok(()),
        }
    }

    /// Checks that hold between values (PyTorch's SGD: nesterov needs momentum and no dampening).
    pub fn check_group(self, hy: &Hypers, group: usize) -> Result<()> {
        if self == Algorithm::Sgd && hy.flag(H::Nesterov) && (hy.get(H::Momentum) <= 0.0 || hy.get(H::Dampening) != 0.0) {
            return Err(Error::new(
                TF_Code::TF_OPTIMIZER_ERROR,
                format!(
                    "SGD group {group}: nesterov momentum requires a momentum > 0 and zero dampening (momentum = {}, dampening = {})",
                    hy.get(H::Momentum),
                    hy.get(H::Dampening)
                ),
            ));
        }
        Ok(())
    }

    /// The names of the per-parameter state buffers (PyTorch's state keys), in the order of the
    /// kernel's buffers; which of them a parameter uses depends on its group (`buffers_used`).
    pub fn buffer_keys(self) -> &'static [&'static CStr] {
        match self {
            Algorithm::Sgd => &[c"momentum_buffer"],
            Algorithm::Adam | Algorithm::AdamW => &[c"exp_avg", c"exp_avg_sq", c"max_exp_avg_sq"],
            Algorithm::Adamax => &[c"exp_avg", c"exp_inf"],
            Algorithm::NAdam | Algorithm::RAdam => &[c"exp_avg", c"exp_avg_sq"],
            Algorithm::RmsProp => &[c"square_avg", c"momentum_buffer", c"grad_avg"],
            Algorithm::Adagrad => &[c"sum"],
            Algorithm::Adadelta => &[c"square_avg", c"acc_delta"],
            Algorithm::Lion => &[c"exp_avg"],
        }
    }

    /// The scalar state entries besides the buffers (exported as 0-d float64 tensors).
    pub fn scalar_keys(self) -> &'static [&'static CStr] {
        match self {
            Algorithm::Sgd | Algorithm::Lion => &[],
            Algorithm::NAdam => &[c"step", c"mu_product"],
            _ => &[c"step"],
        }
    }

    /// Every state key: the scalar ones, then the buffers.
    pub fn state_keys(self) -> Vec<&'static CStr> {
        self.scalar_keys().iter().chain(self.buffer_keys()).copied().collect()
    }

    /// Which of `buffer_keys` a step with these hyperparameters uses.
    pub fn buffers_used(self, hy: &Hypers) -> [bool; 3] {
        match self {
            Algorithm::Sgd => [hy.get(H::Momentum) != 0.0, false, false],
            Algorithm::Adam | Algorithm::AdamW => [true, true, hy.flag(H::Amsgrad)],
            Algorithm::RmsProp => [true, hy.get(H::Momentum) > 0.0, hy.flag(H::Centered)],
            Algorithm::Adagrad | Algorithm::Lion => [true, false, false],
            _ => [true, true, false],
        }
    }

    /// The value a new buffer starts from (Adagrad's accumulator starts at
    /// initial_accumulator_value, every other buffer at zero).
    pub fn buffer_init(self, hy: &Hypers) -> f64 {
        if self == Algorithm::Adagrad {
            hy.get(H::InitialAccumulatorValue)
        } else {
            0.0
        }
    }

    /// The coefficients of step number `step` (1 for the first) of one parameter, with PyTorch's
    /// formulas in f64 (`torch/optim/*.py`, single-tensor path). `mu_product` is NAdam's running
    /// product before this step; `first_buffer`: SGD's momentum buffer is new.
    pub fn update(self, hy: &Hypers, step: u64, mu_product: f64, first_buffer: bool) -> Update {
        let lr = hy.get(H::Lr);
        let maximize = hy.flag(H::Maximize);
        let wd = hy.get(H::WeightDecay);
        let s = step as f64;
        let decoupled = matches!(self, Algorithm::AdamW) || hy.get(H::DecoupledWeightDecay) == 1.0;
        // Decoupled decay multiplies the parameter by 1 - lr * wd; coupled decay adds wd * p to
        // the gradient. Only one of them is nonzero (the kernel reads `wd` only when decay is 1).
        let decay = if decoupled && wd != 0.0 { 1.0 - lr * wd } else { 1.0 };
        let (b1, b2, eps) = (hy.get(H::Beta1), hy.get(H::Beta2), hy.get(H::Eps));
        match self {
            Algorithm::Sgd => Update::Sgd {
                lr,
                wd,
                momentum: hy.get(H::Momentum),
                dampening: hy.get(H::Dampening),
                nesterov: hy.flag(H::Nesterov),
                maximize,
                first: first_buffer,
            },
            Algorithm::Adam | Algorithm::AdamW => {
                let bc1 = 1.0 - b1.powf(s);
                let bc2 = 1.0 - b2.powf(s);
                Update::Adam {
                    beta1: b1,
                    beta2: b2,
                    eps,
                    wd,
                    decay,
                    step_size: lr / bc1,
                    bc2_sqrt: bc2.powf(0.5),
                    amsgrad: hy.flag(H::Amsgrad),
                    maximize,
                }
            }
            Algorithm::Adamax => Update::Adamax { beta1: b1, beta2: b2, eps, wd, clr: lr / (1.0 - b1.powf(s)), maximize },
            Algorithm::NAdam => {
                let md = hy.get(H::MomentumDecay);
                let mu = b1 * (1.0 - 0.5 * 0.96f64.powf(s * md));
                let mu_next = b1 * (1.0 - 0.5 * 0.96f64.powf((s + 1.0) * md));
                let prod = mu_product * mu;
                Update::NAdam {
                    beta1: b1,
                    beta2: b2,
                    eps,
                    wd,
                    decay,
                    bc2: 1.0 - b2.powf(s),
                    c_grad: -lr * (1.0 - mu) / (1.0 - prod),
                    c_avg: (-lr * mu_next) / (1.0 - prod * mu_next),
                    maximize,
                }
            }
            Algorithm::RAdam => {
                let bc1 = 1.0 - b1.powf(s);
                let bc2 = 1.0 - b2.powf(s);
                let rho_inf = 2.0 / (1.0 - b2) - 1.0;
                let rho_t = rho_inf - 2.0 * s * b2.powf(s) / bc2;
                let rect = (rho_t > 5.0).then(|| {
                    ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)).powf(0.5)
                });
                Update::RAdam { beta1: b1, beta2: b2, eps, wd, decay, lr, bc1, bc2_sqrt: bc2.powf(0.5), rect, maximize }
            }
            Algorithm::RmsProp => Update::RmsProp {
                lr,
                alpha: hy.get(H::Alpha),
                eps,
                wd,
                momentum: hy.get(H::Momentum),
                centered: hy.flag(H::Centered),
                maximize,
            },
            Algorithm::Adagrad => {
                Update::Adagrad { clr: lr / (1.0 + (s - 1.0) * hy.get(H::LrDecay)), eps, wd, maximize }
            }
            Algorithm::Adadelta => Update::Adadelta { lr, rho: hy.get(H::Rho), eps, wd, maximize },
            Algorithm::Lion => Update::Lion { lr, beta1: b1, beta2: b2, decay: 1.0 - lr * wd, maximize },
        }
    }

    /// NAdam's running product after step `step`.
    pub fn next_mu_product(self, hy: &Hypers, step: u64, mu_product: f64) -> f64 {
        if self != Algorithm::NAdam {
            return mu_product;
        }
        let mu = hy.get(H::Beta1) * (1.0 - 0.5 * 0.96f64.powf(step as f64 * hy.get(H::MomentumDecay)));
        mu_product * mu
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_has_a_name_and_a_valid_default_group() {
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()).unwrap(), a);
            let d = a.defaults();
            for &(h, v) in a.hypers() {
                a.check_value(h, v, 0).unwrap();
                assert_eq!(a.hyper(h.name()).unwrap(), h);
                assert_eq!(d.get(h), v);
            }
            a.check_group(&d, 0).unwrap();
        }
    }

    #[test]
    fn bad_values_name_the_algorithm_group_and_value() {
        let e = Algorithm::Adam.check_value(H::Beta1, 1.0, 2).unwrap_err();
        assert_eq!(e.code, TF_Code::TF_OPTIMIZER_ERROR);
        assert!(e.message.contains("Adam group 2: beta1 = 1"), "{}", e.message);
        assert!(Algorithm::Sgd.check_value(H::Lr, -1.0, 0).is_err());
        assert!(Algorithm::Adam.check_value(H::Eps, 0.0, 0).is_err());
        assert!(Algorithm::Adam.check_value(H::Amsgrad, 0.5, 0).is_err());
        assert!(Algorithm::Adam.hyper("momentum").is_err());
    }
}
