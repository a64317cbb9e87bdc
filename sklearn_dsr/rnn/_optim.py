"""RAdam on one flat numpy buffer: the optimizer of the latent RNNs.

The latent RNNs have a few hundred to a few thousand parameters in half a
dozen tensors, and take 50 000 optimizer steps per fit. At that size
``torch.optim.RAdam`` spends its time in operator dispatch: about 0.4 ms a
step, more than a tenth of a shPLRNN training step. :class:`FlatRAdam` does the
same update (Liu et al., ICLR 2020, as ``torch.optim.RAdam`` with its default
options) with a dozen numpy operations on the concatenated gradient.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import math

import numpy as np
import torch

__all__ = ["FlatRAdam"]


class FlatRAdam(torch.optim.Optimizer):
    """RAdam for small CPU models, on one flat buffer per parameter group.

    The same update as ``torch.optim.RAdam(params, lr, betas, eps)`` (no
    weight decay): bias-corrected Adam steps once the variance of the adaptive
    learning rate is tractable (``rho_t > 5``), plain momentum steps before.
    ``lr`` is read from the parameter group at every step, so learning-rate
    schedulers work as usual. Parameters must live on the CPU and share one
    dtype per group. Unlike torch's, the step count belongs to the group, and
    a parameter without a gradient in a step counts as a zero gradient (the
    latent RNNs give every parameter a gradient in every step).

    Parameters
    ----------
    params : iterable of tensors or dicts
        Parameters to optimise, or parameter groups.
    lr : float, default=1e-3
        Learning rate.
    betas : tuple of float, default=(0.9, 0.999)
        Decay rates of the first and second moment estimates.
    eps : float, default=1e-8
        Added to the root of the second moment estimate.

    Examples
    --------
    >>> import torch
    >>> from sklearn_dsr.rnn._optim import FlatRAdam
    >>> w = torch.nn.Parameter(torch.ones(3))
    >>> opt = FlatRAdam([w], lr=0.1)
    >>> w.grad = torch.ones(3)
    >>> opt.step()
    >>> w.detach().numpy().round(3)
    array([0.9, 0.9, 0.9], dtype=float32)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        if lr < 0 or eps < 0 or not all(0 <= b < 1 for b in betas):
            raise ValueError(
                f"invalid RAdam options: lr={lr}, betas={betas}, eps={eps}"
            )
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))
        for group in self.param_groups:
            if any(p.device.type != "cpu" for p in group["params"]):
                raise ValueError("FlatRAdam runs on CPU parameters only.")
            if len({p.dtype for p in group["params"]}) > 1:
                raise ValueError("FlatRAdam needs one dtype per parameter group.")

    def _buffers(self, group):
        """The group's flat moment buffers, kept as the state of its first parameter."""
        state = self.state[group["params"][0]]
        if "exp_avg" not in state:
            n = sum(p.numel() for p in group["params"])
            dtype = group["params"][0].dtype
            state["step"] = torch.zeros((), dtype=torch.float64)
            state["exp_avg"] = torch.zeros(n, dtype=dtype)
            state["exp_avg_sq"] = torch.zeros(n, dtype=dtype)
        return state

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params = group["params"]
            if all(p.grad is None for p in params):
                continue
            state = self._buffers(group)
            beta1, beta2 = group["betas"]
            state["step"] += 1
            t = float(state["step"])
            m = state["exp_avg"].numpy()
            v = state["exp_avg_sq"].numpy()
            g = np.empty_like(m)
            # the gradients, concatenated (a missing one counts as zero)
            start = 0
            for p in params:
                n = p.numel()
                if p.grad is None:
                    g[start : start + n] = 0.0
                else:
                    g[start : start + n] = p.grad.numpy().reshape(-1)
                start += n
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            np.multiply(g, g, out=g)
            g *= 1 - beta2
            v += g
            bias_correction1 = 1 - beta1**t
            bias_correction2 = 1 - beta2**t
            rho_inf = 2 / (1 - beta2) - 1
            rho_t = rho_inf - 2 * t * beta2**t / bias_correction2
            if rho_t > 5.0:
                rect = math.sqrt(
                    (rho_t - 4)
                    * (rho_t - 2)
                    * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
                )
                # update = lr * rect * m_hat * sqrt(bc2) / (sqrt(v) + eps)
                np.sqrt(v, out=g)
                g += group["eps"]
                np.divide(m, g, out=g)
                g *= group["lr"] * rect * math.sqrt(bias_correction2) / bias_correction1
            else:
                np.multiply(m, group["lr"] / bias_correction1, out=g)
            start = 0
            for p in params:
                n = p.numel()
                values = p.detach().numpy()  # a view: updated in place
                values -= g[start : start + n].reshape(values.shape)
                start += n
        return loss
