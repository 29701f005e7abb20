"""The eval command (placeholder until the evaluation issue lands)."""

from __future__ import annotations

import argparse

from retrieval.settings import Settings


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", required=True)


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    raise NotImplementedError
