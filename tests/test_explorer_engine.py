"""The explorer engine (peru_us.explorer): it recovers after a failed redraw, lets go of its
widgets and figure when closed (and when the cell that built it runs again), computes a selection
once per change, and pastes repeated pieces without changing a pixel."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget import _instances  # noqa: E402

import peru_us  # noqa: E402
from peru_us import analysis, explorer, lifecycle  # noqa: E402
from peru_us.explorer import Explorer, Selection, year_range  # noqa: E402
from peru_us.explorers import economy  # noqa: E402


def test_a_failed_redraw_shows_its_message_once_and_the_next_change_draws(monkeypatch):
    """Before: one failing draw left the layer list stale and every later change failed with
    'list.remove(x): x not in list', even after the control was back to a valid value."""
    real = economy.trade_layer

    def fails_on_2000s(ax, rows, *args, **kwargs):
        real(ax, rows, *args, **kwargs)  # leaves artists behind, then fails
        if len(rows) and rows["year"].min() == 2000:
            raise RuntimeError("this selection cannot be drawn")

    monkeypatch.setattr(economy, "trade_layer", fails_on_2000s)
    ex = peru_us.trade_explorer()
    ex.controls["years"].value = (2000, 2010)
    assert ex.error == "RuntimeError: this selection cannot be drawn"
    assert ex.summary.value.count("⚠️") == 1 and "this selection cannot be drawn" in ex.summary.value
    assert ex.table.value == ""
    for years in [(1990, 2000), (2001, 2010), (1985, 2025)]:
        ex.controls["years"].value = years
        assert ex.error is None and "⚠️" not in ex.summary.value
    fresh = peru_us.trade_explorer()  # the same picture as an explorer that never failed
    assert ex.image.value == fresh.image.value
    ex.close()
    fresh.close()


def test_an_explorer_built_on_the_engine():
    rows = pd.DataFrame({"year": [2000, 2001, 2002], "n": [1, 5, 2], "source_id": ["hsg-pocom"] * 3})
    calls = []

    def select(years):
        calls.append(years)
        chosen = rows[rows["year"].between(*years)]
        return Selection(chosen, f"{chosen['n'].sum()} in all", data=chosen["n"].sum())

    def draw(ax, selection, years):
        ax.bar(selection.rows["year"], selection.rows["n"])

    with Explorer("Test", {"years": year_range(2000, 2002)}, select, draw=draw, columns=["year", "n"],
                  frame=lambda ax, years: ax.set_xlim(1999, 2003)) as ex:
        ex.controls["years"].value = (2001, 2002)
        assert calls == [(2000, 2002), (2001, 2002)]  # once per change
        assert ex.selection.data == 7 and ex.summary.value == "<span>7 in all</span>"
        assert "<th" in ex.table.value and "source_id" not in ex.table.value
        assert ex.figure.texts[-1].get_text().endswith("[hsg-pocom]")  # the source line, from the rows
    assert ex.figure is None and ex.children == ()


def test_select_must_return_a_selection():
    ex = Explorer("Wrong", {"n": ipywidgets.IntSlider()}, lambda n: (pd.DataFrame(), "text"))
    assert ex.error == "TypeError: select() returned a tuple, not a Selection"
    ex.close()


def _alive() -> int:
    return len(_instances)


@pytest.mark.parametrize("name", ["timeline_explorer", "trade_explorer", "aid_explorer", "conflicts_explorer",
                                  "ambassadors_explorer", "opinion_explorer"])
def test_close_frees_every_widget_and_the_figure(name):
    before = _alive()
    ex = getattr(peru_us, name)()
    assert _alive() - before >= 10  # controls, their layouts and styles, image, summary, table ...
    ex.close()
    assert _alive() == before
    assert ex.figure is None and ex.controls == {} and repr(ex).startswith("<")
    ex.close()  # twice is harmless


def test_running_a_cell_again_closes_the_explorers_its_last_run_built():
    """In IPython, the explorer of a re-run cell is replaced in the output: the old one is closed."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        before = _alive()
        shell.run_cell("import peru_us\nex = peru_us.trade_explorer()\nsecond = peru_us.trade_explorer()", cell_id="cell-a")
        first, second = shell.user_ns["ex"], shell.user_ns["second"]
        assert first.figure is not None and second.figure is not None  # one run may build several
        shell.run_cell("other = peru_us.coca_explorer()", cell_id="cell-b")
        shell.run_cell("import peru_us\nex = peru_us.trade_explorer()\nsecond = peru_us.trade_explorer()", cell_id="cell-a")
        assert first.figure is None and second.figure is None  # closed: their cell ran again
        assert shell.user_ns["other"].figure is not None  # another cell's explorer stays
        assert shell.user_ns["ex"].figure is not None
        for _ in range(10):  # re-running the cell does not pile up widgets
            shell.run_cell("import peru_us\nex = peru_us.trade_explorer()\nsecond = peru_us.trade_explorer()", cell_id="cell-a")
        shell.run_cell("ex.close(); second.close(); other.close()")
        assert _alive() == before
        # without a cell id (nbclient, older front ends) the cell is known by its source
        shell.run_cell("ex = peru_us.trade_explorer()")
        old = shell.user_ns["ex"]
        shell.run_cell("ex = peru_us.trade_explorer()")
        assert old.figure is None
        shell.user_ns["ex"].close()
    finally:
        InteractiveShell.clear_instance()
    assert lifecycle.current_cell() is None


