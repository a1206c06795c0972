"""The full report of a variant from the page: base and variant as run folders, then the HTML
report that compares them (the same report `venster report` writes).

Everything goes into the page's output folder under the variant's sanitised name:
`<name>-base/`, `<name>/` (run folders, no figures) and `<name>-report.html` with its figures.
"""

from __future__ import annotations

from pathlib import Path

from sim.app.logic import Base, Choices, safe_file_name


def full_report(base: Base, choices: Choices, out: str, name: str, lang: str = "nl") -> Path:
    """Simulate base and variant with their events, write both run folders and the report;
    return the report's path (inside `out`)."""
    from sim.deliver.report.build import build_report
    from sim.runfolder.write import write_run_folder
    from sim.runner import run

    folder = Path(out).resolve()
    safe = safe_file_name(name)
    variant = base.variant(choices).model_copy(update={"name": safe})
    reference = base.reference(choices)
    reps = max(2, choices.replications)  # a report compares only runs with intervals
    paths = []
    for sc, sub in ((reference, f"{safe}-base"), (variant, safe)):
        result = run(sc, sc.seed, replications=reps, geo=base.geo, keep_events=True)
        paths.append(write_run_folder(result, folder / sub))
    report, _ = build_report(paths, folder / f"{safe}-report.html", lang=lang)
    return report
