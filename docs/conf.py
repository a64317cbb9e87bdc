"""Sphinx configuration of the sklearn_dsr documentation.

Build (warnings are errors, as in CI)::

    sphinx-build -W -b html docs docs/_build/html
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import sklearn_dsr

project = "sklearn_dsr"
author = "The sklearn_dsr developers"
copyright = "2026, The sklearn_dsr developers"
release = version = sklearn_dsr.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]

autosummary_generate = True
autodoc_default_options = {
    "members": True,
    "inherited-members": False,
    # scikit-learn's generated metadata-routing setters cite its own docs
    "exclude-members": "set_fit_request,set_score_request,set_predict_request",
}
numpydoc_show_class_members = False  # autosummary lists them; avoids duplicates
numpydoc_class_members_toctree = False

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    # SKLEARN_DSR_DOCS_QUICK=1 renders the gallery without running it
    "plot_gallery": os.environ.get("SKLEARN_DSR_DOCS_QUICK") != "1",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
}

html_theme = "alabaster"
html_title = f"sklearn_dsr {release}"
html_static_path = []
