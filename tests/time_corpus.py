"""A small corpus of dated briefings for the time features: events told twice, a revised figure, a correction."""

from __future__ import annotations

from pathlib import Path

from retrieval.core import BriefingCore
from tests.conftest import make_settings

BRIEFINGS = {
    "2017-03-tabqa-airlift.md": (
        "Tabqa airlift",
        "2017-03-27",
        "On the night of March 21-22, US helicopters moved about 500 SDF fighters across Lake Assad to the "
        "south bank near the Tabqa dam. On March 26, the SDF reached the northern entrance of the Tabqa dam "
        "after heavy fighting. The coalition estimates that about 800 ISIS fighters defend Tabqa town. "
        "We expect the SDF to take Tabqa town within two weeks.",
    ),
    "2017-05-tabqa-taken.md": (
        "Tabqa taken",
        "2017-05-12",
        "On May 10, the SDF announced that it had taken Tabqa town and the Tabqa dam. "
        "The SDF had reached the northern entrance of the Tabqa dam on March 26 after heavy fighting. "
        "The coalition now estimates that only about 300 ISIS fighters had defended Tabqa town. "
        "Our March estimate that the town would fall within two weeks was wrong: it took seven weeks. "
        "On April 2, SDF units cut the road between Tabqa and Raqqa.",
    ),
    "2017-06-tabqa-dam-repairs.md": (
        "Tabqa dam repairs",
        "2017-06-20",
        "On June 14, engineers began repairs on the spillway of the Tabqa dam. "
        "Water levels in Lake Assad fell in May and June as the turbines were switched off. "
        "On June 16, the first turbine of the Tabqa dam was running again. "
        "On June 18, a local council took over the running of Tabqa town from the SDF. "
        "On June 19, the first families returned to the eastern districts of Tabqa town.",
    ),
    "2017-06-tabqa-dam-repairs-corrected.md": (
        "Tabqa dam repairs (corrected)",
        "2017-06-25",
        "On June 17, the first turbine of the Tabqa dam was running again. "
        "Engineers expect the second turbine to run by the end of July.",
    ),
}
SUPERSEDES = {"2017-06-tabqa-dam-repairs-corrected.md": "2017-06-tabqa-dam-repairs.md"}


def write_time_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, date, body) in BRIEFINGS.items():
        replaces = f"supersedes: {SUPERSEDES[name]}\n" if name in SUPERSEDES else ""
        front = f"---\ntitle: {title}\ndate: {date}\n{replaces}---\n"
        (folder / name).write_text(f"{front}{body}\n", encoding="utf-8")
    return folder


def indexed_time_core(root: Path, embedder: object) -> BriefingCore:
    """A core over the time corpus in `root`, indexed."""
    write_time_corpus(root / "corpus")
    core = BriefingCore(make_settings(root), embedder=embedder)  # type: ignore[arg-type]
    core.reindex()
    return core
