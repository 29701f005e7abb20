"""The Discord layer's figures, through the real discord.py client and the fake Discord on loopback.

    python -m bench.discord_bot [--rounds 20] [--concurrent 50] [--synthetic-chunks 10000]

Time to deferral and time to answer (p50/p95) for one question at a time and for many at once, beside the
core's own `ask` latency (no Discord) from the same run; the largest event-loop lag while idle (baseline)
and during a full re-index of the sample corpus (and, with --synthetic-chunks, of a generated corpus).
Writes the "discord" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.looplag import LoopLag
from bench.report import header, table, write_section
from bench.synthetic import generate
from bot import build_bot
from retrieval import (
    BriefingCore,
    Embedder,
    LazyEmbedder,
    Settings,
)
from tests.fake_discord import FakeDiscord, fake_discord, running_bot
from tests.fake_discord.models import FakeUser

REPO = Path(__file__).resolve().parent.parent

QUESTION = "what does Iran want in Deir ez-Zor?"
ADMIN = "32"


def make_core(root: Path, embedder: Embedder, corpus: Path | None = None) -> BriefingCore:
    target = root / "corpus"
    target.mkdir(parents=True)
    if corpus is None:
        for path in (REPO / "corpus").iterdir():
            if path.is_file():
                shutil.copy(path, target / path.name)
    settings = Settings.from_mapping({}, root).with_overrides(
        corpus_dir=corpus or target, aliases_file=REPO / "corpus" / "_aliases.txt"
    )
    return BriefingCore(settings, embedder=embedder)


def percentiles(values: list[float]) -> tuple[str, str]:
    array = np.array(values) * 1000
    return f"{np.percentile(array, 50):,.0f} ms", f"{np.percentile(array, 95):,.0f} ms"


async def ask_many(fake: FakeDiscord, count: int) -> tuple[list[float], list[float]]:
    records = await asyncio.gather(
        *(
            fake.send_slash_command("ask", {"question": QUESTION}, user=FakeUser(50_000 + n, f"u{n}"))
            for n in range(count)
        )
    )
    edits = await asyncio.gather(*(r.wait_for("edit", timeout=300) for r in records))
    deferrals = [r.callbacks[0].at for r in records]
    return deferrals, [e.at for e in edits]


Lag = tuple[float, float, float]  # worst loop lag, worst gap between heartbeats, seconds


async def full_reindex_lag(fake: FakeDiscord) -> Lag:
    """During a /reindex full:True (the bot builds the new index in a child process)."""
    beats_before = len(fake.heartbeats)
    started = time.perf_counter()
    with LoopLag() as lag:
        record = await fake.send_slash_command("reindex", {"full": True}, member_permissions=ADMIN)
        await record.wait_for(lambda e: "done in" in str(e.data.get("content") or ""), timeout=3600)
    return _lag(fake, beats_before, lag, started)


async def in_process_reindex_lag(fake: FakeDiscord, core: BriefingCore) -> Lag:
    """The baseline: a full re-index in a worker thread of the bot's own process (what /reindex did before)."""
    beats_before = len(fake.heartbeats)
    started = time.perf_counter()
    with LoopLag() as lag:
        await asyncio.to_thread(core.reindex, True, None, "bench (in the bot's process)")
    return _lag(fake, beats_before, lag, started)


def _lag(fake: FakeDiscord, beats_before: int, lag: LoopLag, started: float) -> Lag:
    beats = fake.heartbeats[beats_before:]
    gaps = [b - a for a, b in itertools.pairwise(beats)] or [0.0]
    return lag.worst, max(gaps), time.perf_counter() - started


@dataclass
class Results:
    single_defer: list[float] = field(default_factory=list)
    single_answer: list[float] = field(default_factory=list)
    many_defer: list[float] = field(default_factory=list)
    many_answer: list[float] = field(default_factory=list)
    idle_lag: float = 0.0
    sample_in_process: Lag = (0.0, 0.0, 0.0)
    sample_reindex: Lag = (0.0, 0.0, 0.0)
    synthetic_in_process: Lag | None = None
    synthetic_reindex: Lag | None = None
    synthetic_chunks: int = 0


