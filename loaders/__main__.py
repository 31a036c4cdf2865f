"""`python -m loaders ...`: see loaders.commands.cli."""

import sys

from loaders.commands.cli import main

sys.exit(main())
