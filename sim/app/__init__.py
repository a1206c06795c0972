"""`venster app`: the local what-if page.

- `logic`: choices -> variant scenario, paired replications, saving a variant (no framework)
- `worker`: the process that simulates, so the page stays responsive
- `page`: the Shiny page, its table, chart and map
- `reporting`: the full report of a variant
- `words`: the page's words, Dutch and English

The command is in sim/cli/app.py.
"""
