"""Evidence: the model laid beside what a municipality can observe, and what its results hang on.

- `passage_files`: a run folder's camera passages written as a municipality's log (the
  tables themselves are pure functions of the event log, in sim.measure.passages)
- `params`: parameters to vary (dotted scenario keys with ranges, sourced or assumed)
- `sensitivity`: Morris screening then Sobol indices of headline KPIs, on the batch machinery
- `calibrate`: likelihood-free fit (SMC-ABC) of stated parameters to an hourly camera log
The commands are in sim.cli.evidence (`venster passages`, `sensitivity`, `calibrate`).

This package sits above sim.batch (it runs its designs as batch tasks) and below delivery
(the report reads a sensitivity folder's ranking) and the CLI.
"""