async def measure(core: BriefingCore, rounds: int, concurrent: int, extra: BriefingCore | None) -> Results:
    results = Results()
    async with fake_discord() as fake:
        settings = core.settings.with_overrides(
            discord_token=fake.token, discord_guild_ids=(fake.guild.id,), cooldown_seconds=0.0, watch_corpus=False
        )
        async with running_bot(fake, build_bot(settings, core, guild_ready_timeout=0.05)):
            await ask_many(fake, 1)  # warm-up
            for _ in range(rounds):
                deferrals, answers = await ask_many(fake, 1)
                results.single_defer += deferrals
                results.single_answer += answers
            results.many_defer, results.many_answer = await ask_many(fake, concurrent)
            with LoopLag() as idle:
                await asyncio.sleep(2.0)
            results.idle_lag = idle.worst
            results.sample_in_process = await in_process_reindex_lag(fake, core)
            results.sample_reindex = await full_reindex_lag(fake)
    if extra is not None:
        async with fake_discord() as fake:
            settings = extra.settings.with_overrides(
                discord_token=fake.token, discord_guild_ids=(fake.guild.id,), watch_corpus=False
            )
            async with running_bot(fake, build_bot(settings, extra, guild_ready_timeout=0.05)):
                results.synthetic_in_process = await in_process_reindex_lag(fake, extra)
                results.synthetic_reindex = await full_reindex_lag(fake)
        results.synthetic_chunks = extra.stats().chunks
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="questions asked one at a time")
    parser.add_argument("--concurrent", type=int, default=50, help="questions dispatched at once")
    parser.add_argument("--synthetic-chunks", type=int, default=0, help="also re-index a generated corpus")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    direct, results = run(args.rounds, args.concurrent, args.synthetic_chunks)
    markdown = report(direct, results, args.rounds, args.concurrent, args.synthetic_chunks)
    print(markdown)
    write_section("discord", markdown)


def run(rounds: int, concurrent: int, synthetic_chunks: int) -> tuple[list[float], Results]:
    """Measure: core.ask without Discord (the baseline), then the bot through the fake Discord."""
    embedder = LazyEmbedder("", Settings.load().embedding_backend)
    embedder.load()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        core = make_core(root / "sample", embedder)
        core.reindex()
        direct = []
        for _ in range(rounds):
            started = time.perf_counter()
            core.ask(QUESTION)
            direct.append(time.perf_counter() - started)
        extra = None
        if synthetic_chunks:
            corpus = root / "synthetic-corpus"
            generate(corpus, synthetic_chunks)
            extra = make_core(root / "synthetic", embedder, corpus)
        return direct, asyncio.run(measure(core, rounds, concurrent, extra))


def _lag_row(what: str, lag: Lag) -> list[object]:
    worst, gap, seconds = lag
    return [what, f"{seconds:.1f} s", f"{worst * 1000:.1f} ms", f"{gap:.2f} s"]


def report(direct: list[float], results: Results, rounds: int, concurrent: int, synthetic_chunks: int) -> str:
    rows: list[list[object]] = [
        ["core.ask, no Discord (baseline)", rounds, "–", "–", *percentiles(direct)],
        ["/ask one at a time", rounds, *percentiles(results.single_defer), *percentiles(results.single_answer)],
        [f"/ask {concurrent} at once", concurrent, *percentiles(results.many_defer), *percentiles(results.many_answer)],
    ]
    lag_rows: list[list[object]] = [["idle (baseline)", "–", f"{results.idle_lag * 1000:.1f} ms", "–"]]
    lag_rows.append(_lag_row("full re-index in the bot's process, sample corpus (before)", results.sample_in_process))
    lag_rows.append(_lag_row("full /reindex (child process), sample corpus", results.sample_reindex))
    if results.synthetic_in_process is not None and results.synthetic_reindex is not None:
        chunks = f"{results.synthetic_chunks:,} chunks"
        lag_rows.append(
            _lag_row(f"full re-index in the bot's process, synthetic ({chunks}) (before)", results.synthetic_in_process)
        )
        lag_rows.append(_lag_row(f"full /reindex (child process), synthetic ({chunks})", results.synthetic_reindex))
    markdown = "\n".join(
        [
            header("Discord bot (through the fake Discord on loopback)"),
            "Times are measured by the fake Discord from dispatching INTERACTION_CREATE to receiving the deferral "
            "(callback type 5) and the edited answer. Discord requires the deferral within 3 s.\n",
            table(["what", "questions", "deferral p50", "deferral p95", "answer p50", "answer p95"], rows),
            "",
            "Event-loop lag: the largest delay of a 10 ms timer on the bot's loop; heartbeat gap: the largest "
            "interval between gateway heartbeats (the fake asks for one every 1.0 s). A full /reindex builds the "
            "new index in a child process (retrieval/isolated.py) while the bot keeps the store's locks; the "
            "baseline row runs the same full re-index in a worker thread of the bot's own process, as /reindex "
            "did before. Target: worst loop lag under 250 ms during a full re-index of 10,000 chunks.\n",
            table(["while", "took", "worst loop lag", "worst heartbeat gap"], lag_rows),
        ]
    )
    if not synthetic_chunks:
        markdown += "\n\nThe ~10,000-chunk synthetic re-index was not run (`--synthetic-chunks 10000` runs it)."
    return markdown


if __name__ == "__main__":
    main()
