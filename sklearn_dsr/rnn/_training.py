"""The ONE teacher-forcing training loop of the latent RNNs, on skorch.

:class:`TeacherForcingNet` is a ``skorch.NeuralNet`` that overrides only the
documented per-batch hooks (as ``skorch.probabilistic.GPBase`` does): the
forward pass is a teacher-forced roll-out over windows of data and the loss
compares the predictions with the data. Everything else -- the optimizer,
learning-rate schedules, gradient clipping, history, callbacks,
``KeyboardInterrupt`` handling -- is skorch's.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import math

import torch
from skorch import NeuralNet

from sklearn_dsr.rnn._forcing import forced_rollout, reference_forced_rollout

__all__ = ["TeacherForcingNet", "TrainingDiverged"]


class TrainingDiverged(RuntimeError):
    """Raised inside the loop when the loss stops being finite."""

    def __init__(self, epoch):
        super().__init__(f"the training loss became non-finite in epoch {epoch}")
        self.epoch = epoch


class TeacherForcingNet(NeuralNet):
    """skorch net whose forward pass is a teacher-forced roll-out.

    Parameters
    ----------
    module : LatentPWLModel instance
        The latent model.
    forcing_interval : int, default=16
        Force every ``forcing_interval`` steps.
    gtf_alpha : float or "adaptive", default=1.0
        Forcing strength. With ``"adaptive"`` a :class:`GTFAlphaScheduler`
        callback sets ``alpha_`` during training.
    fused : bool, default=True
        Use the fused numpy kernel (CPU); otherwise the per-step torch loop
        (any device).
    **kwargs
        Passed to ``skorch.NeuralNet`` (``optimizer``, ``lr``, ``max_epochs``,
        ``callbacks``, ``iterator_train__batch_size``, ...).
    """

    def __init__(
        self,
        module,
        *args,
        criterion=torch.nn.MSELoss,
        forcing_interval=16,
        gtf_alpha=1.0,
        fused=True,
        **kwargs,
    ):
        self.forcing_interval = forcing_interval
        self.gtf_alpha = gtf_alpha
        self.fused = fused
        super().__init__(module, *args, criterion=criterion, **kwargs)

    def current_alpha(self):
        if self.gtf_alpha == "adaptive":
            return getattr(self, "alpha_", 1.0)
        return float(self.gtf_alpha)

    def rollout(self, X):
        rollout = forced_rollout if self.fused else reference_forced_rollout
        return rollout(
            self.module_, X, interval=self.forcing_interval, alpha=self.current_alpha()
        )

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        X = batch[0].to(self.device)
        y_pred = self.rollout(X)
        loss = self.get_loss(y_pred, X[:, 1:], X=X, training=True)
        if not math.isfinite(loss.item()):
            # restore the parameters of the last batch with a finite loss
            self.module_.restore(self._last_finite)
            raise TrainingDiverged(len(self.history))
        self._last_finite = self.module_.snapshot()
        loss.backward()
        return {"loss": loss, "y_pred": y_pred}

    def validation_step(self, batch, **fit_params):
        self._set_training(False)
        X = batch[0].to(self.device)
        with torch.no_grad():
            y_pred = self.rollout(X)
            loss = self.get_loss(y_pred, X[:, 1:], X=X, training=False)
        return {"loss": loss, "y_pred": y_pred}

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        super().on_train_begin(net, X=X, y=y, **kwargs)
        self._last_finite = self.module_.snapshot()
