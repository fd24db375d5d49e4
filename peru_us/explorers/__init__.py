"""The course's nine explorers, each a function that takes the table to explore (default: the
course's own; a filtered copy works too) and returns an :class:`peru_us.explorer.Explorer`.

>>> ex = trade_explorer()
>>> before = ex.image.value
>>> ex.controls["years"].value = (2000, 2010)
>>> ex.image.value != before, ex.error
(True, None)
>>> ex.close()
"""
from .diplomacy import ambassadors_explorer, un_votes_explorer, visits_explorer
from .economy import aid_explorer, coca_explorer, trade_explorer
from .history import conflicts_explorer, timeline_explorer
from .opinion import opinion_explorer

__all__ = ["aid_explorer", "ambassadors_explorer", "coca_explorer", "conflicts_explorer", "opinion_explorer",
           "timeline_explorer", "trade_explorer", "un_votes_explorer", "visits_explorer"]
