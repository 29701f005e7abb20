"""Briefing Bot's retrieval core: documents in, cited answers out. Never imports discord."""
