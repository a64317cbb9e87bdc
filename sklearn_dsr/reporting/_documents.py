"""Write a reconstruction report as Markdown and as self-contained HTML."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import base64
import html
from pathlib import Path

__all__ = ["write_report"]

# (key in the metrics dict, label, what it measures)
MEASURES = [
    (
        "D_stsp",
        "D_stsp",
        "attractor geometry (KL divergence of state-space occupation)",
    ),
    ("D_H", "D_H", "power spectra (Hellinger distance)"),
    ("VPT", "valid prediction time", "time the forecast stays within 0.4 std"),
    ("PE20", "PE(20)", "mean squared 20-step prediction error"),
    ("lyapunov_model", "λ_max of the model", "per time unit"),
    ("lyapunov_data", "λ_max of the data", "per time unit, from the test series"),
    ("fit_seconds", "fit time", "seconds"),
]


def _format(value):
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _rows(result):
    rows = []
    for key, label, meaning in MEASURES:
        if key not in result:
            continue
        value = _format(result[key])
        if key == "VPT":
            value += f" {result.get('VPT_unit', '')}"
        rows.append((label, value, meaning))
    return rows


def write_report(out, result, figures, sections=()):
    """Write ``report.md``, ``report.html`` and ``figures/*.png`` into ``out``.

    Parameters
    ----------
    out : Path
        Output folder (exists).
    result : dict
        The metrics (as in ``metrics.json``), with ``model``, ``data``,
        ``n_train``, ``n_test`` and ``dt``; its ``warnings`` (sentences from
        :func:`diagnose_free_run`), if any, follow the table.
    figures : dict of str to (Figure, str)
        File stem -> (figure, caption), in report order.
    sections : sequence of (str, str)
        Extra (title, preformatted text) blocks: symbolic summary, equations.

    Returns
    -------
    paths : tuple of Path
        ``report.md`` and ``report.html``.
    """
    out = Path(out)
    (out / "figures").mkdir(exist_ok=True)
    images = {}
    for stem, (fig, caption) in figures.items():
        path = out / "figures" / f"{stem}.png"
        fig.savefig(path, dpi=110)
        images[stem] = (path, caption)
    title = f"Reconstruction of {result['data']} with {result['model']}"
    setup = (
        f"{result['n_train']} training and {result['n_test']} test steps, "
        f"dt = {result['dt']:g}; the model runs freely from the first test state."
    )
    rows = _rows(result)
    md = [f"# {title}", "", setup, "", "| measure | value | what it measures |"]
    md += ["|---|---|---|", *[f"| {a} | {b} | {c} |" for a, b, c in rows], ""]
    warnings = result.get("warnings") or []
    if warnings:
        md += ["## Warnings", "", *[f"- {text}" for text in warnings], ""]
    for path, caption in images.values():
        md += [f"## {caption}", "", f"![{caption}](figures/{path.name})", ""]
    for heading, text in sections:
        md += [f"## {heading}", "", "```", text.rstrip(), "```", ""]
    md_path = out / "report.md"
    md_path.write_text("\n".join(md))

    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>", f"<p>{esc(setup)}</p>", "<table>"]
    body.append("<tr><th>measure</th><th>value</th><th>what it measures</th></tr>")
    body += [
        f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td>{esc(c)}</td></tr>"
        for a, b, c in rows
    ]
    body.append("</table>")
    if warnings:
        body.append("<h2>Warnings</h2><ul>")
        body += [f'<li class="warning">{esc(text)}</li>' for text in warnings]
        body.append("</ul>")
    for path, caption in images.values():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        body += [
            f"<h2>{esc(caption)}</h2>",
            f'<img alt="{esc(caption)}" src="data:image/png;base64,{data}">',
        ]
    for heading, text in sections:
        body += [f"<h2>{esc(heading)}</h2>", f"<pre>{esc(text)}</pre>"]
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 10px}"
        "img{max-width:100%}pre{background:#f4f4f4;padding:1em;overflow-x:auto}"
        ".warning{color:#a40000}"
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{style}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
    html_path = out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    return md_path, html_path
