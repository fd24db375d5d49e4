"""Letting go of explorers a student no longer sees.

ipywidgets keeps every widget (and its comm) alive until it is closed, so each run of a cell that
builds an explorer used to leave the previous one in memory: about 2.5 MB and 24 widgets each,
with the figure and the image buffers. In a notebook the new explorer replaces the old one in
the cell's output, so when a cell builds explorers, :func:`built` closes the ones that an earlier
run of the *same cell* built. Explorers built by the same run are kept (a cell may build several).

A cell is known by the id JupyterLab (and Notebook 7, VS Code) sends with each execution; where
the front end sends none (nbclient, older front ends), by the cell's source text. Outside IPython
(scripts, tests) nothing is closed automatically: call ``explorer.close()``.

One consequence to know: an explorer kept in a variable and shown again in another cell is closed
too when the cell that built it runs again (its view then goes blank); the variable then holds the
new one.

>>> current_cell() is None  # not in IPython here
True
"""
from __future__ import annotations

import hashlib
import sys
import weakref

# cell -> (the run that built them, weak references to the explorers it built)
_BUILT: dict[str, tuple[weakref.ref, list[weakref.ref]]] = {}


def current_cell():
    """(cell key, the current run) while IPython runs a cell, else None."""
    module = sys.modules.get("IPython")
    shell = module.get_ipython() if module is not None and hasattr(module, "get_ipython") else None
    result = getattr(getattr(shell, "displayhook", None), "exec_result", None)
    info = getattr(result, "info", None)
    if info is None:
        return None
    cell = getattr(info, "cell_id", None)
    if not cell:
        source = getattr(info, "raw_cell", None)
        if not source:
            return None
        cell = "source:" + hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()
    return cell, result


def built(explorer) -> None:
    """Register a new explorer; close those built by an earlier run of the same cell."""
    context = current_cell()
    if context is None:
        return
    cell, run = context
    previous = _BUILT.get(cell)
    if previous is not None and previous[0]() is run:
        previous[1].append(weakref.ref(explorer))
        return
    if previous is not None:
        for ref in previous[1]:
            old = ref()
            if old is not None and old is not explorer:
                old.close()
    _BUILT[cell] = (weakref.ref(run), [weakref.ref(explorer)])
    for key in [k for k, (_, refs) in _BUILT.items() if all(r() is None for r in refs)]:
        del _BUILT[key]  # cells whose explorers are all gone
