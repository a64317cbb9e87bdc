"""Shallow PLRNN with generalized teacher forcing (Hess et al., ICML 2023)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

from sklearn_dsr.rnn._base import BaseLatentRNN
from sklearn_dsr.rnn._modules import ShallowPLRNNModule
from sklearn_dsr.utils._param_validation import Interval

__all__ = ["ShallowPLRNNRegressor"]


class ShallowPLRNNRegressor(BaseLatentRNN):
    """(Clipped) shallow PLRNN trained with generalized teacher forcing.

    ``z_t = A * z_{t-1} + W1 [relu(W2 z_{t-1} + h2) - relu(W2 z_{t-1})] + h1``
    (clipped; without the second ReLU when ``clipped=False``): a small latent
    space (by default as many units as observed variables) with one wide
    hidden ReLU layer (Hess, Monfared, Brenner & Durstewitz, ICML 2023). The
    clipped variant has bounded orbits when ``max |A| < 1``.

    Trained by BPTT with generalized teacher forcing: at every step the
    read-out units are replaced by ``(1 - alpha) z + alpha x``. With
    ``gtf_alpha="adaptive"`` (aGTF) alpha follows
    ``alpha* = max(0, 1 - 1/N)``, where ``N`` is the product upper bound of
    the Jacobian norms along the batch, updated every 5 batches (upwards at
    once, downwards with decay 0.999).

    Parameters
    ----------
    n_latent : int or None, default=None
        Latent dimension ``M``; None uses the number of observed variables.
    n_hidden : int, default=100
        Width ``L`` of the hidden ReLU layer (the GTF reference code's
        default). On the official Lorenz-63 files ``L = 100`` reached D_stsp
        0.21 / D_H 0.059 (median of 3 seeds, 900 epochs, about 9 minutes on
        2 cores) where ``L = 50`` gave 0.38 / 0.084, at about 1.4 times the
        training time.
    clipped : bool, default=True
        Use the clipped shallow PLRNN.
    seq_len : int, default=200
        Length of the training windows (capped at the data length).
    forcing_interval : int, default=1
        Teacher-force every this many steps.
    gtf_alpha : float in [0, 1] or "adaptive", default="adaptive"
        Forcing strength.
    batch_size : int, default=16
        Windows per mini-batch.
    batches_per_epoch : int, default=50
        Mini-batches per epoch.
    max_epochs : int, default=900
        Number of epochs.
    lr : float, default=1e-3
        Initial learning rate of RAdam.
    lr_end : float or None, default=1e-6
        Final learning rate (exponential decay per epoch); None keeps ``lr``.
    noise : float, default=0.0
        Standard deviation of Gaussian noise added to each batch.
    gradient_clip : float or None, default=None
        Clip the gradient norm to this value.
    validation_fraction : float or None, default=None
        Hold out this final fraction of every trajectory (time-ordered) and
        record ``valid_loss`` in ``history_``.
    checkpoint_every : int or None, default=10
        Every this many epochs (and at the end), run the model freely and score
        its attractor against the training data (D_stsp, recorded as
        ``train_dstsp`` in ``history_``); the best-scoring parameters are kept,
        as in the reference code's model selection. None keeps the last
        parameters.
    checkpoint_metric : {"state_space", "power_spectrum"}, default="state_space"
        What the checkpoints are selected on: the state-space divergence
        D_stsp (the reference code's rule) or the power-spectrum distance D_H
        of the same free runs (recorded as ``train_dh`` either way). D_H suits
        data whose rhythm matters most, such as an ECG.
    callbacks : list of (name, skorch callback) or None, default=None
        Extra skorch callbacks (copied in ``fit``).
    device : str, default="cpu"
        torch device for training (see :class:`ALRNNRegressor`).
    verbose : int, default=0
        ``> 0`` shows a progress bar over the epochs.
    dt : float, default=1.0
        Sampling interval (Lyapunov exponents per time unit).
    standardize : bool, default=True
        Z-score the data inside ``fit``; outputs are in the user's units.
    random_state : int, RandomState instance or None, default=None
        Seeds parameter initialisation, batch sampling and noise.

    Attributes
    ----------
    A_ : ndarray of shape (n_latent,)
        Diagonal of the linear self-connections.
    W1_ : ndarray of shape (n_latent, n_hidden)
        Output weights of the hidden layer.
    W2_ : ndarray of shape (n_hidden, n_latent)
        Input weights of the hidden layer.
    h1_ : ndarray of shape (n_latent,)
        Latent bias.
    h2_ : ndarray of shape (n_hidden,)
        Hidden bias.
    L_ : ndarray of shape (n_latent - n_features, n_features)
        Map from the first observation to the unobserved latent units.
    pwl_map_ : PiecewiseLinearMap
        The model in the canonical form used for roll-outs and analysis.
    net_ : TeacherForcingNet
        The trained skorch net.
    history_ : skorch History
        Training history (``train_loss`` per epoch, ``gtf_alpha`` ...).
    n_params_ : int
        Number of trained parameters.
    seq_len_ : int
        Window length used.
    n_features_in_ : int
        Number of observed variables.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    ALRNNRegressor : Almost-linear RNN with symbolic dynamics.

    References
    ----------
    .. [1] Hess, Monfared, Brenner & Durstewitz, "Generalized Teacher Forcing
       for Learning Chaotic Dynamics", ICML 2023.

    Examples
    --------
    >>> from sklearn_dsr import ShallowPLRNNRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=2000, dt=0.01, random_state=0)
    >>> model = ShallowPLRNNRegressor(n_hidden=20, max_epochs=3, seq_len=50,
    ...                               random_state=0).fit(X)
    >>> model.forecast(X[:100], n_steps=20).shape
    (20, 3)
    >>> model.n_params_
    146
    """

    _parameter_constraints: dict = {
        **BaseLatentRNN._parameter_constraints,
        "n_latent": [Interval(Integral, 1, None, closed="left"), None],
        "n_hidden": [Interval(Integral, 1, None, closed="left")],
        "clipped": ["boolean"],
    }

    def __init__(
        self,
        n_latent=None,
        n_hidden=100,
        *,
        clipped=True,
        seq_len=200,
        forcing_interval=1,
        gtf_alpha="adaptive",
        batch_size=16,
        batches_per_epoch=50,
        max_epochs=900,
        lr=1e-3,
        lr_end=1e-6,
        noise=0.0,
        gradient_clip=None,
        validation_fraction=None,
        checkpoint_every=10,
        checkpoint_metric="state_space",
        callbacks=None,
        device="cpu",
        verbose=0,
        dt=1.0,
        standardize=True,
        random_state=None,
    ):
        self.n_latent = n_latent
        self.n_hidden = n_hidden
        self.clipped = clipped
        self.seq_len = seq_len
        self.forcing_interval = forcing_interval
        self.gtf_alpha = gtf_alpha
        self.batch_size = batch_size
        self.batches_per_epoch = batches_per_epoch
        self.max_epochs = max_epochs
        self.lr = lr
        self.lr_end = lr_end
        self.noise = noise
        self.gradient_clip = gradient_clip
        self.validation_fraction = validation_fraction
        self.checkpoint_every = checkpoint_every
        self.checkpoint_metric = checkpoint_metric
        self.callbacks = callbacks
        self.device = device
        self.verbose = verbose
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state

    def _make_module(self, n_obs):
        n_latent = n_obs if self.n_latent is None else self.n_latent
        return ShallowPLRNNModule(n_obs, n_latent, self.n_hidden, self.clipped)

    def _export_parameters(self, module):
        for name in ("A", "W1", "W2", "h1", "h2"):
            setattr(
                self, f"{name}_", getattr(module, name).detach().cpu().double().numpy()
            )
