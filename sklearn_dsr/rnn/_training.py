"""The ONE training loop of the torch families, on skorch.

:class:`SelfSupervisedNet` is a ``skorch.NeuralNet`` that overrides only the
documented per-batch hooks (as ``skorch.probabilistic.GPBase`` does): a batch
is a block of data windows, a subclass says how it becomes a loss, and a
non-finite loss restores the last finite parameters and stops training.
:class:`TeacherForcingNet` (the latent RNNs) rolls the model out with teacher
forcing; :class:`ModuleLossNet` (Koopman VAE, Hankel network) lets the module
compute its own loss. Everything else -- the optimizer, learning-rate
schedules, gradient clipping, history, callbacks, ``KeyboardInterrupt``
handling -- is skorch's, and :func:`train` builds and runs every net the same
way.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import copy
import math
import warnings
from numbers import Integral, Real

import torch
from sklearn.exceptions import ConvergenceWarning
from skorch import NeuralNet

from sklearn_dsr.rnn._forcing import forced_rollout, reference_forced_rollout
from sklearn_dsr.utils._param_validation import Interval
from sklearn_dsr.utils._torch import torch_seed

__all__ = [
    "TRAINING_CONSTRAINTS",
    "ModuleLossNet",
    "SelfSupervisedNet",
    "TeacherForcingNet",
    "TrainingDiverged",
    "train",
]


class TrainingDiverged(RuntimeError):
    """Raised inside the loop when the loss stops being finite."""

    def __init__(self, epoch):
        super().__init__(f"the training loss became non-finite in epoch {epoch}")
        self.epoch = epoch


class SelfSupervisedNet(NeuralNet):
    """skorch net trained on windows of the data themselves (no targets).

    Subclasses implement ``compute_loss(X, training) -> (loss, y_pred)``.
    """

    def compute_loss(self, X, training):
        raise NotImplementedError

    def _snapshot(self):
        if hasattr(self.module_, "snapshot"):
            return self.module_.snapshot()
        return copy.deepcopy(self.module_.state_dict())

    def _restore(self, snapshot):
        if hasattr(self.module_, "restore"):
            self.module_.restore(snapshot)
        else:
            self.module_.load_state_dict(snapshot)

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        loss, y_pred = self.compute_loss(batch[0].to(self.device), training=True)
        if not math.isfinite(loss.item()):
            # restore the parameters of the last batch with a finite loss
            self._restore(self._last_finite)
            raise TrainingDiverged(len(self.history))
        self._last_finite = self._snapshot()
        loss.backward()
        return {"loss": loss, "y_pred": y_pred}

    def validation_step(self, batch, **fit_params):
        self._set_training(False)
        with torch.no_grad():
            loss, y_pred = self.compute_loss(batch[0].to(self.device), training=False)
        return {"loss": loss, "y_pred": y_pred}

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        super().on_train_begin(net, X=X, y=y, **kwargs)
        self._last_finite = self._snapshot()


class ModuleLossNet(SelfSupervisedNet):
    """Net whose module computes its own loss: ``module.loss(X) -> (loss, out)``."""

    def __init__(self, module, *args, criterion=torch.nn.MSELoss, **kwargs):
        # skorch requires a criterion; the module's own loss is used instead
        super().__init__(module, *args, criterion=criterion, **kwargs)

    def compute_loss(self, X, training):
        return self.module_.loss(X)


class TeacherForcingNet(SelfSupervisedNet):
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

    def compute_loss(self, X, training):
        y_pred = self.rollout(X)
        return self.get_loss(y_pred, X[:, 1:], X=X, training=training), y_pred


# parameters every torch estimator has, validated the same way
TRAINING_CONSTRAINTS = {
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "batches_per_epoch": [Interval(Integral, 1, None, closed="left")],
    "max_epochs": [Interval(Integral, 1, None, closed="left")],
    "lr": [Interval(Real, 0, None, closed="neither")],
    "device": [str],
    "verbose": ["verbose"],
}


def train(
    estimator,
    net_class,
    make_module,
    data,
    *,
    seed,
    advice,
    optimizer=torch.optim.RAdam,
    **kw,
):
    """Fit a net around ``make_module()`` on ``data`` for ``estimator``, seeded.

    The module is created inside the seeded block so its initialisation is
    reproducible; ``lr``, ``max_epochs`` and ``device`` come from the
    estimator, which receives ``net_``, ``history_`` and ``n_params_``. A
    non-finite loss stops training with the last finite parameters and a
    ``ConvergenceWarning`` naming the estimator and ``advice``. ``optimizer``
    is RAdam (the latent RNNs pass the equivalent :class:`FlatRAdam` on CPU).

    Returns
    -------
    module : torch.nn.Module
        The trained module.
    """
    with torch_seed(seed):
        net = net_class(
            make_module(),
            optimizer=optimizer,
            **({"optimizer__foreach": True} if optimizer is torch.optim.RAdam else {}),
            lr=estimator.lr,
            max_epochs=estimator.max_epochs,
            batch_size=None,  # the dataset yields whole batches
            device=estimator.device,
            verbose=0,
            **kw,
        )
        try:
            net.fit(data, None)
        except TrainingDiverged as exc:
            warnings.warn(
                f"{type(estimator).__name__}: {exc}; training stopped and kept the "
                f"parameters of the last batch with a finite loss. {advice}",
                ConvergenceWarning,
                stacklevel=4,
            )
            net.notify("on_train_end")  # best checkpoint, close the bar
    estimator.net_, estimator.history_ = net, net.history
    estimator.n_params_ = sum(p.numel() for p in net.module_.parameters())
    return net.module_
