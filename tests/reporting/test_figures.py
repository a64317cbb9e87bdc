import numpy as np
import pandas as pd

from sklearn_dsr.datasets import make_lorenz63, make_mackey_glass
from sklearn_dsr.reporting import (
    attractor_figure,
    forecast_figure,
    spectra_figure,
    subregion_figure,
    transition_graph_figure,
    write_report,
)


def test_figures_for_three_one_and_many_variables():
    X = make_lorenz63(n_steps=1000, dt=0.02, random_state=0)
    assert len(attractor_figure(X, X[::-1]).axes) == 2  # two 3-D views
    one = make_mackey_glass(n_steps=500, random_state=0)
    assert len(attractor_figure(one, one).axes) == 1  # a delay plane
    many = np.random.default_rng(0).normal(size=(300, 5))
    assert len(attractor_figure(many, many).axes) == 6  # pairs of 4
    assert len(forecast_figure(X, X, dt=0.02, lyapunov_time=1.1).axes) == 3
    assert len(spectra_figure(X, X, dt=0.02).axes) == 3


def test_symbolic_figures():
    symbols = np.array(["01", "10", "10", "11"] * 50)
    X = np.random.default_rng(0).normal(size=(200, 3))
    fig = subregion_figure(X, symbols)
    assert len(fig.axes[0].collections) == 3
    P = pd.DataFrame([[0.9, 0.1], [0.2, 0.8]], index=["01", "10"], columns=["01", "10"])
    assert transition_graph_figure(P, [0.5, 0.5]).axes


def test_symbolic_figures_of_a_wide_model_show_the_most_visited():
    # 30 subregions, subregion k visited k + 1 times
    names = [f"{k:05b}" for k in range(30)]
    symbols = np.repeat(names, np.arange(1, 31))
    X = np.random.default_rng(0).normal(size=(len(symbols), 3))
    ax = subregion_figure(X, symbols).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["21 others", *names[::-1][:9]]
    frequencies = np.arange(1, 31) / symbols.size
    P = pd.DataFrame(np.full((30, 30), 1 / 30), index=names, columns=names)
    ax = transition_graph_figure(P, frequencies, max_nodes=5).axes[0]
    drawn = {t.get_text().split()[0] for t in ax.texts if "stay" in t.get_text()}
    assert drawn == set(names[-5:])
    assert "5 most visited of 30" in ax.get_title()


def test_report_documents(tmp_path):
    X = make_lorenz63(n_steps=500, dt=0.02, random_state=0)
    result = dict(
        model="M", data="d", n_train=1, n_test=2, dt=0.02, D_stsp=0.5, VPT=1.0,
        VPT_unit="Lyapunov times", lyapunov_model=None,
    )  # fmt: skip
    md, page = write_report(
        tmp_path, result, {"a": (attractor_figure(X, X), "Attr <b>")},
        [("Equations", "x' = <y>")],
    )  # fmt: skip
    text = md.read_text()
    assert "| D_stsp | 0.5 |" in text and "![Attr <b>](figures/a.png)" in text
    html = page.read_text()
    assert "Attr &lt;b&gt;" in html and "x&#x27; = &lt;y&gt;" in html  # escaped
    assert "n/a" in text  # a missing exponent
