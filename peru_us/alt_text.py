"""Alternative text for a chart, read from what the figure draws: its kind, title, axes (with the
range of years or values the data cover), each series with its first, last and highest value,
and the source line. Nothing is typed in by hand, so the text follows any change a lesson makes
to a chart (a new title, a shaded period, an extra series) and a student's own charts get one too.

>>> from matplotlib.figure import Figure
>>> fig = Figure()
>>> ax = fig.add_subplot()
>>> _ = ax.plot([2000, 2001, 2002], [5.0, 12.5, 9.0], label="exports")
>>> _ = ax.set(title="Trade", xlabel="Year", ylabel="million USD")
>>> print(chart_alt_text(fig))
Line chart: Trade. Across: Year, 2000–2002. Up: million USD, 5 to 12.5. exports: 5 in 2000, highest 12.5 in 2001, 9 in 2002.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.dates as mdates
import numpy as np
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.patches import Rectangle

MAX_SERIES = 8        # series described one by one; the rest are counted
MAX_CATEGORIES = 12   # category names listed (bars, timeline rows)


def chart_alt_text(fig) -> str:
    """One paragraph describing every visible axes of `fig` (draw the figure first, so that tick
    labels exist), then its source line."""
    parts = [_describe_axes(ax) for ax in fig.axes if ax.get_visible() and ax.has_data()]
    if not parts:
        parts = ["Empty chart."]
    for text in fig.texts:
        words = " ".join(text.get_text().split())
        if getattr(text, "_is_source_line", False) and words:
            parts.append(words if words.endswith(".") else words + ".")
    return " ".join(parts)


# --------------------------------------------------------------------------- one axes
def _describe_axes(ax) -> str:
    title = " ".join((ax.get_title("left") or ax.get_title() or ax.get_title("right")).split())
    marks = _marks(ax)
    kinds = {m.kind for m in marks}
    horizontal = any(m.kind == "hbars" for m in marks)
    kind = ("Horizontal bar chart" if horizontal else "Bar chart") if kinds & {"bars", "hbars"} else (
        "Line chart" if "line" in kinds else ("Chart of points" if "points" in kinds else "Chart"))
    sentences = [f"{kind}: {title}." if title else f"{kind}."]
    categories_x, categories_y = _categories(ax.get_xticklabels()), _categories(ax.get_yticklabels())
    xs = _finite([m.x for m in marks] + [m.base for m in marks if m.kind == "hbars"])
    ys = _finite([m.y for m in marks] + [m.base for m in marks if m.kind == "bars"])
    sentences.append(_axis_sentence("Across", ax.get_xlabel(), xs, categories_x))
    sentences.append(_axis_sentence("Up", ax.get_ylabel(), ys, categories_y))
    sentences += _series_sentences(ax, marks, categories_y)
    named = {m.label for m in marks}
    marked = [t for t in _legend_labels(ax) if t not in named]
    if marked:
        sentences.append("Also marked: " + "; ".join(marked) + ".")
    return " ".join(s for s in sentences if s)


@dataclass
class _Mark:
    """What one artist draws, in data units: x (decimal years on a date axis), y, and for bars
    where each bar starts (`base`)."""

    kind: str  # line, points, bars, hbars
    label: str | None
    x: np.ndarray
    y: np.ndarray
    base: np.ndarray | None = None


def _marks(ax) -> list[_Mark]:
    to_x = _date_years if isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator) else (lambda v: v)
    marks = []
    for line in ax.lines:
        if line.get_transform() != ax.transData:  # axvline, axhline: drawn across the axes, not data
            continue
        x = to_x(np.asarray(line.get_xdata(orig=False), float))
        y = np.asarray(line.get_ydata(orig=False), float)
        if not len(x):
            continue
        kind = "points" if str(line.get_linestyle()).lower() in ("none", "", " ") else "line"
        marks.append(_Mark(kind, _label(line), x, y))
    for collection in ax.collections:
        if isinstance(collection, PathCollection) and len(collection.get_offsets()):
            offsets = np.asarray(collection.get_offsets(), float)
            marks.append(_Mark("points", _label(collection), to_x(offsets[:, 0]), offsets[:, 1]))
        elif type(collection) is PolyCollection and _label(collection):  # stacked bars (drawing.stacked_bars)
            boxes = [p.vertices for p in collection.get_paths() if len(p.vertices)]
            if boxes:
                centres = np.array([(b[:, 0].min() + b[:, 0].max()) / 2 for b in boxes])
                marks.append(_Mark("bars", _label(collection), to_x(centres), np.array([b[:, 1].max() for b in boxes]),
                                   np.array([b[:, 1].min() for b in boxes])))
    for container in ax.containers:
        patches = [p for p in container if isinstance(p, Rectangle)] if isinstance(container, BarContainer) else []
        if not patches:
            continue
        x0, w = np.array([p.get_x() for p in patches]), np.array([p.get_width() for p in patches])
        y0, h = np.array([p.get_y() for p in patches]), np.array([p.get_height() for p in patches])
        if getattr(container, "orientation", "vertical") == "horizontal":
            marks.append(_Mark("hbars", _label(container), x0 + w, y0 + h / 2, x0))
        else:
            marks.append(_Mark("bars", _label(container), to_x(x0 + w / 2), y0 + h, y0))
    return marks


def _label(artist) -> str | None:
    label = str(artist.get_label())
    return None if label.startswith("_") or not label else label


def _date_years(values: np.ndarray) -> np.ndarray:
    """matplotlib date numbers (days since 1970) as decimal years."""
    return 1970 + values / 365.2425


def _finite(arrays) -> np.ndarray:
    arrays = [np.ravel(np.asarray(a, float)) for a in arrays if a is not None]
    if not arrays:
        return np.array([])
    values = np.concatenate(arrays)
    return values[np.isfinite(values)]


def _categories(labels) -> list[str]:
    """The tick labels of a category axis (text that is not a number), else []."""
    texts = [t.get_text() for t in labels if t.get_text().strip()]
    if not texts or all(_is_number(t) for t in texts):
        return []
    return texts


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("−", "-").replace("%", ""))
        return True
    except ValueError:
        return False


def _axis_sentence(direction: str, label: str, values: np.ndarray, categories: list[str]) -> str:
    label = " ".join(label.split())
    if categories:
        shown = categories[:MAX_CATEGORIES]
        more = f" and {len(categories) - len(shown)} more" if len(categories) > len(shown) else ""
        return f"{direction}: {label + ', ' if label else ''}{len(categories)} categories: {', '.join(shown)}{more}."
    if not len(values):
        return f"{direction}: {label}." if label else ""
    low, high = float(values.min()), float(values.max())
    if _looks_like_years(label, low, high):
        first, last = math.floor(low + 0.01), math.floor(high)
        span = f"{first}–{last}" if last > first else f"{last}"
        return f"{direction}: {label or 'years'}, {span}."
    return f"{direction}: {label + ', ' if label else ''}{number(low)} to {number(high)}."


def _looks_like_years(label: str, low: float, high: float) -> bool:
    return "year" in label.lower() or (1700 <= low <= high <= 2100 and not label)


def number(value: float) -> str:
    """A value as a reader would say it: 12,500 / 12.5 / 0.25 (no trailing zeros).

    >>> number(12500.0), number(12.5), number(3.0), number(-0.254)
    ('12,500', '12.5', '3', '-0.25')
    """
    if abs(value) >= 100:
        return f"{value:,.0f}"
    text = f"{value:,.2f}" if abs(value) < 1 else f"{value:,.1f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _year(x: float) -> str:
    return str(math.floor(x + 0.01)) if 1700 <= x <= 2100 else number(x)


def _legend_labels(ax) -> list[str]:
    legends = [ax.get_legend(), *ax.figure.legends]
    return [t.get_text() for legend in legends if legend is not None for t in legend.get_texts() if t.get_text()]


def _series_sentences(ax, marks, categories_y) -> list[str]:
    described = []
    rows = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels() if t.get_text()} if categories_y else {}
    by_label: dict = {}
    for mark in marks:
        if mark.kind == "points" and rows:  # one row per category (a timeline): count what each row holds
            for row in np.unique(np.round(mark.y[np.isfinite(mark.y)])):
                here = np.round(mark.y) == row
                by_label.setdefault(("points", rows.get(int(row), number(row))), []).append(mark.x[here])
        elif mark.label:
            by_label.setdefault((mark.kind, mark.label), []).append(mark)
    for (kind, label), parts in by_label.items():
        if kind == "points" and rows:
            x = _finite(parts)
            if len(x):
                described.append(f"{label}: {len(x)} mark{'s' if len(x) != 1 else ''}, {_year(x.min())} to {_year(x.max())}.")
        elif kind == "line":
            described.append(_line_sentence(label, parts))
        elif kind == "points":
            x = _finite([p.x for p in parts])
            described.append(f"{label}: {len(x)} point{'s' if len(x) != 1 else ''}, {_year(x.min())} to {_year(x.max())}.")
    bars = [m for m in marks if m.kind in ("bars", "hbars")]
    named = [label for (kind, label) in by_label if kind in ("bars", "hbars")]
    if named:
        described.append(f"{'Stacked bars' if len(named) > 1 else 'Bars'} for: {'; '.join(named)}.")
    if bars:
        described.append(_largest_bar(ax, bars))
    if len(described) > MAX_SERIES + 1:
        rest = len(described) - MAX_SERIES
        described = described[:MAX_SERIES] + [f"And {rest} more series."]
    return [s for s in described if s]


def _line_sentence(label: str, parts) -> str:
    x = np.concatenate([p.x for p in parts])
    y = np.concatenate([p.y for p in parts])
    keep = np.isfinite(x) & np.isfinite(y)
    if not keep.any():
        return ""
    order = np.argsort(x[keep], kind="stable")
    x, y = x[keep][order], y[keep][order]
    top = int(np.argmax(y))
    peak = "" if top in (0, len(y) - 1) else f", highest {number(y[top])} in {_year(x[top])}"
    first_top, last_top = (" (highest)" if top == 0 else ""), (" (highest)" if top == len(y) - 1 and len(y) > 1 else "")
    if len(y) == 1:
        return f"{label}: {number(y[0])} in {_year(x[0])}."
    return f"{label}: {number(y[0])} in {_year(x[0])}{first_top}{peak}, {number(y[-1])} in {_year(x[-1])}{last_top}."


def _largest_bar(ax, bars) -> str:
    """The largest bar (stacked bars: the highest top at one position)."""
    horizontal = bars[0].kind == "hbars"
    where = np.concatenate([m.y if horizontal else m.x for m in bars])
    # a horizontal bar's length (it may start anywhere: a span of years); a vertical bar's top (a stack's total)
    size = np.concatenate([m.x - m.base if horizontal else m.y for m in bars])
    if not len(size):
        return ""
    i = int(np.nanargmax(size))
    if horizontal:
        names = {round(t.get_position()[1], 3): t.get_text() for t in ax.get_yticklabels()}
        name = names.get(round(where[i], 3), number(where[i]))
        starts, ends = np.concatenate([m.base for m in bars]), np.concatenate([m.x for m in bars])
        if _looks_like_years(ax.get_xlabel(), float(starts[i]), float(ends[i])):
            return f"Longest bar: {name}, {_year(starts[i])} to {_year(ends[i])}."
        return f"Longest bar: {name}, {number(size[i])}."
    stacked = len(bars) > 1
    names = {round(t.get_position()[0], 3): t.get_text() for t in ax.get_xticklabels()}
    at = names.get(round(where[i], 3)) if _categories(ax.get_xticklabels()) else None
    return f"Tallest {'stack' if stacked else 'bar'}: {number(size[i])} in {at or _year(where[i])}."


# --------------------------------------------------------------------------- the data behind a chart
MAX_TABLE_ROWS = 80


def chart_table(fig) -> list[tuple[list[str], list[list[str]]]]:
    """The values each axes of `fig` draws, as tables (header, rows) to put beside the picture:
    lines and points by x (one column per series), bars by position, rows of a category axis
    (a timeline) by category with their count and first and last year.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([2000, 2001], [5.0, 12.5], label="exports")
    >>> _ = ax.plot([2001, 2002], [3.0, 4.0], label="imports")
    >>> _ = ax.set(xlabel="Year", ylabel="million USD")
    >>> chart_table(fig)
    [(['Year', 'exports', 'imports'], [['2000', '5', ''], ['2001', '12.5', '3'], ['2002', '', '4']])]
    """
    tables = []
    for ax in fig.axes:
        if not (ax.get_visible() and ax.has_data()):
            continue
        marks = _marks(ax)
        rows_of_categories = _categories(ax.get_yticklabels())
        if any(m.kind == "points" for m in marks) and rows_of_categories:
            tables.append(_category_rows_table(ax, marks))
        elif any(m.kind == "hbars" for m in marks):
            tables.append(_hbar_table(ax, [m for m in marks if m.kind == "hbars"]))
        else:
            table = _by_x_table(ax, [m for m in marks if m.label or m.kind == "bars"])
            if table[1]:
                tables.append(table)
    return tables


def _x_text(ax, x: float) -> str:
    return _year(x) if _looks_like_years(ax.get_xlabel(), x, x) else number(x)


def _by_x_table(ax, marks):
    columns: dict[str, dict[str, str]] = {}
    order: dict[str, float] = {}
    for i, mark in enumerate(marks):
        name = mark.label or (" ".join(ax.get_ylabel().split()) or f"series {i + 1}")
        values = mark.y - mark.base if mark.kind == "bars" and mark.base is not None else mark.y
        column = columns.setdefault(name, {})
        for x, y in zip(mark.x, values):
            if np.isfinite(x) and np.isfinite(y):
                key = _x_text(ax, float(x))
                column[key] = number(float(y))
                order.setdefault(key, float(x))
    keys = sorted(order, key=order.get)
    header = [" ".join(ax.get_xlabel().split()) or "x", *columns]
    return header, [[k, *(c.get(k, "") for c in columns.values())] for k in keys]


def _hbar_table(ax, bars):
    names = {round(t.get_position()[1], 3): t.get_text() for t in ax.get_yticklabels()}
    spans = _looks_like_years(ax.get_xlabel(), 1800, 1800)
    label = " ".join(ax.get_xlabel().split()) or "value"
    header = ["", "from", "to"] if spans else ["", label]
    rows = []
    for mark in bars:
        for y, start, end in zip(mark.y, mark.base, mark.x):
            name = names.get(round(float(y), 3), number(float(y)))
            rows.append([name, _year(start), _year(end)] if spans else [name, number(float(end - start))])
    return header, rows


def _category_rows_table(ax, marks):
    names = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels() if t.get_text()}
    xs: dict[str, list] = {}
    for mark in marks:
        if mark.kind != "points":
            continue
        for x, y in zip(mark.x, mark.y):
            if np.isfinite(x) and np.isfinite(y):
                xs.setdefault(names.get(int(round(y)), number(y)), []).append(float(x))
    order = [names[k] for k in sorted(names) if names[k] in xs]  # the categories' own order, as in the alt text
    return ["", "marks", "first", "last"], [[n, str(len(xs[n])), _year(min(xs[n])), _year(max(xs[n]))] for n in order]
