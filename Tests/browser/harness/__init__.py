"""Helpers of the Parcours browser test suite (build, nginx, Chromium, axe, crawl)."""
