"""What a run folder holds, by name (DESIGN.md's run-folder contract).

Writers (sim.runfolder.write, the figures, the report's figure copies) and readers (compare,
the report, the workbook) take the names from here, so a file is renamed in one place.
"""

from __future__ import annotations

SUMMARY = "summary.json"  # who ran what, per KPI mean and 95% interval (sim.runfolder.summary)
KPIS_CSV = "kpis.csv"  # one row per replication
RESOLVED = "scenario.resolved.yaml"  # everything the run used, defaults filled in
TABLES = "tables"  # the breakdowns (sim.measure.breakdowns), one CSV each
FIGURES = "figures"  # drawn by the delivery layer, if asked for
GATES_GPKG = "gates.gpkg"  # per-gate counts by hour for GIS tools (sim.runfolder.gpkg)
RUN_LOG = "run.log"  # what the run did (sim.runfolder.runlog)
EVENTS = "events.parquet"  # the event log, on request
FILES_LIST = ".venster-files"  # every file a run wrote, one relative path a line

# What a run folder holds at its top level; anything else was put there by someone else.
OWN = frozenset({SUMMARY, KPIS_CSV, RESOLVED, EVENTS, TABLES, FIGURES, GATES_GPKG, RUN_LOG,
                 FILES_LIST})
REPORT_FIGURES = f"{FIGURES}/report/"  # `venster report` saves its figures here: also venster's
