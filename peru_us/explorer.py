"""The explorer engine: controls on top, a one-line summary, a chart (a PNG in an Image widget) and
a table of the selected rows, all redrawn from one selection each time a control moves.

The API below is stable; the course's explorers (:mod:`peru_us.explorers`) and any new one are
built on it::

    Explorer(title, controls, select, *, draw=None, frame=None, frame_keys=(), columns=None,
             size=(8.0, 4.2), margins=None)

- ``controls``: ``{name: widget}``; each widget's ``value`` is passed by that name.
- ``select(**values) -> Selection``: called once per change; picks the rows and computes what
  the summary, the table and the chart need, so nothing is computed twice.
- ``draw(ax, selection, **values)``: draws the data on ``ax`` (without it there is no chart).
  It only adds artists; whatever changes the axes themselves (limits, ticks, labels) goes in
- ``frame(ax, **values)``, which is called again only when the values of the controls named in
  ``frame_keys`` change (or the key that ``frame_keys(values)`` returns, if it is a function).
- ``columns``: the columns of ``selection.rows`` shown in the table (default: all of them).

After a change: ``explorer.summary.value``, ``explorer.table.value`` (HTML, the data behind the
chart), ``explorer.image.value`` (PNG bytes), ``explorer.image.tooltip`` (the chart's alternative
text, :func:`peru_us.alt_text.chart_alt_text`), ``explorer.selection`` (the last Selection) and
``explorer.error`` (None, or what went wrong in the last redraw; the student sees a short message,
and the next change draws afresh).
``explorer.close()`` (or ``with explorer: ...``) frees its widgets, figure and buffers; in a
notebook, running a cell again closes the explorers its previous run built (see
:mod:`peru_us.lifecycle`).

>>> import ipywidgets
>>> rows = pd.DataFrame({"year": [2000, 2001, 2002], "n": [1, 5, 2]})
>>> def select(years):
...     chosen = rows[rows["year"].between(*years)]
...     return Selection(chosen, f"{len(chosen)} years, {chosen['n'].sum()} in all.")
>>> def draw(ax, selection, years):
...     ax.plot(selection.rows["year"], selection.rows["n"])
>>> with Explorer("Example", {"years": year_range(2000, 2002)}, select, draw=draw) as ex:
...     ex.controls["years"].value = (2001, 2002)
...     print(ex.summary.value, ex.error)
<span>2 years, 7 in all.</span> None
"""
from __future__ import annotations

import html
import textwrap
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

import ipywidgets as widgets
import matplotlib
import pandas as pd
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import lifecycle
from .alt_text import chart_alt_text
from .attribution import source_line
from .dates import format_dates
from .display import html_table
from .pieces import Pieces
from .style import FAST_TEXT, STYLE, add_source, encode_png

WIDE = {"description_width": "initial"}
MAX_TABLE_ROWS = 15
_PART = "_explorer_part"  # marks the artists of the frame; the layer is whatever is unmarked
_UNSET = object()
SOURCE_LINE_CHARACTERS = 150  # wrapped here, not measured by matplotlib at each draw (7.5 pt on 8 inches)
FRAMES_KEPT = 3  # pictures of frames kept per explorer, for controls that switch between a few frames


class DescribedImage(widgets.Image):
    """An Image widget whose picture has a text alternative: its ``tooltip``, which ipywidgets 8
    renders as the <img>'s ``title`` (a screen reader's name for an image without ``alt``; the
    Image widget has no ``alt`` of its own). ipywidgets writes the title only when the widget's
    ``description`` is empty, and a plain Image has no description at all (the browser then
    stops at an error), so this one syncs an empty one."""

    description = traitlets.Unicode("", help="empty, so that the tooltip becomes the image's title").tag(sync=True)


@dataclass
class Selection:
    """What one position of the controls selects.

    rows: the table under the chart (its `columns`; None: no table); summary: one line of text (or HTML if it
    starts with '<'); data: anything else the chart needs, computed once; sources: the rows
    whose source_ids the chart's source line names (default: `rows`)."""

    rows: pd.DataFrame | None
    summary: str = ""
    data: Any = None
    sources: pd.DataFrame | None = None


