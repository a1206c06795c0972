"""Carriers' rounds: each planning carrier's day as a vehicle-routing problem (PyVRP).

`region` places other towns and builds road distances, `receiving` gives shops' receiving
hours, `plan` builds and solves one carrier-day, `cache` reuses plans whose inputs are
unchanged, `feasibility` checks a plan without the solver, and `build` turns plans into the
tours the simulation runs. See docs/rounds.md for the picture in plain words.
"""
