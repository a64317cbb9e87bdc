"""Figures of a reconstruction report (matplotlib, no pyplot global state)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import mpl_toolkits.mplot3d  # noqa: F401 - registers the "3d" projection
import numpy as np

__all__ = [
    "attractor_figure",
    "forecast_figure",
    "spectra_figure",
    "subregion_figure",
    "transition_graph_figure",
]

TRUE, MODEL = "#1f4e79", "#c0504d"


def _figure(width, height):
    # a Figure with its own Agg canvas: safe in threads and without a display
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _names(names, n):
    return list(names) if names and len(names) == n else [f"x{i}" for i in range(n)]


def _thin(X, n_max=20_000):
    return X[:: max(1, len(X) // n_max)]


def attractor_figure(truth, generated, names=None):
    """True and generated attractors: 3-D views (pairwise planes for 2 or > 3 dims).

    Parameters
    ----------
    truth, generated : ndarray of shape (n_timesteps, n_features)
        Held-out data and the model's free-running trajectory.
    names : list of str, default=None
        Variable names.

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    n = truth.shape[1]
    names = _names(names, n)
    truth, generated = _thin(truth), _thin(generated)
    if n == 3:
        fig = _figure(10, 4.6)
        for k, (X, title, color) in enumerate(
            [(truth, "data", TRUE), (generated, "model (free-running)", MODEL)]
        ):
            ax = fig.add_subplot(1, 2, k + 1, projection="3d")
            ax.plot(*X.T, lw=0.3, color=color)
            ax.set(title=title, xlabel=names[0], ylabel=names[1], zlabel=names[2])
        return fig
    pairs = [(i, j) for i in range(min(n, 4)) for j in range(i + 1, min(n, 4))]
    pairs = pairs or [(0, 0)]
    fig = _figure(3.4 * len(pairs), 3.4)
    for k, (i, j) in enumerate(pairs):
        ax = fig.add_subplot(1, len(pairs), k + 1)
        if i == j:  # one variable: delay plane
            ax.plot(truth[:-1, i], truth[1:, i], lw=0.3, color=TRUE, label="data")
            ax.plot(generated[:-1, i], generated[1:, i], lw=0.3, color=MODEL,
                    label="model")  # fmt: skip
            ax.set(xlabel=f"{names[i]}(t)", ylabel=f"{names[i]}(t+1)")
        else:
            ax.plot(truth[:, i], truth[:, j], lw=0.3, color=TRUE, label="data")
            ax.plot(generated[:, i], generated[:, j], lw=0.3, color=MODEL,
                    alpha=0.7, label="model")  # fmt: skip
            ax.set(xlabel=names[i], ylabel=names[j])
    fig.axes[0].legend(loc="upper right", fontsize=8)
    return fig


def forecast_figure(truth, forecast, *, dt, names=None, lyapunov_time=None):
    """The forecast from the start of the test data over the true series.

    Parameters
    ----------
    truth, forecast : ndarray of shape (n_timesteps, n_features)
    dt : float
        Sampling interval.
    names : list of str, default=None
    lyapunov_time : float, default=None
        If given, the time axis is in Lyapunov times.

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    n = min(truth.shape[1], 5)
    names = _names(names, truth.shape[1])
    scale = 1.0 / lyapunov_time if lyapunov_time else 1.0
    t = np.arange(len(truth)) * dt * scale
    fig = _figure(9, 1.6 * n + 0.6)
    for i in range(n):
        ax = fig.add_subplot(n, 1, i + 1)
        ax.plot(t, truth[:, i], color=TRUE, lw=1, label="data")
        ax.plot(t, forecast[:, i], color=MODEL, lw=1, ls="--", label="forecast")
        ax.set_ylabel(names[i])
        if i < n - 1:
            ax.tick_params(labelbottom=False)
    fig.axes[0].legend(loc="upper right", fontsize=8, ncol=2)
    fig.axes[-1].set_xlabel("Lyapunov times" if lyapunov_time else "time")
    return fig


def spectra_figure(truth, generated, *, dt, names=None, sigma=20.0):
    """Smoothed, normalised power spectra (the ones D_H compares).

    Parameters
    ----------
    truth, generated : ndarray of shape (n_timesteps, n_features)
    dt : float
    names : list of str, default=None
    sigma : float, default=20.0
        Gaussian smoothing in frequency bins, as in ``power_spectrum_distance``.

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from sklearn_dsr.metrics._spectral import _normalized_spectra

    n_time = min(len(truth), len(generated))
    n = min(truth.shape[1], 5)
    names = _names(names, truth.shape[1])
    freq = np.fft.rfftfreq(n_time, d=dt)
    P_true, _ = _normalized_spectra(truth[:n_time], sigma)
    P_gen, _ = _normalized_spectra(generated[:n_time], sigma)
    fig = _figure(3.2 * n, 3)
    for i in range(n):
        ax = fig.add_subplot(1, n, i + 1)
        keep = P_true[:, i] > P_true[:, i].max() * 1e-6  # the informative band
        top = min(len(freq) - 1, np.nonzero(keep)[0].max() + 1) if keep.any() else -1
        ax.semilogy(freq[1:top], P_true[1:top, i], color=TRUE, label="data")
        ax.semilogy(freq[1:top], P_gen[1:top, i], color=MODEL, label="model")
        ax.set(title=names[i], xlabel="frequency")
    fig.axes[0].set_ylabel("normalised power")
    fig.axes[0].legend(fontsize=8)
    return fig