class Explorer(widgets.VBox):
    """Controls + summary + chart + table (see the module's documentation)."""

    def __init__(self, title: str, controls: dict, select: Callable[..., Selection], *, draw=None, frame=None,
                 frame_keys=(), columns=None, size=(8.0, 4.2), margins: dict | None = None):
        self.title, self.controls, self.columns = title, dict(controls), columns
        self._select, self._draw, self._frame = select, draw, frame
        self._frame_key_of = frame_keys if callable(frame_keys) else (lambda values: tuple(values[k] for k in frame_keys))
        self.selection: Selection | None = None
        self.error: str | None = None
        self.figure = Figure(figsize=size, dpi=STYLE["figure.dpi"])
        self.canvas = FigureCanvasAgg(self.figure)  # an explorer draws offscreen and shows the PNG
        # matplotlib's blitting pattern: the data are drawn "animated", so a full draw paints only
        # the frame, which is kept (draw_event) and pasted back under each new layer
        self._on_draw_id = self.canvas.mpl_connect("draw_event", self._keep_background)
        self._ax = self._background = None
        self._frame_key = _UNSET
        self._frames: OrderedDict = OrderedDict()  # frame key -> its picture (matplotlib BufferRegion)
        self._pieces = Pieces(self.canvas)
        self._margins = dict(margins or {})  # fixed: a layout pass at every redraw would cost a full draw
        self.image = DescribedImage(format="png", layout=widgets.Layout(width="100%", max_width=f"{int(size[0] * 100)}px"))
        self.summary = widgets.HTML()
        # tabbable: a region that scrolls must take the keyboard focus, or keyboard users cannot scroll it
        self.table = widgets.HTML(layout=widgets.Layout(max_height="340px", overflow="auto"), tabbable=True)
        header = widgets.HTML(f"<b>{html.escape(title)}</b>")
        panel = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap",
            justify_content="flex-start"))
        if draw is None:
            self.image.layout.display = "none"
        super().__init__([header, panel, self.summary, self.image, self.table])
        for control in self.controls.values():
            control.observe(self.refresh, names="value")
        lifecycle.built(self)
        self.refresh()

    # ------------------------------------------------------------------ public
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, _change=None) -> None:
        """Select, then redraw chart, summary and table from the controls' current values."""
        if self.figure is None:  # closed
            return
        values = self.values()
        try:
            selection = self._select(**values)
            if not isinstance(selection, Selection):
                raise TypeError(f"select() returned a {type(selection).__name__}, not a Selection")
            if self._draw is not None:
                with matplotlib.rc_context({**STYLE, **FAST_TEXT}):
                    self._paint(selection, values)
            self.error = None
        except Exception as err:  # noqa: BLE001 - a lesson must not crash on an odd selection
            self.error = f"{type(err).__name__}: {err}"
            self._start_over()
            self.selection = None
            self.summary.value = (f"<span>⚠️ This selection could not be drawn ({html.escape(str(err))}). "
                                  "Change a control to try another.</span>")
            self.table.value = ""
            return
        self.selection = selection
        summary = selection.summary
        self.summary.value = summary if summary.startswith("<") else f"<span>{html.escape(summary)}</span>"
        self.table.value = table_html(selection.rows, self.columns)

    def close(self) -> None:
        """Close every widget of the explorer and let go of them, of its figure, image and tables.
        A closed explorer is empty: only its title and the names of its controls remain (an old
        output may still refer to it)."""
        if self.figure is not None:
            for control in self.controls.values():
                control.unobserve(self.refresh, names="value")
            self.canvas.mpl_disconnect(self._on_draw_id)
            for widget in widget_tree(self)[1:]:
                widget.close()
            self.figure = self.canvas = self._ax = self._background = self._pieces = None
            self._frames.clear()
            self._select = self._draw = self._frame = self._frame_key_of = self.selection = None
            self._control_names = tuple(self.controls)
            self.controls, self.image, self.summary, self.table = {}, None, None, None
        super().close()
        self.children = ()  # closed: nothing is sent

    def __del__(self) -> None:  # ipywidgets closes a widget when it is deleted, also at interpreter exit
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing to free at exit
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:  # short and stable: stored notebook outputs show it as text
        return f"<{self.title}: controls {', '.join(self.controls or getattr(self, '_control_names', ()))}>"

    # ------------------------------------------------------------------ drawing
    def _paint(self, selection: Selection, values: dict) -> None:
        if self._ax is None:
            self._new_axes()
        ax = self._ax
        for artist in self._layer():
            artist.remove()
        key = self._frame_key_of(values)
        if key != self._frame_key:
            # Re-frame the same axes: a new one would also rebuild every tick.
            for artist in self._artists():
                if getattr(artist, _PART, None) == "frame":
                    artist.remove()
            ax.set_autoscale_on(True)
            if self._frame is not None:
                self._frame(ax, **values)
            ax.set_autoscale_on(False)  # the layer must not move the frame's axes
            self._mark("frame")
            self._frame_key, self._background = key, self._frames.get(key)
        self._draw(ax, selection, **values)
        line = source_line(selection.rows if selection.sources is None else selection.sources)
        add_source(self.figure, textwrap.fill(line, SOURCE_LINE_CHARACTERS), wrap=False)
        layer = sorted(self._layer(), key=lambda a: a.get_zorder())
        for artist in layer:
            artist.set_animated(True)
        if self._background is None:
            self.canvas.draw()  # the frame alone; _keep_background keeps it
        else:
            self.canvas.restore_region(self._background)
        for artist in layer:
            self._pieces.draw(artist)  # legends and texts seen before are pasted, the rest drawn
        self.image.value = encode_png(self.canvas)
        self.image.tooltip = chart_alt_text(self.figure)

    def _keep_background(self, _event) -> None:
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        if self._frame_key is not _UNSET:
            self._frames[self._frame_key] = self._background
            self._frames.move_to_end(self._frame_key)
            while len(self._frames) > FRAMES_KEPT:
                self._frames.popitem(last=False)

    def _new_axes(self) -> None:
        self.figure.clear()
        self._ax = self.figure.add_subplot()
        if self._margins:
            self.figure.subplots_adjust(**self._margins)
        self._frame_key, self._background = _UNSET, None
        self._frames.clear()  # pictures of the old axes
        self._pieces.clear()
        self._mark("base")

    def _artists(self) -> list:
        return self._ax.get_children() + list(self.figure.texts) + list(self.figure.legends)

    def _mark(self, part: str) -> None:
        for artist in self._artists():
            if not hasattr(artist, _PART):
                setattr(artist, _PART, part)

    def _layer(self) -> list:
        return [a for a in self._artists() if not hasattr(a, _PART)] if self._ax is not None else []

    def _start_over(self) -> None:
        """After a failed redraw: an empty picture now, a new figure at the next change."""
        self._ax = self._background = None
        self._frame_key = _UNSET
        if self._draw is None or self.figure is None:
            return
        self._frames.clear()
        self._pieces.clear()
        try:
            self.figure.clear()
            self.figure.text(0.5, 0.5, "This selection could not be drawn.", ha="center", va="center", color="#444444")
            self.canvas.draw()
            self.image.value = encode_png(self.canvas)
            self.image.tooltip = "This selection could not be drawn."
        except Exception:  # noqa: BLE001 - the message above is all that matters
            self.image.value = b""
        finally:
            self.figure.clear()