def test_the_un_votes_explorer_computes_agreement_once_at_build_not_per_change(monkeypatch):
    ex = peru_us.un_votes_explorer()
    calls = []
    monkeypatch.setattr(analysis, "voted_alike", lambda *a: calls.append(a))
    ex.controls["years"].value = (1980, 1999)
    ex.controls["issue"].value = "Human rights"
    ex.controls["important_only"].value = True
    assert calls == [] and ex.error is None
    votes = peru_us.load_un_votes()
    rows = votes[votes["date"].dt.year.between(1980, 1999) & votes["issue"].str.contains("Human rights", regex=False, na=False)
                 & votes["important_vote"].fillna(False).astype(bool)]
    monkeypatch.undo()
    expected = analysis.agreement_by_year(rows)
    pd.testing.assert_frame_equal(ex.selection.data.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    pd.testing.assert_frame_equal(ex.selection.rows.reset_index(drop=True),
                                  analysis.agreement_by_issue(rows).reset_index(drop=True), check_dtype=False)
    ex.close()


def test_the_trade_explorer_loads_no_events_when_given_its_markers(monkeypatch):
    def no_events():
        raise AssertionError("loaded the events")

    monkeypatch.setattr(analysis, "load_events", no_events)
    ex = peru_us.trade_explorer(markers={"TPA signed": 2006})
    assert ex.error is None and ex.controls["mark_tpa"].value is True
    ex.close()


def _changes(ex, steps):
    pictures = []
    for name, value in steps:
        ex.controls[name].value = value
        pictures.append(bytes(ex.image.value))
    return pictures


OPINION_STEPS = [("geography", "both"), ("subject", "both"), ("geography", "Peru"), ("geography", "both"),
                 ("measures", ("favorable_view",)), ("geography", "Peru"), ("geography", "both")]


def test_pasted_pieces_give_the_same_picture_as_drawing_them(monkeypatch):
    pasted = _changes(peru_us.opinion_explorer(), OPINION_STEPS)
    monkeypatch.setattr(explorer.Pieces, "draw", lambda self, artist: artist.draw(self.canvas.get_renderer()))
    drawn = _changes(peru_us.opinion_explorer(), OPINION_STEPS)
    assert pasted == drawn
    assert pasted[1] == pasted[3] and pasted[4] == pasted[6] and len(set(pasted)) == 5  # back to earlier pictures


def test_a_kept_frame_gives_the_same_picture_as_a_new_one(monkeypatch):
    steps = [("measure", "eradication"), ("measure", "cultivation"), ("measure", "eradication"), ("years", (2000, 2020)),
             ("measure", "cultivation")]
    kept = _changes(peru_us.coca_explorer(), steps)
    monkeypatch.setattr(explorer, "FRAMES_KEPT", 0)
    redrawn = _changes(peru_us.coca_explorer(), steps)
    assert kept == redrawn and kept[0] == kept[2] and kept[1] != kept[0]
