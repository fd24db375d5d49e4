"""How fast the course opens, runs and reacts, measured side by side with the floor that Python
and Jupyter set. Not part of the test suite: run it with `python3 course.py bench`.

    python benchmarks/run.py [--runs 5] [--changes 60] [--out build/benchmarks.json]

Every figure is the median of --runs runs (explorer latencies: p50 and p95 over --changes changes).
1. floor      a bare kernel that starts and imports pandas, matplotlib.pyplot and ipywidgets,
              executed through nbclient like a lesson (floor and lessons alternate, round by round)
2. lessons    each lesson executed through nbclient: wall time and ratio to the floor
3. import     `import peru_us` in a fresh process, beyond the floor's imports; loading every table once
4. explorers  latency from setting a control's value to the redrawn chart and table
5. memory     peak resident memory (VmHWM) of the kernel process while it runs each lesson (Linux)
6. breakdown  where the time beyond the floor goes: the floor padded to a lesson's number of code
              cells (Jupyter's cost per cell), and every lesson with no chart drawn
7. rebuilds   what re-running a cell that builds an explorer costs a kernel: --rebuilds runs of the
              same cell, sent as JupyterLab sends them (with the cell's id), after a few to warm up;
              resident memory (VmRSS, after a full collection) and live widgets, before and after

    python benchmarks/run.py --only explorers,rebuilds   # the explorer figures alone (about a minute)
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FLOOR_CODE = "import pandas, matplotlib.pyplot, ipywidgets"
TARGETS = {"course_vs_floor": 1.5, "explorer_p95_ms": 60, "import_ms": 300, "load_all_ms": 100, "kernel_rss_mb": 200,
           "rebuild_mb_per_100": 20}
PARTS = ("import", "explorers", "rebuilds", "notebooks", "documents")


def execute(nb) -> tuple[float, float | None]:
    """Run a notebook in a fresh kernel; return (seconds, kernel peak RSS in MB)."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        peak = kernel_peak_rss(client)
    return time.perf_counter() - start, peak


def kernel_peak_rss(client) -> float | None:
    try:
        pid = client.km.provisioner.process.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (AttributeError, OSError):
        return None
    return None


def floor_notebook(empty_cells: int = 0, frozen: bool = False):
    """The floor: one cell of imports; with `empty_cells` more cells of `pass`, what Jupyter itself
    costs for a notebook of that many cells; `frozen`: the imports' objects frozen afterwards, as
    peru_us.setup_notebook() does in every lesson (for comparison only: the floor is a bare kernel)."""
    import nbformat

    first = FLOOR_CODE + ("\nimport gc; gc.freeze()" if frozen else "")
    cells = [nbformat.v4.new_code_cell(first)] + [nbformat.v4.new_code_cell("pass") for _ in range(empty_cells)]
    return nbformat.v4.new_notebook(cells=cells,
                                    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}})


# Injected after a lesson's first code cell to measure the same lesson with no chart drawn:
# explorers build their widgets and tables but draw nothing, and figures are never rendered to PNG.
CHARTS_OFF = """
import matplotlib.pyplot as _plt, peru_us.explorer as _explorer
_explorer.Explorer._paint = lambda self, selection, values: None
get_ipython().display_formatter.formatters["image/png"].enabled = False
_plt.show = lambda *args, **kwargs: _plt.close("all")
"""


def charts_off(nb):
    import nbformat

    first = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
    nb.cells.insert(first + 1, nbformat.v4.new_code_cell(CHARTS_OFF))
    return nb


def code_cells(nb) -> int:
    return sum(cell.cell_type == "code" for cell in nb.cells)


