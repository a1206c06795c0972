"""The `venster` command line: argument parsing, progress and console output, nothing else.

- `main`: the parser, the one exit path (bad input -> a message and exit status 2)
- `run`: run, validate, map, years
- `batch`: batch, compare
- `report`, `export`: the report and the workbook
- `starter`: init (a planner's own copy of the scenarios) and schema
- `argtypes`, `estimate`, `kpi_table`: argument types, the cost of a run before it starts,
  the KPI table printed after it

The top floor: it imports the run folder, batch and delivery layers, and none of them imports
it. The Python API for notebooks is `sim.run` and `sim.batch`, not this package.
"""
