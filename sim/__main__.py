"""`python -m sim` is the same as the `venster` command."""

from sim.deliver.cli import main

raise SystemExit(main())
