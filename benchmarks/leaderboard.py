"""The leaderboard: every sklearn_dsr estimator on the same systems and measures.

Usage (from ``benchmarks/``)::

    python leaderboard.py --quick                 # minutes, for CI
    python leaderboard.py --data ../../shared/data --n-jobs 2

Writes ``results/leaderboard/`` (CSV, Markdown, heat maps) and, for a full run,
replaces the table between the leaderboard markers of ``README.md``.
"""

import argparse
from pathlib import Path

from _common import RESULTS

from sklearn_dsr.leaderboard import benchmark

START, END = "<!-- leaderboard:start -->", "<!-- leaderboard:end -->"


def _update_readme(text, seconds, budget):
    readme = Path(__file__).parent / "README.md"
    content = readme.read_text()
    block = (
        f"{START}\n_Budget `{budget}`, {seconds / 60:.0f} min on this machine; "
        f"files in `results/leaderboard/`._\n\n{text}{END}"
    )
    if START in content:
        head, rest = content.split(START, 1)
        content = head + block + rest.split(END, 1)[1]
    else:
        content += f"\n## Leaderboard (issue 7)\n\n{block}\n"
    readme.write_text(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data", help="folder with the official files")
    parser.add_argument("--models", nargs="+")
    parser.add_argument("--systems", nargs="+")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    table, text, seconds = benchmark(
        RESULTS / "leaderboard",
        models=args.models,
        systems=args.systems,
        quick=args.quick,
        data_dir=args.data,
        n_jobs=args.n_jobs,
        random_state=args.seed,
        verbose=5,
    )
    print(text)
    print(f"{len(table)} cells in {seconds:.0f} s")
    budget = "quick" if args.quick else "full"
    if not args.quick and args.models is None and args.systems is None:
        _update_readme(text, seconds, budget)


if __name__ == "__main__":
    main()
