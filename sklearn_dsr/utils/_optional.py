"""Import optional dependencies with an error that says how to install them."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import importlib


def import_optional(module, *, extra):
    """Import ``module`` or raise an ImportError naming the pip extra to install.

    Parameters
    ----------
    module : str
        Importable module name, e.g. ``"dysts.flows"``.
    extra : str
        Name of the ``sklearn_dsr`` extra that provides it.

    Returns
    -------
    module : module
        The imported module.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{module!r} is needed for this feature but could not be imported "
            f"({exc}). Install it with: pip install 'sklearn_dsr[{extra}]'"
        ) from exc