def bench_notebooks(runs: int) -> dict:
    """Floor and lessons measured side by side: each round runs the floor, every lesson, the floor
    padded with empty cells and every lesson with its charts switched off, so that a change in the
    machine's load affects all alike; the figures are medians over rounds. The last two say where
    the time beyond the floor goes: Jupyter's cost per cell, and drawing the charts."""
    import nbformat

    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    read = lambda p: nbformat.read(p, as_version=4)  # noqa: E731
    cells = round(statistics.mean(code_cells(read(p)) for p in paths))
    plan = ([("floor", floor_notebook)] + [(p.stem, lambda p=p: read(p)) for p in paths]
            + [("floor_cells", lambda: floor_notebook(cells - 1)), ("floor_frozen", lambda: floor_notebook(frozen=True))]
            + [(f"{p.stem} charts off", lambda p=p: charts_off(read(p))) for p in paths])
    times = {name: [] for name, _ in plan}
    peaks = {name: [] for name in times}
    for _ in range(runs):
        for name, make in plan:
            seconds, rss = execute(make())
            times[name].append(seconds)
            if rss is not None:
                peaks[name].append(rss)
    floor = statistics.median(times["floor"])
    med = lambda name: statistics.median(times[name])  # noqa: E731
    peak = lambda name: round(max(peaks[name]), 1) if peaks[name] else None  # noqa: E731
    lessons = {p.stem: {"seconds": round(med(p.stem), 2), "ratio_to_floor": round(med(p.stem) / floor, 2),
                        "kernel_peak_rss_mb": peak(p.stem)} for p in paths}
    per_round = [sum(times[p.stem][r] for p in paths) / (times["floor"][r] * len(paths)) for r in range(runs)]
    return {"floor_seconds": round(floor, 2), "floor_kernel_peak_rss_mb": peak("floor"), "lessons": lessons,
            "course_ratio_per_round": [round(x, 2) for x in per_round],
            "breakdown": {"code_cells_per_lesson": cells,
                          "floor_with_cells_seconds": round(med("floor_cells"), 2),
                          "floor_frozen_seconds": round(med("floor_frozen"), 2),
                          "charts_off_seconds": round(sum(med(f"{p.stem} charts off") for p in paths), 2)}}


IMPORT_PROBE = f"""
import time
t0 = time.perf_counter(); {FLOOR_CODE}
t1 = time.perf_counter(); import peru_us
t2 = time.perf_counter(); [peru_us.load(n) for n in peru_us.table_names() if n not in peru_us.documents.TABLES]
t3 = time.perf_counter(); print(t1 - t0, t2 - t1, t3 - t2)
"""


def bench_import(runs: int) -> dict:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True, cwd=ROOT)
        samples.append([float(x) for x in out.stdout.split()])
    floor, extra, load = (statistics.median(s[i] for s in samples) for i in range(3))
    return {"floor_imports_ms": round(floor * 1000, 1), "import_peru_us_ms": round(extra * 1000, 1),
            "load_all_tables_ms": round(load * 1000, 1)}


