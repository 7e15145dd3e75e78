"""``python -m longform``: the command line (see :mod:`longform.cli`)."""

from __future__ import annotations

import sys

from longform.cli import main

sys.exit(main(sys.argv[1:]))
