"""`python -m eformkit` runs the command line."""

import sys

from eformkit.cli import main

sys.exit(main())