def control_values(control) -> list:
    """A cycle of values to set on a control, each different from the previous one."""
    name = type(control).__name__
    if name == "IntRangeSlider":
        lo, hi = control.min, control.max
        span = max(1, (hi - lo) // 4)
        return [(lo + i % 3 * span, hi - i % 2 * span) for i in range(6)]
    if name in ("Dropdown", "ToggleButtons"):
        return list(control.options)
    if name == "SelectMultiple":
        options = list(control.options)
        return [tuple(options[: i + 1]) for i in range(len(options))]
    if name == "Checkbox":
        return [True, False]
    if name == "Text":
        return ["treaty", "", "visit", "coca", ""]
    raise ValueError(f"no values to try for a {name}")


def bench_explorers(changes: int, skip=()) -> dict:
    import peru_us

    peru_us.setup_notebook()  # as at the top of every lesson
    names = [n for n in dir(peru_us.widgets) if n.endswith("_explorer") and n not in skip]
    results = {}
    for name in names:
        explorer = getattr(peru_us.widgets, name)()
        timings = []
        controls = list(explorer.controls.values())
        plan = [(c, v) for c in controls for v in control_values(c)]
        if len({v for _, v in plan}) < 2:
            raise SystemExit(f"{name}: its controls offer nothing to change (is its table empty?)")
        i = 0
        while len(timings) < changes:
            control, value = plan[i % len(plan)]
            i += 1
            if control.value == value:
                continue
            start = time.perf_counter()
            control.value = value  # observers redraw synchronously
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        results[name] = {"p50_ms": round(statistics.median(timings), 1),
                         "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1), "changes": len(timings)}
    return results


REBUILD_SETUP = "import gc, ipywidgets, peru_us\nperu_us.setup_notebook()"
WIDGETS_ALIVE = "print(len(ipywidgets.widgets.widget._instances))"


def run_cell(client, code: str, cell_id: str | None = None) -> str:
    """Execute `code` as a notebook front end does (JupyterLab sends the cell's id in the request's
    metadata); wait until the kernel is idle again; return what it printed (and any traceback)."""
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
               "stop_on_error": True}
    message = client.session.msg("execute_request", content, metadata={"cellId": cell_id} if cell_id else {})
    client.shell_channel.send(message)
    parent, printed = message["header"]["msg_id"], []
    while True:
        reply = client.get_iopub_msg(timeout=120)
        if reply["parent_header"].get("msg_id") != parent:
            continue
        kind = reply["msg_type"]
        if kind == "stream":
            printed.append(reply["content"]["text"])
        elif kind == "error":
            printed.append("\n".join(reply["content"]["traceback"]))
        elif kind == "status" and reply["content"]["execution_state"] == "idle":
            break
    client.get_shell_msg(timeout=120)
    return "".join(printed)


def kernel_rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmRSS")


def bench_rebuilds(rebuilds: int, explorer: str = "trade_explorer", warm_up: int = 5, cell_id: str | None = "cell-1") -> dict:
    """Resident memory and live widgets a kernel gains when one cell building `explorer` runs
    `rebuilds` times (as a student re-runs a cell); cell_id=None sends no id (nbclient, old front ends)."""
    from jupyter_client import KernelManager

    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(NOTEBOOKS))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        pid = manager.provisioner.process.pid
        problem = run_cell(client, REBUILD_SETUP)
        cell = f"peru_us.{explorer}()"
        for _ in range(warm_up):
            problem += run_cell(client, cell, cell_id)
        run_cell(client, "gc.collect()")
        before, widgets_before = kernel_rss(pid), int(run_cell(client, WIDGETS_ALIVE))
        start = time.perf_counter()
        for _ in range(rebuilds):
            problem += run_cell(client, cell, cell_id)
        seconds = time.perf_counter() - start
        run_cell(client, "gc.collect()")
        after, widgets_after = kernel_rss(pid), int(run_cell(client, WIDGETS_ALIVE))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    if problem.strip():
        raise SystemExit(f"rebuilding {explorer} printed or raised:\n{problem}")
    return {"explorer": explorer, "rebuilds": rebuilds, "cell_id_sent": cell_id is not None,
            "rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1), "added_mb": round(after - before, 1),
            "added_mb_per_100": round((after - before) * 100 / rebuilds, 1),
            "widgets_before": widgets_before, "widgets_after": widgets_after, "ms_per_build": round(seconds * 1000 / rebuilds, 1)}


def report(results: dict) -> str:
    """The tables and the verdict on each target, for the parts that were measured."""
    lines, verdicts = [f"Machine: {results['machine']}"], {}
    if "notebooks" in results:
        lines += notebook_tables(results["notebooks"], verdicts)
    if "import" in results:
        imp = results["import"]
        lines += ["", "| start-up | ms | target |", "|---|---|---|",
                  f"| floor imports (pandas, matplotlib.pyplot, ipywidgets) | {imp['floor_imports_ms']} | |",
                  f"| `import peru_us` beyond the floor | {imp['import_peru_us_ms']} | ≤ {TARGETS['import_ms']} |",
                  f"| load every table once (the documents load only when asked: see below) "
                  f"| {imp['load_all_tables_ms']} | ≤ {TARGETS['load_all_ms']} |"]
        verdicts["import ≤ 300 ms beyond floor"] = imp["import_peru_us_ms"] <= TARGETS["import_ms"]
        verdicts["load all tables ≤ 100 ms"] = imp["load_all_tables_ms"] <= TARGETS["load_all_ms"]
    if "explorers" in results:
        ex = results["explorers"]
        lines += ["", "| explorer | p50 (ms) | p95 (ms) | changes |", "|---|---|---|---|"]
        lines += [f"| {k} | {v['p50_ms']} | {v['p95_ms']} | {v['changes']} |" for k, v in ex.items()]
        verdicts[f"every explorer p95 ≤ {TARGETS['explorer_p95_ms']} ms"] = all(
            v["p95_ms"] <= TARGETS["explorer_p95_ms"] for v in ex.values())
    if "rebuilds" in results:
        lines += ["", "| one cell re-run (kernel through jupyter_client) | runs | kernel RSS added (MB) | per 100 runs (MB) "
                  "| live widgets before → after | ms per run |", "|---|---|---|---|---|---|"]
        for r in results["rebuilds"]:
            how = "with the cell's id, as JupyterLab sends it" if r["cell_id_sent"] else "without a cell id (nbclient)"
            lines.append(f"| `peru_us.{r['explorer']}()`, {how} | {r['rebuilds']} | {r['added_mb']} | {r['added_mb_per_100']} "
                         f"| {r['widgets_before']} → {r['widgets_after']} | {r['ms_per_build']} |")
        verdicts[f"rebuilt explorer ≤ {TARGETS['rebuild_mb_per_100']} MB per 100 runs"] = all(
            r["added_mb_per_100"] <= TARGETS["rebuild_mb_per_100"] for r in results["rebuilds"])
    if "documents" in results:
        import bench_documents

        table, _, targets = bench_documents.report(results["documents"]).partition("\n\nTargets: ")
        lines += ["", table]
        verdicts.update((v.rsplit(": ", 1)[0], v.endswith(": met")) for v in targets.split("; "))
    lines += ["", "Targets: " + "; ".join(f"{k}: {'met' if ok else 'MISSED'}" for k, ok in verdicts.items())]
    return "\n".join(lines)


