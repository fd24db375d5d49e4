"""peru_us: the dataset, charts, widgets and exercise checker of the Peru-United States course.

>>> import peru_us
>>> peru_us.load_trade().shape[1]
6
"""
from . import plots, widgets  # noqa: E402  (charts and explorers: peru_us.plots.trade_chart, ...)
from .citations import cite
from .data import (
    clear_cache,
    datasets,
    describe,
    load,
    load_aid,
    load_ambassadors,
    load_coca,
    load_conflicts,
    load_events,
    load_figures,
    load_leaders,
    load_opinion,
    load_sources,
    load_trade,
    load_un_votes,
    load_visits,
    table_names,
)
from .display import setup_notebook, show
from .documents import load_context, load_documents, load_event_documents
from .exercises import check, hint, progress
from .explorer import Explorer, Selection  # noqa: E402  (the engine every explorer is built on)
from .explorers import (
    aid_explorer,
    ambassadors_explorer,
    coca_explorer,
    conflicts_explorer,
    opinion_explorer,
    timeline_explorer,
    trade_explorer,
    un_votes_explorer,
    visits_explorer,
)
from .reader import document_reader
from .reading import read_document
from .search import search_documents
from .validation import DataError

__version__ = "0.1.0"
__all__ = [
    "DataError", "Explorer", "Selection", "aid_explorer", "ambassadors_explorer", "check", "coca_explorer", "conflicts_explorer",
        "hint", "opinion_explorer",
    "plots", "progress", "setup_notebook", "show", "timeline_explorer", "trade_explorer", "un_votes_explorer",
    "visits_explorer", "widgets", "cite", "clear_cache", "datasets", "describe", "load", "load_aid", "load_ambassadors",
    "load_coca", "load_conflicts", "load_events", "load_figures", "load_leaders", "load_opinion",
    "load_sources", "load_trade", "load_un_votes", "load_visits", "table_names",
    "document_reader", "load_context", "load_documents", "load_event_documents", "read_document", "search_documents",
]
