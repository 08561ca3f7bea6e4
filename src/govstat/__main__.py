"""``python -m govstat``."""

import os
import sys

from govstat.interrupt import Interrupted, raise_on_signals

raise_on_signals()  # a Ctrl-C while the command line loads ends as quietly as one later
try:
    from govstat.cli import main
except Interrupted as stopped:
    sys.stderr.write(
        "govstat: interrupted\n" if os.environ.get("GOVSTAT_LANG") == "en" else "govstat: 已中断\n"
    )
    sys.exit(stopped.exit_status)

main()
