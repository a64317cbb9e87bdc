"""Almost-Linear RNN (Brenner et al., NeurIPS 2024)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

from sklearn.utils.validation import check_is_fitted

from sklearn_dsr.rnn._base import BaseLatentRNN
from sklearn_dsr.rnn._modules import ALRNNModule
from sklearn_dsr.utils._param_validation import Interval

__all__ = ["ALRNNRegressor"]


class ALRNNRegressor(BaseLatentRNN):
    """Almost-Linear RNN: a latent model with only a few ReLU units.

    ``z_t = A * z_{t-1} + W phi(z_{t-1}) + h`` where ``phi`` applies a ReLU to
    the last ``n_pwl`` of the ``n_latent`` units and leaves the others linear
    (Brenner, Hemmer, Monfared & Durstewitz, NeurIPS 2024). The first
    ``n_features`` latent units are the observations; the others start at a
    trained linear map ``L_`` of the first observation. With few ReLU units the
    model is piecewise linear with at most ``2**n_pwl`` linear subregions, so
    its dynamics can be read off as a symbolic code: see
    :meth:`symbolic_summary`. ``n_pwl=0`` is a linear model.

    Trained by BPTT with sparse teacher forcing (every ``forcing_interval``
    steps the read-out units are reset to the data), or generalized teacher
    forcing with ``gtf_alpha < 1`` or ``"adaptive"``.

    Parameters
    ----------
    n_latent : int, default=20
        Latent dimension ``M`` (at least the number of observed variables).
    n_pwl : int, default=2
        Number of piecewise-linear (ReLU) units ``P``.
    seq_len : int, default=200
        Length of the training windows (capped at the data length).
    forcing_interval : int, default=16
        Teacher-force every this many steps.
    gtf_alpha : float in [0, 1] or "adaptive", default=1.0
        Forcing strength (1: replace the read-out units by the data).
    batch_size : int, default=16
        Windows per mini-batch.
    batches_per_epoch : int, default=50
        Mini-batches per epoch.
    max_epochs : int, default=1000
        Number of epochs.
    lr : float, default=1e-3
        Initial learning rate of RAdam.
    lr_end : float or None, default=1e-5
        Final learning rate (exponential decay per epoch); None keeps ``lr``.
    noise : float, default=0.05
        Standard deviation of Gaussian noise added to each batch (in
        standardised units), a regulariser of the reference code.
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
        torch device for training. On "cpu" the fused numpy kernel runs the
        roll-outs; other devices use the per-step torch loop.
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
    W_ : ndarray of shape (n_latent, n_latent)
        Connection matrix (acting on ``phi(z)``).
    h_ : ndarray of shape (n_latent,)
        Bias.
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
    ShallowPLRNNRegressor : Shallow PLRNN trained with generalized teacher forcing.

    References
    ----------
    .. [1] Brenner, Hemmer, Monfared & Durstewitz, "Almost-Linear RNNs Yield
       Highly Interpretable Symbolic Codes in Dynamical Systems
       Reconstruction", NeurIPS 2024.

    Examples
    --------
    >>> from sklearn_dsr import ALRNNRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=2000, dt=0.01, random_state=0)
    >>> model = ALRNNRegressor(n_latent=8, n_pwl=2, max_epochs=3, seq_len=50,
    ...                        random_state=0).fit(X)
    >>> model.simulate(100).shape
    (100, 3)
    >>> model.W_.shape
    (8, 8)
    """

    _parameter_constraints: dict = {
        **BaseLatentRNN._parameter_constraints,
        "n_pwl": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self,
        n_latent=20,
        n_pwl=2,
        *,
        seq_len=200,
        forcing_interval=16,
        gtf_alpha=1.0,
        batch_size=16,
        batches_per_epoch=50,
        max_epochs=1000,
        lr=1e-3,
        lr_end=1e-5,
        noise=0.05,
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
        self.n_pwl = n_pwl
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
        if self.n_pwl > self.n_latent:
            raise ValueError(
                f"n_pwl={self.n_pwl} cannot exceed n_latent={self.n_latent}."
            )
        return ALRNNModule(n_obs, self.n_latent, self.n_pwl)

    def _export_parameters(self, module):
        self.A_ = module.A.detach().cpu().double().numpy()
        self.W_ = module.W.detach().cpu().double().numpy()
        self.h_ = module.h.detach().cpu().double().numpy()

    def symbolic_summary(
        self, n_steps=100_000, *, transient=1000, x0=None, max_cycle_order=2
    ):
        """Symbolic dynamics of the reconstruction: subregions, fixed points, cycles.

        Runs the model freely, codes every state by the on/off pattern of its
        ReLU units, and analyses the linear subregions it visits.

        Parameters
        ----------
        n_steps : int, default=100_000
            Length of the free-running trajectory that is coded.
        transient : int, default=1000
            Steps discarded first.
        x0 : array-like of shape (n_features,), default=None
            Initial observation (default: the first training state).
        max_cycle_order : int, default=2
            Search periodic orbits up to this period (1 = fixed points only).

        Returns
        -------
        summary : SymbolicSummary
            Subregion table, transition graph, fixed points, cycles and
            Lyapunov spectrum; prints as a readable report.
        """
        from sklearn_dsr.analysis import symbolic_summary

        check_is_fitted(self)
        Z = self.latent_trajectory(n_steps, x0, transient=transient)
        return symbolic_summary(
            self.pwl_map_,
            Z,
            dt=self.dt,
            max_cycle_order=max_cycle_order,
            to_observations=lambda z: self._from_model(z[..., : self.n_features_in_]),
        )
