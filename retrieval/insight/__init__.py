"""Insight: the question log (what was asked, answered or declined, how fast, what was cited, the votes) in;
usage figures, coverage gaps (declined and "not helpful" questions grouped by topic) and the usage chart out.

The log is a SQLite file in the data folder whose schema grows through `migrations.py`."""
