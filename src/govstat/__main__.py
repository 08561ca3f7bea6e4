"""``python -m govstat``."""

from govstat.cli import main

main()
