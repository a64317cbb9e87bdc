"""The documentation builds with warnings as errors, running the gallery."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx_gallery")
pytest.importorskip("numpydoc")

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.skipif(not (DOCS / "conf.py").exists(), reason="no docs folder")
def test_docs_build_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q",
         "-b", "html", str(DOCS), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-5000:]
    assert (tmp_path / "html" / "auto_examples" / "index.html").exists()
    assert (tmp_path / "html" / "api.html").exists()
