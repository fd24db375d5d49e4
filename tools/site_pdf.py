"""Print the site's handouts, answer sheets and teacher's guides to PDF (stub)."""
from __future__ import annotations


def pdf_list() -> list[tuple[str, str]]:
    return []


def print_all(site):
    return []
