"""The course's look for every chart: a colour-blind-safe palette (Okabe-Ito's hues) with marker shapes
as a second cue, labelled axes, fixed margins, and PNG bytes that are the same on every run.

>>> colour(0), colour(9) == colour(0)
('#0072B2', True)
"""
from __future__ import annotations

import struct
import zlib

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with all common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999", "#F0E442"]
# The course's palette: Okabe-Ito's hues in the same order, with the four that are too light on white
# (orange 2.3:1, sky blue 2.3:1, grey 2.9:1, yellow 1.3:1) darkened to at least 3:1, the contrast
# WCAG 2.1 asks of chart marks (1.4.11; tests/test_accessibility.py computes it). Markers keep a dark edge.
PALETTE = ["#0072B2", "#B57D00", "#009E73", "#CC79A7", "#2F8FCF", "#D55E00", "#000000", "#767676", "#948A00"]
SOURCE_TEXT = "#444444"  # the source line under charts and tables (9.7:1 on white)
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "p", "h"]
EDGE = "#333333"
STYLE = {
    "figure.figsize": (8.0, 4.2), "figure.dpi": 100, "savefig.dpi": 100,
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "legend.frameon": False, "legend.fontsize": 9, "svg.hashsalt": "peru-us",
}
# Explorers render text without hinting: the glyphs look the same at this size and render faster.
FAST_TEXT = {"text.hinting": "no_hinting"}

# Usual margins of each chart and its explorer (measured once with tight_layout). Notebooks save
# charts at this size, so tests check that nothing sticks out of them.
MARGINS = {
    "timeline": dict(left=0.135, right=0.98, bottom=0.185, top=0.9),
    "trade": dict(left=0.12, right=0.97, bottom=0.185, top=0.9),
    "agreement": dict(left=0.09, right=0.98, bottom=0.185, top=0.9),
    "aid": dict(left=0.085, right=0.73, bottom=0.185, top=0.9),
    "coca": dict(left=0.13, right=0.98, bottom=0.185, top=0.9),
    "opinion": dict(left=0.12, right=0.88, bottom=0.25, top=0.92),
}


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def new_axes(ax=None, pyplot: bool = True, size=None):
    """An Axes to draw on: `ax` itself, or a new figure's (pyplot-managed so notebooks show it,
    or a plain Figure for widgets, which render it themselves)."""
    if ax is not None:
        return ax.figure, ax
    with matplotlib.rc_context(STYLE):
        fig = plt.figure(figsize=size) if pyplot else Figure(figsize=size or STYLE["figure.figsize"])
        ax = fig.add_subplot()
    return fig, ax


def style_axes(ax, title: str, xlabel: str, ylabel: str) -> None:
    """Apply the course look to an axes drawn outside the rc context."""
    # A fixed title position (y) spares matplotlib a layout pass at every draw (it would otherwise
    # measure the axis to place the title above it).
    ax.set_title(title, loc="left", fontsize=STYLE["axes.titlesize"], fontweight="bold", y=1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(True, alpha=STYLE["grid.alpha"])
    ax.set_axisbelow(True)


def add_source(fig: Figure, text: str, wrap: bool = True) -> None:
    """Write (or replace) the source line at the bottom left of the figure, wrapped to its width
    (wrap=False: as it is, which spares matplotlib measuring it at each draw)."""
    for existing in [t for t in fig.texts if getattr(t, "_is_source_line", False)]:
        existing.remove()
    label = fig.text(0.01, 0.005, text, fontsize=7.5, color=SOURCE_TEXT, ha="left", va="bottom", wrap=wrap)
    label._is_source_line = True


def whole_years(ax) -> None:
    """Year ticks on whole numbers only (no 2012.5)."""
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def thousands(ax, axis: str = "y") -> None:
    """Label an axis 12,500 rather than 12500."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def set_limits(ax, xlim=None, ylim=None) -> None:
    """Set the axis limits that are given; None leaves that axis as it is."""
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, byte-identical across runs (no software/version chunk).

    Drawn with the Agg canvas and encoded with light compression: an explorer redraws on every
    move of a control, and the default savefig path (heavier compression) costs a third more."""
    canvas = FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
    canvas.draw()
    return encode_png(canvas)


def encode_png(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what is on the canvas now (without drawing it again): RGB, rows unfiltered,
    zlib level 1, no metadata. An explorer encodes a picture at every move of a control; this
    takes about 5 ms for an 800 × 540 chart where Pillow's PNG writer (adaptive row filters)
    takes 7.5 ms, for a file about 8% larger."""
    width, height = canvas.get_width_height()
    pixels = np.asarray(canvas.buffer_rgba())[:, :, :3]
    rows = np.zeros((height, width * 3 + 1), np.uint8)  # each row: filter type 0, then its RGB bytes
    rows[:, 1:] = pixels.reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.data, 1)) + _chunk(b"IEND", b"")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
