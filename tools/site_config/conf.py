"""Sphinx configuration of the course's static site (tools/site_build.py copies it into the source tree).

Everything the pages load is on the site itself: the widget JavaScript is vendored from npm into
_static/widgets/ (myst-nb's default loads it from CDNs), there are no web fonts and no MathJax (the
lessons have no formulas; a "$" is money), and search is Sphinx's own, which runs in the page.
"""
import os

project = "Peru and the United States, 1826 to today"
author = "the course's authors"
copyright = "the course's authors; each source keeps its own licence"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# The lessons are executed and committed with their outputs: show those, never run anything.
nb_execution_mode = "off"
nb_merge_streams = True
nb_output_stderr = "remove"
# The widget JavaScript, vendored (see tools/site_build.py): embed.js renders the saved widget state
# without require.js. Loaded only on pages whose notebook has widget state.
nb_ipywidgets_js = {"widgets/embed.js": {}}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# quotations and documents are shown as written: no curly quotes or dashes made from straight ones
smartquotes = False
suppress_warnings = ["mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_title = "Peru and the United States"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_js_files = ["site.js"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_source_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "home_page_in_toc": True,
    "extra_footer": "",
    # no light/dark switch: the charts are drawn on white
    "navbar_end": [],
    # the sidebar lists pages without expandable sub-lists (their toggles have no accessible name)
    "collapse_navigation": True,
}
html_context = {"default_mode": "light"}

# Set by tools/site_build.py: "student" leaves the teacher's kit and the solutions out.
SITE_KIND = os.environ.get("PERU_US_SITE_KIND", "teacher")
if SITE_KIND == "student":
    html_title += " (student edition)"
