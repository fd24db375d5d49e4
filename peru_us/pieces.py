"""Pictures of repeated pieces of an explorer's chart, pasted instead of drawn again.

Text is what costs most to draw with matplotlib (each glyph is rendered one by one, about 25 µs
each): a legend of ten series costs 15 ms, at every move of a control, although the same legend
comes back again and again. :class:`Pieces` keeps, for a legend or a text, a checksum of the
pixels under it and the pixels after drawing it; when the same piece is to be drawn at the same
place on the same pixels, it writes the kept result instead. The result is the same to the byte
(it is what drawing gave on those very pixels); when anything differs, the piece is drawn.

>>> from matplotlib.figure import Figure
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> fig = Figure(figsize=(2, 1)); canvas = FigureCanvasAgg(fig); canvas.draw()
>>> background = canvas.copy_from_bbox(fig.bbox)
>>> label, pieces = fig.text(0.1, 0.5, "Lima"), Pieces(canvas)
>>> pieces.draw(label)  # drawn, and kept
False
>>> canvas.restore_region(background)
>>> pieces.draw(label)  # the same text on the same pixels: pasted
True
>>> pieces.draw(label)  # on top of itself the pixels differ: drawn again
False
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np
from matplotlib.legend import Legend
from matplotlib.text import Text

PAD = 2  # pixels around a piece's extent (antialiasing, glyph overhang)
PROPERTIES = ("color", "facecolor", "edgecolor", "markerfacecolor", "markeredgecolor", "marker", "markersize",
              "linestyle", "linewidth", "alpha", "hatch", "sizes")


def _value(value):
    if isinstance(value, np.ndarray):
        return tuple(np.round(value.astype(float), 4).ravel().tolist())
    if isinstance(value, (list, tuple)):
        return tuple(_value(v) for v in value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _line_spacing(text: Text) -> float:
    # Text.get_linespacing is new in matplotlib 3.11; 3.10 (the oldest allowed) keeps it private.
    getter = getattr(text, "get_linespacing", None)
    return getter() if getter is not None else getattr(text, "_linespacing", None)


def _text_key(text: Text) -> tuple:
    return (text.get_text(), str(text.get_fontproperties()), _value(text.get_color()), text.get_rotation(),
            text.get_ha(), text.get_va(), text.get_alpha(), _line_spacing(text), text.get_visible())


def signature(artist) -> tuple | None:
    """What a piece looks like (apart from where it is), or None for artists this does not cache."""
    if isinstance(artist, Legend):
        handles = tuple((type(h).__name__,) + tuple(_value(getattr(h, f"get_{p}")()) for p in PROPERTIES
                                                    if hasattr(h, f"get_{p}")) for h in artist.legend_handles)
        return ("legend", tuple(_text_key(t) for t in artist.texts), handles, artist.get_visible())
    if isinstance(artist, Text):
        return ("text", _text_key(artist))
    return None


def _checksum(pixels: np.ndarray) -> tuple:
    """Identifies the pixels under a piece (shape and BLAKE2 digest: a false match is not a risk)."""
    return pixels.shape, hashlib.blake2b(np.ascontiguousarray(pixels).data, digest_size=16).digest()


class Pieces:
    """A small cache (least recently used first out) of drawn pieces for one canvas."""

    def __init__(self, canvas, size: int = 24):
        self.canvas, self.size = canvas, size
        self._kept: OrderedDict = OrderedDict()

    def draw(self, artist) -> bool:
        """Draw `artist` on the canvas, pasting its kept picture if it can; True if pasted."""
        key = signature(artist)
        renderer = self.canvas.get_renderer()
        if key is None or not artist.get_visible():
            artist.draw(renderer)
            return False
        box = artist.get_window_extent(renderer)
        pixels = np.asarray(self.canvas.buffer_rgba())
        height, width = pixels.shape[:2]
        x0, x1 = max(int(box.x0) - PAD, 0), min(int(np.ceil(box.x1)) + PAD, width)
        top, bottom = max(height - int(np.ceil(box.y1)) - PAD, 0), min(height - int(box.y0) + PAD, height)
        if x0 >= x1 or top >= bottom:
            artist.draw(renderer)
            return False
        key = key + (x0, x1, top, bottom)
        region = pixels[top:bottom, x0:x1]
        kept = self._kept.get(key)
        under = _checksum(region)
        if kept is not None and kept[0] == under:
            region[...] = kept[1]
            self._kept.move_to_end(key)
            return True
        artist.draw(renderer)
        self._kept[key] = (under, region.copy())
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return False

    def clear(self) -> None:
        self._kept.clear()
