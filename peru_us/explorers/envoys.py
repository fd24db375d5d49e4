"""The bars of the envoys explorer: one per chief of mission, with the surnames beside them.

>>> surname("James Isaac Loeb, Jr."), surname("Anthony Cecil Eden Quainton")
('Loeb', 'Quainton')
"""
from __future__ import annotations

import functools

import matplotlib
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from ..style import colour

NAME_SIZE = 7  # points


def surname(name: str) -> str:
    """The surname of a chief of mission, for a short chart label."""
    return str(name).split(",")[0].split()[-1]


def envoy_bars(ax, rows: pd.DataFrame, titles: list[str]) -> None:
    """One horizontal bar per chief of mission (start to end), coloured by title, with the surnames
    in a column beside the bars. Drawn as one collection and one block of text, not as bars and
    tick labels: this chart is redrawn whole at every move of its slider, and each text or tick
    costs time to lay out and draw."""
    as_year = lambda d: (d.dt.year + (d.dt.day_of_year - 1) / 365.25).to_numpy()  # noqa: E731
    left, right = as_year(rows["start"]), as_year(rows["end"])
    boxes = [[(a, y - 0.35), (b, y - 0.35), (b, y + 0.35), (a, y + 0.35)] for y, (a, b) in enumerate(zip(left, right))]
    open_ended = rows["mission_ended"].isna().to_numpy()  # no recorded end: drawn faded to the edge
    colours = [matplotlib.colors.to_rgba(colour(titles.index(str(t))), 0.35 if o else 1.0)
               for t, o in zip(rows["title"], open_ended)]
    ax.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="none"))
    if len(rows):
        names = "\n".join(surname(n) for n in reversed(rows["name"].tolist()))  # top line = last row
        ax.text(-0.01, (len(rows) - 1) / 2, names, transform=ax.get_yaxis_transform(), ha="right", va="center",
                fontsize=NAME_SIZE, linespacing=_row_linespacing(ax, len(rows)))
    shown = [t for t in titles if t in set(rows["title"].astype(str))]
    handles = [Patch(color=colour(titles.index(t)), label=t) for t in shown]
    if open_ended.any():
        handles.append(Patch(color=colour(0), alpha=0.35, label="end of mission not recorded"))
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=7)


def _row_linespacing(ax, rows: int) -> float:
    """The line spacing that puts one line of text on each of `rows` evenly spaced rows of the axes
    (the axes' y limits span one unit per row)."""
    fig = ax.figure
    row_px = ax.get_window_extent(fig.canvas.get_renderer()).height / rows
    return row_px / _line_height(fig.dpi)


@functools.lru_cache(maxsize=4)
def _line_height(dpi: float) -> float:
    """Pixels from one line of the names to the next at line spacing 1 (measured once per dpi)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(dpi=dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    one = fig.text(0, 0, "Ag", fontsize=NAME_SIZE, linespacing=1.0)
    two = fig.text(0, 0, "Ag\nAg", fontsize=NAME_SIZE, linespacing=1.0)
    return two.get_window_extent(renderer).height - one.get_window_extent(renderer).height
