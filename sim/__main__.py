"""`python -m sim` is the same as the `venster` command."""

from sim.cli.main import main

raise SystemExit(main())
