"""Symbolic dynamics tools against maps whose answers are known by hand."""

import numpy as np
import pytest

from sklearn_dsr.analysis import (
    PiecewiseLinearMap,
    find_cycles,
    fixed_points,
    lyapunov_spectrum,
    symbol_sequence,
    symbolic_summary,
    transition_graph,
)
from sklearn_dsr.analysis._summary import MAX_LISTED


@pytest.fixture
def tent():
    # x' = 1 - 2|x| = 1 + 2x - 4 relu(x): one switching unit (pre-activation x)
    return PiecewiseLinearMap(
        V=np.array([[0.0], [1.0]]), K=np.array([[1.0], [2.0], [-4.0]]), n_obs=1
    )


def test_tent_map_fixed_points(tent):
    points = {
        fp.symbols[0]: fp for fp in fixed_points(tent, np.array([[False], [True]]))
    }
    np.testing.assert_allclose(points["0"].states[0], [-1.0])
    np.testing.assert_allclose(points["1"].states[0], [1 / 3])
    assert points["0"].real and points["1"].real
    np.testing.assert_allclose(points["0"].eigenvalues, [2.0])
    np.testing.assert_allclose(points["1"].eigenvalues, [-2.0])
    assert points["1"].n_unstable == 1 and not points["1"].focus


def test_tent_map_two_cycle(tent):
    (cycle,) = find_cycles(tent, 2, np.array([[False], [True]]))
    np.testing.assert_allclose(sorted(cycle.states.ravel()), [-0.2, 0.6])
    np.testing.assert_allclose(np.abs(cycle.eigenvalues), [4.0])
    assert cycle.real and cycle.order == 2
    # the heuristic search finds the same orbit
    (found,) = find_cycles(
        tent, 2, np.array([[False], [True]]), max_exhaustive=0, random_state=0
    )
    np.testing.assert_allclose(sorted(found.states.ravel()), [-0.2, 0.6])


def test_tent_map_lyapunov_exponent_is_log_two(tent):
    spectrum = lyapunov_spectrum(tent, [0.1234], n_steps=500, transient=10, dt=0.5)
    np.testing.assert_allclose(spectrum, [np.log(2) / 0.5])


def test_virtual_fixed_point():
    # x' = 0.5 x + 1 on x <= 0 has its fixed point at 2 > 0: virtual
    pwl = PiecewiseLinearMap(
        np.array([[0.0], [1.0]]), np.array([[1.0], [0.5], [-1.0]]), 1
    )
    (fp,) = fixed_points(pwl, np.array([[False]]))
    np.testing.assert_allclose(fp.states[0], [2.0])
    assert not fp.real and fp.stable


def test_symbols_and_transition_graph_on_a_two_cycle(tent):
    Z = np.array([[-0.2], [0.6]] * 10)
    labels, patterns = symbol_sequence(tent, Z)
    assert len(patterns) == 2
    counts, probs = transition_graph(labels, patterns)
    np.testing.assert_array_equal(np.diag(probs.to_numpy()), [0, 0])
    np.testing.assert_array_equal(probs.to_numpy().sum(axis=1), [1, 1])
    assert counts.to_numpy().sum() == 19


def test_rotation_map_is_a_stable_focus_and_summary_prints():
    # 2-D linear contraction with rotation, one inert switching unit
    c, s = 0.9 * np.cos(0.3), 0.9 * np.sin(0.3)
    V = np.array([[-5.0], [0.0], [0.0]])  # pre-activation -5: always off
    K = np.array([[0.1, 0.0], [c, s], [-s, c], [0.0, 0.0]])
    pwl = PiecewiseLinearMap(V, K, 2)
    Z = pwl.rollout([1.0, 0.0], 300)[0]
    summary = symbolic_summary(pwl, Z, dt=1.0, max_cycle_order=2)
    assert summary.n_visited == 1
    (fp,) = summary.fixed_points
    assert fp.real and fp.stable and fp.focus
    np.testing.assert_allclose(summary.lyapunov_exponents, [np.log(0.9)] * 2, atol=1e-9)
    assert "1 visited linear subregion" in str(summary)
    np.testing.assert_allclose(Z[-1], fp.states[0], atol=1e-10)


def test_summary_text_lists_only_the_most_visited_subregions():
    # a 1-D map whose orbit walks up through the subregions of 20 switching
    # units (unit k switches on at z = k): z' = 0.99 z + 1 from z = 0.5
    H = 20
    V = np.vstack([-np.arange(H, dtype=float), np.ones((1, H))])
    K = np.vstack([[1.0], [0.99], np.zeros((H, 1))])
    pwl = PiecewiseLinearMap(V, K, 1)
    Z = pwl.rollout([0.5], 20)[0]
    summary = symbolic_summary(pwl, Z, dt=1.0, max_cycle_order=1)
    assert summary.n_visited == 18  # z_1 = 1.5: 2 units on; z_20 = 18.6: 19 on
    text = str(summary)
    assert "and 6 more subregions" in text
    probabilities = text.split("Transition probabilities:")[1]
    assert len(probabilities.strip().splitlines()) == 1 + MAX_LISTED


def test_rollout_keeps_every_kth_state():
    # z' = 0.5 z + 1 (switching unit inert): z_t = 2 + (z_0 - 2) 0.5^t
    V = np.array([[-5.0], [0.0]])
    K = np.array([[1.0], [0.5], [0.0]])
    pwl = PiecewiseLinearMap(V, K, 1)
    z0 = np.array([[10.0], [-6.0]])
    full = pwl.rollout(z0, 10)
    t = np.arange(1, 11)
    np.testing.assert_allclose(full[:, :, 0], 2 + (z0 - 2) * 0.5**t, rtol=1e-12)
    strided = pwl.rollout(z0, 10, every=3)  # states after 3, 6, 9 steps
    assert strided.shape == (2, 3, 1)
    np.testing.assert_array_equal(strided, full[:, 2::3])
    np.testing.assert_array_equal(pwl.advance(z0, 10), full[:, -1])
    np.testing.assert_array_equal(pwl.advance(z0, 0), z0)


def test_rollout_keeps_only_the_first_units():
    # two decoupled units, z1' = 0.5 z1 + 1 and z2' = 0.9 z2 (switch inert)
    V = np.array([[-5.0], [0.0], [0.0]])
    K = np.array([[1.0, 0.0], [0.5, 0.0], [0.0, 0.9], [0.0, 0.0]])
    pwl = PiecewiseLinearMap(V, K, 1)
    z0 = np.array([[10.0, 1.0], [-6.0, 3.0]])
    full = pwl.rollout(z0, 10)
    first = pwl.rollout(z0, 10, n_units=1)
    assert first.shape == (2, 10, 1)
    np.testing.assert_array_equal(first, full[:, :, :1])
    t = np.arange(1, 11)
    np.testing.assert_allclose(first[:, :, 0], 2 + (z0[:, :1] - 2) * 0.5**t)
    strided = pwl.rollout(z0, 10, every=3, n_units=1)
    np.testing.assert_array_equal(strided, full[:, 2::3, :1])
