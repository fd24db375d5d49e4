"""The benchmark script (benchmarks/run.py) is not run by the tests, but the parts that decide what
it reports are: the verdict on each target, and the lessons with their charts switched off. Also the
one speed-up that works at the level of the kernel: setup_notebook() freezing the imports' objects."""
from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402

from peru_us import widgets  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import run  # noqa: E402


def results(lesson_seconds: float, floor: float = 2.0, p95: float = 50.0) -> dict:
    lessons = {f"0{i}_lesson": {"seconds": lesson_seconds, "ratio_to_floor": lesson_seconds / floor,
                                "kernel_peak_rss_mb": 150.0} for i in range(3)}
    return {"machine": "test machine",
            "notebooks": {"floor_seconds": floor, "floor_kernel_peak_rss_mb": 120.0, "lessons": lessons,
                          "course_ratio_per_round": [1.2, 1.6],
                          "breakdown": {"code_cells_per_lesson": 30, "floor_with_cells_seconds": 2.2, "floor_frozen_seconds": 1.5,
                                        "charts_off_seconds": 7.5}},
            "import": {"floor_imports_ms": 600.0, "import_peru_us_ms": 20.0, "load_all_tables_ms": 70.0},
            "explorers": {"trade_explorer": {"p50_ms": 20.0, "p95_ms": p95, "changes": 60}}}


def test_report_judges_the_course_against_one_and_a_half_times_the_floor():
    assert "course ≤ 1.5 × floor: met" in run.report(results(lesson_seconds=3.0))  # exactly 1.5 ×
    assert "course ≤ 1.5 × floor: MISSED" in run.report(results(lesson_seconds=3.1))


def test_report_judges_every_explorer_and_shows_the_breakdown():
    assert "every explorer p95 ≤ 100 ms: MISSED" in run.report(results(3.0, p95=100.5))
    text = run.report(results(3.0))
    assert "every explorer p95 ≤ 100 ms: met" in text
    assert "1.20–1.60 over the 2 rounds" in text
    # 7.5 s without charts over 3 lessons of a 2 s floor; the padded floor, 2.2 s, is 1.1 × the floor
    assert "| 7.50 | 1.25 |" in text and "| 6.60 | 1.10 |" in text
    assert "| 4.50 | 0.75 |" in text  # the floor with gc.freeze(), for comparison


def test_charts_off_goes_right_after_the_first_code_cell():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("import peru_us"),
                                         nbformat.v4.new_code_cell("peru_us.trade_explorer()")])
    run.charts_off(nb)
    assert [c.source for c in nb.cells][1:] == ["import peru_us", run.CHARTS_OFF, "peru_us.trade_explorer()"]


def test_charts_off_builds_explorers_without_drawing(monkeypatch):
    assert widgets.trade_explorer().image.value, "an explorer normally draws its chart"
    monkeypatch.setattr(widgets.Explorer, "_render", widgets.Explorer._render)  # restored after the test
    monkeypatch.setattr(plt, "show", plt.show)
    png = types.SimpleNamespace(enabled=True)
    shell = types.SimpleNamespace(display_formatter=types.SimpleNamespace(formatters={"image/png": png}))
    exec(run.CHARTS_OFF, {"get_ipython": lambda: shell})
    explorer = widgets.trade_explorer()
    assert explorer.image.value == b"" and explorer.error is None
    assert explorer.table.value == "<i>No rows match this selection.</i>"
    assert png.enabled is False


@pytest.mark.parametrize("name", ["IntRangeSlider", "Dropdown", "SelectMultiple", "Checkbox", "Text", "ToggleButtons"])
def test_every_kind_of_control_gets_values_that_change_it(name):
    import ipywidgets

    make = {"IntRangeSlider": lambda: ipywidgets.IntRangeSlider(min=1990, max=2020),
            "Dropdown": lambda: ipywidgets.Dropdown(options=["a", "b"]),
            "SelectMultiple": lambda: ipywidgets.SelectMultiple(options=["a", "b", "c"]),
            "Checkbox": lambda: ipywidgets.Checkbox(),
            "Text": lambda: ipywidgets.Text(),
            "ToggleButtons": lambda: ipywidgets.ToggleButtons(options=["x", "y"])}[name]
    values = run.control_values(make())
    assert len(set(values)) >= 2
    assert all(a != b for a, b in zip(values, values[1:])), "each value must differ from the one before"


FREEZE_PROBE = """
import gc, pandas, matplotlib.pyplot, ipywidgets, peru_us
peru_us.setup_notebook()
first = gc.get_freeze_count()
later = [[i] for i in range(10000)]   # objects made after the set-up stay collectable ...
peru_us.setup_notebook()              # ... even when a student runs the set-up cell again
print(first, gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_setup_notebook_freezes_the_objects_of_the_imports_once():
    out = subprocess.run([sys.executable, "-c", FREEZE_PROBE], capture_output=True, text=True, check=True)
    first, again, tracked = (int(x) for x in out.stdout.split())
    assert first > 50_000, "the imports of pandas, matplotlib and ipywidgets make far more objects than this"
    assert again <= first  # not frozen again (the count only shrinks, as frozen objects are freed)
    assert tracked >= 10_000  # the lists made afterwards are still tracked by the collector