def widget_tree(widget) -> list:
    """The widget, its children (recursively) and their layouts and styles: everything to close."""
    found, stack = [], [widget]
    while stack:
        w = stack.pop()
        found.append(w)
        stack += [c for c in getattr(w, "children", ()) if isinstance(c, widgets.Widget)]
        found += [getattr(w, name) for name in ("layout", "style") if isinstance(getattr(w, name, None), widgets.Widget)]
    return found


def table_html(rows: pd.DataFrame, columns=None, limit: int = MAX_TABLE_ROWS) -> str:
    """An HTML table of the first `limit` rows (dates at their precision), with a 'more' line."""
    if rows is None:
        return ""
    if rows.empty:
        return "<i>No rows match this selection.</i>"
    more = f"<i>… and {len(rows) - limit} more rows.</i>" if len(rows) > limit else ""
    shown = format_dates(rows.head(limit))  # before picking columns: a date's precision may not be shown
    return html_table(shown if columns is None else shown[list(columns)]) + more


def year_range(low: int, high: int, value=None, description: str = "Years") -> widgets.IntRangeSlider:
    """A slider for a range of whole years (updates when released, not while dragged)."""
    return widgets.IntRangeSlider(value=value or (low, high), min=low, max=high, step=1, description=description,
                                  continuous_update=False, style=WIDE, layout=widgets.Layout(width="420px"))
