"""``python -m sklearn_dsr`` runs the command line (see :mod:`sklearn_dsr.cli`)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import sys

from sklearn_dsr.cli import main

if __name__ == "__main__":
    sys.exit(main())
