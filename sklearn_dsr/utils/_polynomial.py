"""Polynomial features as index tables: fast to evaluate and to differentiate.

A monomial of total degree at most ``d`` in ``x_0 .. x_{n-1}`` is stored as a
row of ``d`` indices into the vector ``[1, x_0, ..., x_{n-1}]``; the monomial is
the product of those entries, so index 0 (the constant) pads lower degrees.
Evaluating a whole library for a batch is then one gather and one product,
with no per-term Python loop -- what NG-RC's readout and SINDy's right-hand
side both need at every integration step.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from itertools import combinations_with_replacement

import numpy as np

__all__ = [
    "evaluate_monomials",
    "monomial_indices",
    "monomial_jacobian",
    "powers_to_indices",
]


def monomial_indices(n_linear, degree):
    """Index table of all monomials of ``[1, l_0, ..., l_{n-1}]`` up to ``degree``.

    Rows are ordered by degree: constant, linear, then higher degrees.

    Parameters
    ----------
    n_linear : int
        Number of linear features.
    degree : int
        Highest total degree.

    Returns
    -------
    indices : ndarray of shape (n_monomials, degree)

    Examples
    --------
    >>> monomial_indices(2, 2).tolist()  # 1, l_1, l_0, l_1^2, l_0 l_1, l_0^2
    [[0, 0], [0, 2], [0, 1], [2, 2], [1, 2], [1, 1]]
    """
    rows = list(combinations_with_replacement(range(n_linear + 1), degree))
    rows.sort(key=lambda r: (sum(i > 0 for i in r), [-i for i in r[::-1]]))
    return np.array(rows, dtype=np.intp).reshape(len(rows), degree)


def powers_to_indices(powers):
    """Index table of the monomials given by an exponent matrix.

    Parameters
    ----------
    powers : array-like of shape (n_monomials, n_variables)
        Non-negative integer exponents, e.g. ``PolynomialFeatures.powers_`` or
        pysindy's ``PolynomialLibrary.powers_``.

    Returns
    -------
    indices : ndarray of shape (n_monomials, max_degree)
        Same monomials, same order, as rows of indices into ``[1, x]``.

    Examples
    --------
    >>> powers_to_indices([[0, 0], [1, 0], [1, 1], [0, 2]]).tolist()
    [[0, 0], [1, 0], [1, 2], [2, 2]]
    """
    powers = np.asarray(powers, dtype=np.intp)
    degree = max(int(powers.sum(axis=1).max()), 1)
    table = np.zeros((len(powers), degree), dtype=np.intp)
    for m, row in enumerate(powers):
        factors = np.repeat(np.arange(1, len(row) + 1), row)
        table[m, : len(factors)] = factors
    return table


def evaluate_monomials(x, indices):
    """Evaluate the monomials of ``indices`` on a batch of points.

    Parameters
    ----------
    x : ndarray of shape (n_points, n_variables)
        Points.
    indices : ndarray of shape (n_monomials, degree)
        Index table into ``[1, x]`` (see :func:`monomial_indices`).

    Returns
    -------
    features : ndarray of shape (n_points, n_monomials)

    Examples
    --------
    >>> import numpy as np
    >>> evaluate_monomials(np.array([[2.0, 3.0]]), [[0, 0], [0, 1], [1, 2], [2, 2]])
    array([[1., 2., 6., 9.]])
    """
    x1 = np.empty((x.shape[0], x.shape[1] + 1), dtype=x.dtype)
    x1[:, 0] = 1.0
    x1[:, 1:] = x
    return np.prod(x1[:, np.asarray(indices)], axis=2)


def monomial_jacobian(x, indices, V):
    """Directional derivatives of the monomials at one point.

    Parameters
    ----------
    x : ndarray of shape (n_variables,)
        The point.
    indices : ndarray of shape (n_monomials, degree)
        Index table into ``[1, x]``.
    V : ndarray of shape (n_variables, n_directions)
        Tangent directions.

    Returns
    -------
    dfeatures : ndarray of shape (n_monomials, n_directions)
        ``J(x) @ V`` where ``J`` is the Jacobian of the monomials.
    """
    x1 = np.concatenate([[1.0], x])
    dx1 = np.vstack([np.zeros((1, V.shape[1])), V])
    factors = x1[indices]
    out = np.zeros((len(indices), V.shape[1]))
    for m in range(indices.shape[1]):  # product rule over the factors
        others = np.prod(np.delete(factors, m, axis=1), axis=1)
        out += others[:, None] * dx1[indices[:, m]]
    return out
