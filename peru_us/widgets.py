"""The explorers under their earlier module name: ``peru_us.widgets.trade_explorer`` and the rest.

The engine is :mod:`peru_us.explorer` (``Explorer``, ``Selection``), the explorers are in
:mod:`peru_us.explorers`, and the computations they share in :mod:`peru_us.analysis`.

>>> sorted(name for name in dir() if name.endswith("_explorer"))[:2]
['aid_explorer', 'ambassadors_explorer']
"""
from .analysis import agreement_by_issue, issues_of, tpa_years  # noqa: F401
from .explorer import Explorer, Selection, table_html, year_range  # noqa: F401
from .explorers import (  # noqa: F401
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
from .explorers.envoys import envoy_bars, surname  # noqa: F401
