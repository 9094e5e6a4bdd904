"""NumPy transcriptions of the optimizers' documented update rules (the pseudo-code of
torch.optim's docs; Lion from Chen et al. 2023, Algorithm 2), the oracle of tests/test_optim.py.
Each `Rule` keeps its own state and updates a float64 parameter array in place."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, cast

import numpy as np

Arr = np.ndarray


class Rule:
    """One parameter's optimizer: `step(p, g)` updates `p` in place."""

    def __init__(self, **hp: Any) -> None:
        self.hp = {**self.defaults(), **hp}
        self.t = 0
        self.s: Dict[str, Arr] = {}

    def defaults(self) -> Dict[str, Any]:
        raise NotImplementedError

    def buf(self, name: str, p: Arr, init: float = 0.0) -> Arr:
        if name not in self.s:
            self.s[name] = np.full_like(p, init)
        return self.s[name]

    def step(self, p: Arr, g: Arr) -> None:
        raise NotImplementedError


def _wd(p: Arr, g: Arr, hp: Dict[str, Any], decoupled: bool) -> Arr:
    """L2 decay added to the gradient, or decoupled decay applied to `p` (in place)."""
    if hp["weight_decay"] == 0:
        return g
    if decoupled:
        p *= 1 - hp["lr"] * hp["weight_decay"]
        return g
    return cast(Arr, g + hp["weight_decay"] * p)


class SGD(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, False)
        if hp["momentum"] != 0:
            if "b" not in self.s:
                self.s["b"] = g.copy()
            else:
                self.s["b"] = hp["momentum"] * self.s["b"] + (1 - hp["dampening"]) * g
            g = g + hp["momentum"] * self.s["b"] if hp["nesterov"] else self.s["b"]
        p -= hp["lr"] * g


class Adam(Rule):
    decoupled_default = False

    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False,
                    decoupled_weight_decay=self.decoupled_default)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        b1, b2 = hp["betas"]
        self.t += 1
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, hp["decoupled_weight_decay"])
        m = self.buf("m", p)
        v = self.buf("v", p)
        m[:] = b1 * m + (1 - b1) * g
        v[:] = b2 * v + (1 - b2) * g * g
        mhat = m / (1 - b1 ** self.t)
        if hp["amsgrad"]:
            vm = self.buf("vmax", p)
            vm[:] = np.maximum(vm, v)
            vhat = vm / (1 - b2 ** self.t)
        else:
            vhat = v / (1 - b2 ** self.t)
        p -= hp["lr"] * mhat / (np.sqrt(vhat) + hp["eps"])


class AdamW(Adam):
    decoupled_default = True

    def defaults(self) -> Dict[str, Any]:
        d = super().defaults()
        d["weight_decay"] = 1e-2
        return d


class Adamax(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        b1, b2 = hp["betas"]
        self.t += 1
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, False)
        m = self.buf("m", p)
        u = self.buf("u", p)
        m[:] = b1 * m + (1 - b1) * g
        u[:] = np.maximum(b2 * u, np.abs(g) + hp["eps"])
        p -= hp["lr"] / (1 - b1 ** self.t) * m / u


class NAdam(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
                    decoupled_weight_decay=False, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        b1, b2 = hp["betas"]
        self.t += 1
        t, psi = self.t, hp["momentum_decay"]
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, hp["decoupled_weight_decay"])
        mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        prod = self.s.get("prod", np.ones(())) * mu
        self.s["prod"] = prod
        m = self.buf("m", p)
        v = self.buf("v", p)
        m[:] = b1 * m + (1 - b1) * g
        v[:] = b2 * v + (1 - b2) * g * g
        vhat = v / (1 - b2 ** t)
        mhat = mu_next * m / (1 - prod * mu_next) + (1 - mu) * g / (1 - prod)
        p -= hp["lr"] * mhat / (np.sqrt(vhat) + hp["eps"])


class RAdam(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False,
                    maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        b1, b2 = hp["betas"]
        self.t += 1
        t = self.t
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, hp["decoupled_weight_decay"])
        m = self.buf("m", p)
        v = self.buf("v", p)
        m[:] = b1 * m + (1 - b1) * g
        v[:] = b2 * v + (1 - b2) * g * g
        mhat = m / (1 - b1 ** t)
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
        if rho_t > 5:
            lt = math.sqrt(1 - b2 ** t) / (np.sqrt(v) + hp["eps"])
            rt = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            p -= hp["lr"] * mhat * lt * rt
        else:
            p -= hp["lr"] * mhat


class RMSprop(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        a = hp["alpha"]
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, False)
        v = self.buf("v", p)
        v[:] = a * v + (1 - a) * g * g
        vt = v
        if hp["centered"]:
            ga = self.buf("ga", p)
            ga[:] = a * ga + (1 - a) * g
            vt = v - ga * ga
        if hp["momentum"] > 0:
            b = self.buf("b", p)
            b[:] = hp["momentum"] * b + g / (np.sqrt(vt) + hp["eps"])
            p -= hp["lr"] * b
        else:
            p -= hp["lr"] * g / (np.sqrt(vt) + hp["eps"])


class Adagrad(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        self.t += 1
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, False)
        clr = hp["lr"] / (1 + (self.t - 1) * hp["lr_decay"])
        s = self.buf("sum", p, hp["initial_accumulator_value"])
        s += g * g
        p -= clr * g / (np.sqrt(s) + hp["eps"])


class Adadelta(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        r, eps = hp["rho"], hp["eps"]
        g = -g if hp["maximize"] else g
        g = _wd(p, g, hp, False)
        v = self.buf("v", p)
        u = self.buf("u", p)
        v[:] = r * v + (1 - r) * g * g
        dx = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u[:] = r * u + (1 - r) * dx * dx
        p -= hp["lr"] * dx


class Lion(Rule):
    def defaults(self) -> Dict[str, Any]:
        return dict(lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, maximize=False)

    def step(self, p: Arr, g: Arr) -> None:
        hp = self.hp
        b1, b2 = hp["betas"]
        g = -g if hp["maximize"] else g
        m = self.buf("m", p)
        c = b1 * m + (1 - b1) * g
        p -= hp["lr"] * (np.sign(c) + hp["weight_decay"] * p)
        m[:] = b2 * m + (1 - b2) * g


RULES = {c.__name__: c for c in (SGD, Adam, AdamW, Adamax, NAdam, RAdam, RMSprop, Adagrad, Adadelta, Lion)}


def rule(name: str, hp: Optional[Dict[str, Any]] = None) -> Rule:
    return RULES[name](**(hp or {}))
