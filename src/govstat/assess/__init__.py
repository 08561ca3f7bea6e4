"""``govstat assess``: the assessor's and the compiling office's view of many reports.

Over the public library (:mod:`govstat.api`, :mod:`govstat.bulk`, :mod:`govstat.compile`):
:mod:`.collect` reads every report in worker processes, :mod:`.units` tells who and when,
:mod:`.pairs` runs the forms' carry-over rules on consecutive years, :mod:`.jumps` (A-01),
:mod:`.sameness` (A-02…A-04), :mod:`.completeness` (A-05…A-09), :mod:`.indicators` and
:mod:`.rankings`; :mod:`.run` puts them together into an :class:`~.model.Assessment` (with
the list of units: A-10 missing years, A-11 a parent against its children; A-12, A-13 who
and when), which :mod:`.outputs` prints as text, JSON, xlsx or html. The rules are data in
:mod:`.rules`, every threshold in :mod:`.settings`.
"""

from __future__ import annotations

from govstat.assess.run import assess

__all__ = ["assess"]
