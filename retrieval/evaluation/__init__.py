"""Evaluation: a corpus folder and a question file in; retrieval and answer metrics (and baselines) out.

The `eval` command, its metrics, and the baselines it compares against."""
