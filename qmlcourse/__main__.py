"""`python -m qmlcourse` runs the command line."""

import sys

from qmlcourse.cli import main

sys.exit(main())
