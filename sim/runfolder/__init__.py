"""The run folder: what one run leaves on disk, and the one place that writes and reads it.

- `layout`: the names of its files (summary.json, kpis.csv, scenario.resolved.yaml, tables/,
  figures/, gates.gpkg, run.log, events.parquet, .venster-files)
- `summary`: summary.json as a typed record (RunSummary), written and read by everyone
- `write`: writing a folder atomically, and the rules on what a run may replace
- `read`: reading a folder's KPIs and summary (compare, report, workbook)
- `runlog`, `provenance`: run.log, and the versions behind the numbers
- `gpkg`, `gate_hours`: gates.gpkg, the counts per gate and hour for GIS tools

It stands above sim.runner (it writes a RunResult) and below sim.batch and sim.deliver (which
write and read run folders); it imports neither. The figures are drawn by the delivery layer
and handed in as a function, since they need matplotlib.
"""