def notebook_tables(nb: dict, verdicts: dict) -> list[str]:
    total = sum(v["seconds"] for v in nb["lessons"].values())
    budget = TARGETS["course_vs_floor"] * nb["floor_seconds"] * len(nb["lessons"])
    lines = ["", "| lesson | wall time (s) | × floor | kernel peak RSS (MB) |", "|---|---|---|---|",
             f"| floor (kernel + pandas, matplotlib, ipywidgets) | {nb['floor_seconds']} | 1.00 "
             f"| {nb['floor_kernel_peak_rss_mb']} |"]
    lines += [f"| {k} | {v['seconds']} | {v['ratio_to_floor']} | {v['kernel_peak_rss_mb']} |" for k, v in nb["lessons"].items()]
    n, floor, b = len(nb["lessons"]), nb["floor_seconds"], nb["breakdown"]
    rounds = nb["course_ratio_per_round"]
    frozen, padded, off = b["floor_frozen_seconds"], b["floor_with_cells_seconds"], b["charts_off_seconds"]
    lines += [f"| **whole course** | {total:.2f} | {total / floor / n:.2f} (target ≤ {TARGETS['course_vs_floor']}; "
              f"{min(rounds):.2f}–{max(rounds):.2f} over the {len(rounds)} rounds) | |",
              "", "Where the time beyond the floor goes (same rounds):", "",
              "| measured | wall time (s) | × floor |", "|---|---|---|",
              f"| floor with its imports frozen (`gc.freeze()`, as every lesson's set-up does), × {n} | "
              f"{frozen * n:.2f} | {frozen / floor:.2f} |",
              f"| floor with {b['code_cells_per_lesson']} code cells (a lesson's average) instead of 1, × {n} | "
              f"{padded * n:.2f} | {padded / floor:.2f} |",
              f"| the lessons with no chart drawn (explorers build their widgets, figures are not rendered) | "
              f"{off:.2f} | {off / floor / n:.2f} |",
              f"| the lessons as they are | {total:.2f} | {total / floor / n:.2f} |"]
    verdicts["course ≤ 1.5 × floor"] = total <= budget
    verdicts["kernel peak RSS ≤ 200 MB per lesson"] = all((v["kernel_peak_rss_mb"] or 0) <= TARGETS["kernel_rss_mb"]
                                                          for v in nb["lessons"].values())
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the course")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--rebuilds", type=int, default=100, help="runs of a cell that builds an explorer")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts to measure: {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "benchmarks.json")
    args = parser.parse_args()
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    import matplotlib

    matplotlib.use("Agg")
    results = {"machine": machine(), "runs": args.runs, "date": time.strftime("%Y-%m-%d")}
    if "import" in parts:
        results["import"] = bench_import(args.runs)
    if "explorers" in parts:
        results["explorers"] = bench_explorers(args.changes)
    if "rebuilds" in parts:
        results["rebuilds"] = [bench_rebuilds(args.rebuilds), bench_rebuilds(args.rebuilds, cell_id=None)]
    if "notebooks" in parts:
        results["notebooks"] = bench_notebooks(args.runs)
    if "documents" in parts:
        import bench_documents  # the documents' own benchmark, in benchmarks/ beside this file

        results["documents"] = {"cold": bench_documents.bench_cold(args.runs), "search": bench_documents.bench_search(),
                                "reader": bench_documents.bench_reader(args.changes)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
