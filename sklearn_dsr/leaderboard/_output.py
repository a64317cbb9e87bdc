"""The leaderboard as Markdown, CSV and heat-map figures."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from pathlib import Path

import numpy as np

__all__ = ["leaderboard_markdown", "write_leaderboard"]

# metric -> (label, lower is better)
METRICS = {
    "D_stsp": ("D_stsp ↓", True),
    "D_H": ("D_H ↓", True),
    "VPT": ("VPT ↑ (Lyapunov times; time units if not chaotic)", False),
    "sMAPE": ("sMAPE over one Lyapunov time ↓", True),
    "fit_s": ("fit time, s ↓", True),
    "simulate_steps_per_s": ("simulate, steps/s ↑", False),
}


def _cell(value, error):
    failed = isinstance(error, str) and bool(error)
    if failed and (value is None or not np.isfinite(value)):
        return "diverged" if error.startswith("diverged") else "failed"
    if value is None or not np.isfinite(value):
        return "—"
    return f"{value:.3g}" if abs(value) < 1e4 else f"{value:.2e}"


def _ranks(table):
    """Mean rank of every model over the systems, per quality metric."""
    ranks = {}
    for metric in ("D_stsp", "D_H", "VPT"):
        lower_better = METRICS[metric][1]
        pivot = table.pivot(index="system", columns="model", values=metric)
        # a failed or diverged cell ranks last
        pivot = pivot.fillna(np.inf if lower_better else -np.inf)
        ranks[metric] = pivot.rank(axis=1, ascending=lower_better).mean()
    return ranks


def leaderboard_markdown(table):
    """One Markdown table per metric (systems × models) plus a mean-rank table.

    Parameters
    ----------
    table : DataFrame
        From :func:`run_leaderboard`.

    Returns
    -------
    text : str
    """
    models = list(dict.fromkeys(table["model"]))
    systems = list(dict.fromkeys(table["system"]))
    ranks = _ranks(table)
    lines = ["### Mean rank over the systems (1 = best)", ""]
    lines += ["| model | D_stsp | D_H | VPT |", "|---|---|---|---|"]
    for model in sorted(models, key=lambda m: ranks["D_stsp"].get(m, np.inf)):
        cells = [f"{ranks[k].get(model, np.nan):.1f}" for k in ("D_stsp", "D_H", "VPT")]
        lines.append(f"| {model} | " + " | ".join(cells) + " |")
    by_cell = table.set_index(["system", "model"])
    for metric, (label, _) in METRICS.items():
        lines += ["", f"### {label}", ""]
        lines.append("| system | " + " | ".join(models) + " |")
        lines.append("|---|" + "---|" * len(models))
        for system in systems:
            cells = []
            for model in models:
                row = by_cell.loc[(system, model)]
                cells.append(_cell(row[metric], row.get("error")))
            lines.append(f"| {system} | " + " | ".join(cells) + " |")
    if "settled" in table:
        settled = table[table["settled"].eq(True)]  # missing (failed cells): no
        if len(settled):
            lines += ["", "### Free runs that settle onto a fixed point", ""]
            lines += [f"- {r.model} on {r.system}" for r in settled.itertuples()]
    failed = table[table["error"].notna()] if "error" in table else table.iloc[:0]
    if len(failed):
        lines += ["", "### Failed and diverged cells", ""]
        lines += [f"- {r.model} on {r.system}: {r.error}" for r in failed.itertuples()]
    return "\n".join(lines) + "\n"


def _heatmap(table, metric, path):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    pivot = table.pivot(index="system", columns="model", values=metric)
    # the table's order, not alphabetical
    pivot = pivot.reindex(
        index=list(dict.fromkeys(table["system"])),
        columns=list(dict.fromkeys(table["model"])),
    )
    label, lower_better = METRICS[metric]
    values = pivot.to_numpy(dtype=float)
    # colour by rank within each system: scales differ between systems
    ranks = pivot.rank(axis=1, ascending=lower_better).to_numpy()
    fig = Figure(
        figsize=(0.9 * pivot.shape[1] + 3.0, 0.5 * pivot.shape[0] + 1.8),
        layout="constrained",
    )
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    image = ax.imshow(ranks, cmap="viridis_r", vmin=1, vmax=max(pivot.shape[1], 2))
    ax.set_xticks(range(pivot.shape[1]), pivot.columns, rotation=45, ha="right")
    ax.set_yticks(range(pivot.shape[0]), pivot.index)
    for (i, j), v in np.ndenumerate(values):
        text = "n/a" if np.isnan(v) else f"{v:.2g}"
        color = "0.3" if np.isnan(v) or ranks[i, j] < pivot.shape[1] / 2 else "w"
        ax.text(j, i, text, ha="center", va="center", fontsize=7, color=color)
    fig.colorbar(image, ax=ax, label="rank within the system (1 = best)", shrink=0.8)
    ax.set_title(label if len(label) < 40 else label.split(" (")[0])
    fig.savefig(path, dpi=110)


def write_leaderboard(table, out):
    """Write ``leaderboard.csv``, ``leaderboard.md`` and heat maps into ``out``.

    Parameters
    ----------
    table : DataFrame
        From :func:`run_leaderboard`.
    out : str or Path
        Output folder (created).

    Returns
    -------
    markdown : str
        The Markdown text.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "leaderboard.csv", index=False)
    text = leaderboard_markdown(table)
    (out / "leaderboard.md").write_text(text)
    for metric in ("D_stsp", "D_H", "VPT", "fit_s"):
        _heatmap(table, metric, out / f"leaderboard_{metric}.png")
    return text