def subregion_figure(observations, symbols, names=None):
    """A free-running orbit coloured by the linear subregion of each state.

    The nine most visited subregions get a colour each; the others, if any,
    are drawn together in grey.

    Parameters
    ----------
    observations : ndarray of shape (n_steps, n_features)
    symbols : ndarray of str, shape (n_steps,)
        Subregion symbol of every step (``SymbolicSummary.symbols``).
    names : list of str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from matplotlib import colormaps

    n = observations.shape[1]
    names = _names(names, n)
    step = max(1, len(symbols) // 20_000)
    X, symbols = observations[::step], np.asarray(symbols)[::step]
    # the nine most visited subregions get a colour each (tab10 without its
    # grey); the rest -- wide models visit dozens -- share light grey, behind
    unique, counts = np.unique(symbols, return_counts=True)
    ranked = list(unique[np.argsort(-counts, kind="stable")])
    shown = ranked[:9]
    palette = [colormaps["tab10"](k) for k in (0, 1, 2, 3, 4, 5, 6, 8, 9)]
    fig = _figure(5.5, 4.6)
    three_d = n >= 3
    ax = fig.add_subplot(1, 1, 1, projection="3d" if three_d else None)
    groups = []
    if len(shown) < len(ranked):
        others = ~np.isin(symbols, shown)
        groups.append((f"{len(ranked) - len(shown)} others", others, "0.8"))
    groups += [(s, symbols == s, palette[k]) for k, s in enumerate(shown)]
    for label, mask, color in groups:
        coords = X[mask, : 3 if three_d else 2].T
        if n == 1:
            coords = np.vstack([np.arange(len(coords[0])), coords[0]])
        ax.scatter(*coords, s=0.3, color=color, label=label)
    ax.set(xlabel=names[0], ylabel=names[1] if n > 1 else "")
    ax.set_title("orbit coloured by linear subregion")
    ax.legend(markerscale=12, fontsize=8, title="subregion", loc="upper left")
    return fig


def transition_graph_figure(probabilities, frequencies, max_nodes=10):
    """The symbolic transition graph: subregions on a circle, arrows by probability.

    Parameters
    ----------
    probabilities : DataFrame
        Row-normalised transition matrix indexed by symbol.
    frequencies : sequence of float
        How often each subregion is visited (node size).
    max_nodes : int, default=10
        Draw only this many of the most visited subregions (wide models
        visit dozens); the title says how many there are.

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    frequencies = np.asarray(frequencies, dtype=float)
    n_total = len(frequencies)
    if n_total > max_nodes:  # the most visited only; arrows among them
        keep = np.sort(np.argsort(-frequencies, kind="stable")[:max_nodes])
        probabilities = probabilities.iloc[keep, keep]
        frequencies = frequencies[keep]
    symbols = list(probabilities.index)
    P = probabilities.to_numpy()
    n = len(symbols)
    angle = np.pi / 2 - 2 * np.pi * np.arange(n) / max(n, 1)
    xy = np.c_[np.cos(angle), np.sin(angle)] if n > 1 else np.zeros((1, 2))
    fig = _figure(5, 5)
    ax = fig.add_subplot(1, 1, 1)
    for i in range(n):
        for j in range(n):
            if i == j or P[i, j] < 1e-3:
                continue
            ax.annotate(
                "",
                xy=xy[j],
                xytext=xy[i],
                arrowprops=dict(
                    arrowstyle="-|>",
                    lw=0.5 + 4 * P[i, j],
                    color="0.35",
                    shrinkA=22,
                    shrinkB=22,
                    connectionstyle="arc3,rad=0.15",
                ),
            )
            mid = 0.55 * xy[i] + 0.45 * xy[j]
            ax.text(*mid, f"{P[i, j]:.2f}", fontsize=7, ha="center", color="0.2")
    sizes = 600 + 2400 * frequencies
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, color="#dce6f1", edgecolor=TRUE, zorder=3)
    for k, symbol in enumerate(symbols):
        stay = P[k, k]
        ax.text(*xy[k], f"{symbol}\nstay {stay:.2f}", ha="center", va="center",
                fontsize=8, zorder=4)  # fmt: skip
    ax.set(xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), aspect="equal")
    ax.set_axis_off()
    title = "symbolic transition graph"
    if n_total > n:
        title += f"\n({n} most visited of {n_total} subregions)"
    ax.set_title(title)
    return fig
