"""`venster search`: the window options no other option clearly beats.

- `spec`: the search file (pydantic) and its JSON Schema
- `space`: decisions -> factors and levels -> options -> scenarios
- `store`: the search folder's records, and the evaluator that runs what is missing on batch's
  backends (processes or Dask) with common random numbers
- `stats`: paired intervals and "clearly dominated"
- `optimise`: Optuna's NSGA-II for spaces too large to enumerate
- `engine`: the race (replications where they decide something), resumable
- `outcome`: each option's status, what the outputs are written from
- `outputs`, `words`: search.csv, pareto.csv, the front figure, the summaries (nl, en)

A delivery-layer package: it runs batch tasks and draws with the report's words; nothing
below it imports it. The command is in sim/cli/search.py.
"""
