"""The computations behind the charts and explorers, one definition each: agreement at the UN,
aid by group, the years of the Trade Promotion Agreement.

>>> from peru_us import load_un_votes
>>> agreement_by_year(load_un_votes()).columns.tolist()
['year', 'both_voted', 'agreed', 'agreement_pct']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import arguments
from .data import load_events

DOLLAR_COLUMNS = {"constant": "obligations_constant_2020_usd", "current": "obligations_current_usd"}
AID_SPLITS = ("category", "agency", "account", "publication_row")


def voted_alike(votes: pd.DataFrame) -> pd.DataFrame:
    """The roll calls where both countries voted, with a column `agreed`: True where they voted the
    same way. The one definition of agreement that every UN chart and table uses.

    >>> votes = pd.DataFrame({"us_vote": ["yes", "no", None], "peru_vote": ["yes", "yes", "no"]})
    >>> voted_alike(votes)["agreed"].tolist()
    [True, False]
    """
    arguments.table("votes", votes, ["us_vote", "peru_vote"], "peru_us.load_un_votes()")
    both = votes.dropna(subset=["us_vote", "peru_vote"])
    return both.assign(agreed=both["us_vote"].astype(str) == both["peru_vote"].astype(str))


def _share(table: pd.DataFrame) -> pd.DataFrame:
    table["agreement_pct"] = (100 * table["agreed"] / table["both_voted"]).round(1)
    return table


def agreement_by_year(votes: pd.DataFrame, alike: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year: roll calls where both countries voted, and the share where they voted the same.
    `alike`: voted_alike(votes), if already computed."""
    arguments.table("votes", votes, ["date"], "peru_us.load_un_votes()")
    both = voted_alike(votes) if alike is None else alike
    table = (pd.DataFrame({"year": both["date"].dt.year, "agreed": both["agreed"]})
             .groupby("year").agg(both_voted=("agreed", "size"), agreed=("agreed", "sum")).reset_index())
    return _share(table)


def issues_of(votes: pd.DataFrame) -> list[str]:
    """The issue names used in the UN votes table (a roll call can have several, joined by '; ').

    >>> issues_of(pd.DataFrame({"issue": ["Human rights; Colonialism", None, "Colonialism"]}))
    ['Colonialism', 'Human rights']
    """
    arguments.table("votes", votes, ["issue"], "peru_us.load_un_votes()")
    return sorted(set(votes["issue"].dropna().astype(str).str.split("; ").explode()))


def agreement_by_issue(votes: pd.DataFrame, alike: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of roll calls with the same vote, per issue (a roll call counts once per issue).
    `alike`: voted_alike(votes), if already computed."""
    return by_issue(issue_pairs(voted_alike(votes) if alike is None else alike))


def issue_pairs(alike: pd.DataFrame) -> pd.DataFrame:
    """One row per roll call and issue (index: the roll call's label), with `agreed`.

    >>> issue_pairs(voted_alike(pd.DataFrame({"us_vote": ["yes"], "peru_vote": ["no"], "issue": ["A; B"]})))
      issue  agreed
    0     A   False
    0     B   False
    """
    with_issue = alike.dropna(subset=["issue"])
    issues = with_issue["issue"].astype(str).str.split("; ")
    counts = issues.str.len().to_numpy()
    return pd.DataFrame({"issue": np.concatenate(issues.to_numpy()) if len(issues) else np.array([], dtype=object),
                         "agreed": np.repeat(with_issue["agreed"].to_numpy(), counts)},
                        index=np.repeat(with_issue.index.to_numpy(), counts))


def by_issue(pairs: pd.DataFrame) -> pd.DataFrame:
    """The agreement table of issue_pairs() (or a subset of its rows)."""
    table = pairs.groupby("issue").agg(both_voted=("agreed", "size"), agreed=("agreed", "sum")).reset_index()
    return _share(table).sort_values("agreement_pct")


def aid_table(aid: pd.DataFrame, by: str = "category", dollars: str = "constant", top: int = 6) -> pd.DataFrame:
    """Obligations in million USD by fiscal year (rows) and group (columns, the `top` largest then
    'other'); the 1976 transition quarter is left out.

    >>> from peru_us import load_aid
    >>> aid_table(load_aid(), dollars="euros")
    Traceback (most recent call last):
    ValueError: dollars='euros' is not allowed; use 'constant' or 'current'
    """
    arguments.table("aid", aid, ["fiscal_year", "transition_quarter"], "peru_us.load_aid()")
    by = arguments.choice("by", by, [c for c in AID_SPLITS if c in aid.columns])
    column = DOLLAR_COLUMNS[arguments.choice("dollars", dollars, DOLLAR_COLUMNS)]
    top = arguments.integer("top", top, minimum=1)
    arguments.table("aid", aid, [column], "peru_us.load_aid()")
    rows = aid[~aid["transition_quarter"].fillna(False).astype(bool)]
    table = rows.groupby(["fiscal_year", by], observed=True)[column].sum().unstack(fill_value=0) / 1e6
    order = table.sum().sort_values(ascending=False).index
    if len(order) > top:
        table = pd.concat([table[order[:top]], table[order[top:]].sum(axis=1).rename("other")], axis=1)
    return table


TPA_EVENTS = {"TPA signed": "2006-tpa-signed", "TPA in force": "2009-tpa-enters-into-force"}


def tpa_years(events: pd.DataFrame | None = None) -> dict[str, int]:
    """Years of the Trade Promotion Agreement's signature and entry into force, from the events
    table (the course's, if not given); an event missing from `events` is left out.

    >>> tpa_years()
    {'TPA signed': 2006, 'TPA in force': 2009}
    """
    events = load_events() if events is None else events
    arguments.table("events", events, ["event_id", "date"], "peru_us.load_events()")
    dates = events.set_index("event_id")["date"]
    return {label: int(dates[event_id].year) for label, event_id in TPA_EVENTS.items() if event_id in dates.index}

