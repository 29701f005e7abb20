"""A deterministic generator of a briefing-like corpus of any size.

    python -m bench.synthetic OUT_DIR --chunks 10000 [--seed 7]

Each document is a dated briefing (front matter, a "Recent Development" paragraph, bullets, an "Analysis"
and an "Assessment"), built from templates over the actors, places and spellings of the sample corpus, with
numbers and dates drawn from a seeded generator: the same arguments always give the same files. About five
chunks of ~200 model tokens per document.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

ACTORS = [
    "the Syrian Arab Army",
    "the SAA",
    "the SDF",
    "the Syrian Democratic Forces",
    "Hezbollah",
    "Hizballah",
    "Iranian-backed militias",
    "the PMU",
    "Russian special forces",
    "the US-led coalition",
    "Turkish-backed rebels",
    "the Tiger Forces",
    "Iraqi border guards",
    "Daesh",
    "ISIS",
    "ISIL",
    "the Islamic State",
]
PLACES = [
    "Deir ez-Zor",
    "Deir Ezzor",
    "Dayr az-Zawr",
    "Raqqa",
    "Raqqah",
    "Albu Kamal",
    "Abu Kamal",
    "Al-Bukamal",
    "Mayadin",
    "al-Tanf",
    "Palmyra",
    "Sukhnah",
    "Hajin",
    "Tabqa",
    "Manbij",
    "al-Omar",
    "the Conoco field",
    "the Euphrates valley",
    "Al-Qaim",
    "Maadan",
    "Shaddadi",
    "Khasham",
]
AIMS = [
    "secure the Iraqi-Syrian border",
    "control the oil fields east of the river",
    "open a supply route to Damascus",
    "deny the area to its rivals",
    "relieve the besieged garrison",
    "cut the road along the Euphrates",
    "push the remaining militants into the desert",
    "protect its partner forces",
    "test the deconfliction line",
]
VERBS = ["captured", "lost", "shelled", "encircled", "reinforced", "withdrew from", "advanced towards", "cleared"]
ASSESS = [
    "We judge that {a} will try to {aim} within {n} weeks.",
    "The move suggests that {a} intends to {aim}, although its manpower remains limited.",
    "Absent a deal with Moscow, {a} is unlikely to {aim} before the end of the year.",
    "Our earlier assessment that {a} would {aim} no longer holds after the events near {p}.",
]


def _paragraph(rng: random.Random, day: date) -> str:
    a, b, p, q = rng.choice(ACTORS), rng.choice(ACTORS), rng.choice(PLACES), rng.choice(PLACES)
    n, km = rng.randint(2, 60), rng.randint(3, 250)
    when = (day - timedelta(days=rng.randint(0, 6))).strftime("%B %d").replace(" 0", " ")
    sentences = [
        f"On {when}, {a} {rng.choice(VERBS)} positions near {p}, about {km} km from {q}.",
        f"Local sources reported {n} fighters killed and {rng.randint(1, 20)} vehicles destroyed.",
        f"{b[0].upper()}{b[1:]} said it wanted to {rng.choice(AIMS)}.",
        rng.choice(ASSESS).format(a=a, aim=rng.choice(AIMS), n=rng.randint(1, 8), p=p),
    ]
    rng.shuffle(sentences)
    return " ".join(sentences)


def document(number: int, seed: int) -> tuple[str, str]:
    """File name and text of the `number`-th document (depends only on the number and the seed)."""
    rng = random.Random(seed * 1_000_003 + number)
    day = date(2016, 6, 1) + timedelta(days=rng.randint(0, 900))
    place = rng.choice(PLACES)
    title = f"{place}: {rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)}"
    body = [
        f"Recent Development: {_paragraph(rng, day)}",
        *(f"- {_paragraph(rng, day)}" for _ in range(rng.randint(2, 4))),
        f"Analysis: {_paragraph(rng, day)} {_paragraph(rng, day)}",
        f"Assessment: {_paragraph(rng, day)}",
    ]
    front = f"---\ntitle: {title}\ndate: {day.isoformat()}\nsource: Synthetic Desk\ntags: synthetic\n---\n"
    return f"{day.isoformat()}-synthetic-{number:06d}.txt", front + "\n\n".join(body) + "\n"


CHUNKS_PER_DOCUMENT = 4.3  # measured with the default chunker (200 tokens, 40 overlap)


def generate(out: Path, chunks: int, seed: int = 7) -> int:
    """Write about `chunks` chunks' worth of documents into `out`; returns the number of documents."""
    out.mkdir(parents=True, exist_ok=True)
    count = max(1, round(chunks / CHUNKS_PER_DOCUMENT))
    for number in range(count):
        name, text = document(number, seed)
        (out / name).write_text(text, encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{generate(args.out, args.chunks, args.seed)} documents written to {args.out}")


if __name__ == "__main__":
    main()
