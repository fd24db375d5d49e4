"""How fast the static site builds and how heavy and quick its pages are. Not part of the test suite:

    python benchmarks/bench_site.py [--runs 3] [--out build/bench_site.json] [--no-build]

1. build      a fresh build of both editions (build/site and build/site-student emptied first),
              then the 27 PDFs, each timed (as `python3 course.py site` runs them)
2. weight     every lesson page of the teacher's edition, with every resource it loads (scripts,
              styles, fonts, images): bytes as served by a plain static server, and bytes after gzip
              (what a web host that compresses, such as GitHub Pages, sends)
3. load       DOMContentLoaded and load of every lesson page and of a few others, from a loopback
              server in headless Chromium with an empty cache (median of --runs)
Targets: build <= 180 s on a 2-core machine, page weight <= 3 MB, DOMContentLoaded <= 1.5 s.
"""
from __future__ import annotations

import argparse
import gzip
import json
import platform
import shutil
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGETS = {"build_seconds": 180, "page_mb": 3.0, "dom_content_loaded_s": 1.5}
OTHER_PAGES = ["index.html", "timeline.html", "data/dictionary.html", "documents/frus1864p4-d36.html", "teacher/README.html"]


def bench_build() -> dict:
    from tools import site_build, site_pdf

    for folder in ("site", "site-student", "site-src", "site-src-student", "site-src-doctrees", "site-src-student-doctrees"):
        shutil.rmtree(ROOT / "build" / folder, ignore_errors=True)
    t0 = time.perf_counter()
    teacher = site_build.build(student=False)
    t1 = time.perf_counter()
    student = site_build.build(student=True)
    t2 = time.perf_counter()
    pdfs = site_pdf.print_all(teacher, student)
    t3 = time.perf_counter()
    return {"teacher_s": round(t1 - t0, 1), "student_s": round(t2 - t1, 1), "pdf_s": round(t3 - t2, 1), "pdfs": len(pdfs),
            "total_s": round(t3 - t0, 1)}


def measure_pages(site: Path, names: list[str], runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tools.site_pdf import CHROMIUM, CHROMIUM_FLAGS, serve, wait_rendered

    out = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name in names:
            timings, urls = [], set()
            for _ in range(runs):
                context = browser.new_context()  # empty cache every run
                page = context.new_page()
                page.on("requestfinished", lambda r: urls.add(r.url))
                page.goto(f"{base}/{name}", wait_until="load")
                wait_rendered(page)
                nav = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                                    " return [n.domContentLoadedEventEnd, n.loadEventEnd]; }")
                timings.append(nav)
                context.close()
            raw = zipped = 0
            for url in urls:
                if not url.startswith("http://127.0.0.1"):
                    continue
                body = urllib.request.urlopen(url).read()
                raw += len(body)
                zipped += len(gzip.compress(body, 6))
            out[name] = {"mb": round(raw / 1e6, 2), "gzip_mb": round(zipped / 1e6, 2), "resources": len(urls),
                         "dom_content_loaded_s": round(statistics.median(t[0] for t in timings) / 1000, 3),
                         "load_s": round(statistics.median(t[1] for t in timings) / 1000, 3)}
        browser.close()
    return out


def report(results: dict) -> str:
    lines = [f"Site benchmark on {results['machine']}", ""]
    if "build" in results:
        b = results["build"]
        lines += [f"build (fresh): teacher's edition {b['teacher_s']} s, student edition {b['student_s']} s, "
                  f"{b['pdfs']} PDFs {b['pdf_s']} s; total {b['total_s']} s "
                  f"({'ok' if b['total_s'] <= TARGETS['build_seconds'] else 'OVER'} target {TARGETS['build_seconds']} s)", ""]
    lines += ["| page | MB | MB gzip | resources | DOMContentLoaded s | load s |", "|---|---|---|---|---|---|"]
    for name, m in results["pages"].items():
        flag = "" if m["mb"] <= TARGETS["page_mb"] and m["dom_content_loaded_s"] <= TARGETS["dom_content_loaded_s"] else " (over)"
        lines.append(f"| {name}{flag} | {m['mb']} | {m['gzip_mb']} | {m['resources']} "
                     f"| {m['dom_content_loaded_s']} | {m['load_s']} |")
    lines += ["", f"Targets: build <= {TARGETS['build_seconds']} s, page <= {TARGETS['page_mb']} MB, "
              f"DOMContentLoaded <= {TARGETS['dom_content_loaded_s']} s."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="measure the pages of the site already in build/site")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench_site.json")
    args = parser.parse_args()
    results = {"machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}"}
    if not args.no_build:
        results["build"] = bench_build()
    site = ROOT / "build" / "site"
    lessons = [f"notebooks/{p.stem}.html" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    results["pages"] = measure_pages(site, lessons + OTHER_PAGES, args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(report(results))


if __name__ == "__main__":
    main()
