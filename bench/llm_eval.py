"""Calibrates the support check of `retrieval/llm/checks.py` on eval/corpus (no language model needed).

    python -m bench.llm_eval [--negatives 2000] [--show]

Positives: LLM-style paraphrases of facts in eval/corpus (below, written by hand), each paired with the
chunk that states it (found by its `anchor`, a phrase copied from the document). Negatives: the same
paraphrase paired with the most similar chunk of another document (hard) and with a random chunk of another
document; and corpus sentences of 6+ content words paired with a random chunk of another document. For each
set it prints how many pairs the check accepts and the spread of its two signals, for the current
thresholds and a small grid around them.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

from retrieval import (
    Aliases,
    Checker,
    Chunk,
    Chunker,
    ChunkerConfig,
    Document,
    DocumentInfo,
    LazyEmbedder,
    Passage,
    scan_corpus,
)
from retrieval import llm_checks as llm

ROOT = Path(__file__).resolve().parent.parent
SEED = 20170620

# (paraphrase as a model would write it, phrase of the supporting chunk)
PARAPHRASES: list[tuple[str, str]] = [
    (
        "The Manbij Military Council agreed to hand about 20 villages west of Manbij to government forces "
        "in a deal brokered by Russia.",
        "hand a strip of about 20 villages",
    ),
    (
        "US troops patrolled the outskirts of Manbij under large American flags, which the Pentagon called a "
        "deterrence and reassurance mission.",
        "carrying large American flags",
    ),
    ("Turkey has repeatedly named Manbij as its next target after al-Bab.", "Manbij is its next target"),
    (
        "Washington wants to stop a war between Turkey and the SDF that would draw the SDF away from Raqqa.",
        "prevent a Turkish-SDF war",
    ),
    (
        "Russia gains influence with both Ankara and the Kurds by acting as the broker of the buffer.",
        "positioning itself as the broker",
    ),
    (
        "On May 18 coalition jets hit a pro-regime convoy that had come within 27 km of the al-Tanf base.",
        "within 27 km of the base",
    ),
    (
        "The convoy ignored warnings sent through the Russian deconfliction channel and two shows of force.",
        'two "shows of force"',
    ),
    (
        "It was the first time the coalition deliberately struck pro-regime ground forces to defend the Tanf zone.",
        "first time the coalition has deliberately struck",
    ),
    (
        "Iran's aim is a land connection between Iraq and Syria held by friendly forces.",
        "open a land connection between Iraq and Syria",
    ),
    (
        "For Hezbollah, the corridor would make its supply line from Iran rely less on flights into Damascus.",
        "less dependent on flights into Damascus",
    ),
    (
        "After the Su-22 was shot down near Tabqah on June 18, Russia said it was suspending the deconfliction "
        "memorandum.",
        "suspending the deconfliction memorandum",
    ),
    ("The hotline between the two militaries was working again within about a week.", "restored within about a week"),
    (
        "At the height of the Raqqa battle, coalition officers called their Russian counterparts 15 to 20 times a day.",
        "15 to 20 calls a day",
    ),
    (
        "The arrangements only covered air operations, with no agreed line between the SDF and the Syrian army "
        "on the ground.",
        "only cover air operations",
    ),
    (
        "The proposed line would broadly follow the Euphrates, with government forces south and west of the river.",
        "a line broadly following the Euphrates",
    ),
    (
        "Russia wants the coalition to accept a boundary that keeps the SDF on the eastern bank.",
        "confines the SDF to the eastern bank",
    ),
    (
        "The SDF captured the Conoco gas plant, some 15 km north-east of Deir ez-Zor city, on September 23.",
        "captured the Conoco gas plant",
    ),
    (
        "Before the war the Conoco plant could process around 13 million cubic metres of gas a day.",
        "13 million cubic metres",
    ),
    (
        "Government units that had crossed the Euphrates were about 10 km from the plant when the SDF got there.",
        "within about 10 km of the plant",
    ),
    (
        "Damascus considers the eastern fields essential for electricity and state revenue.",
        "essential to restoring electricity",
    ),
    (
        "The SDF sees the oil and gas fields as income and as leverage in talks with Damascus about autonomy.",
        "source of income and as leverage",
    ),
    (
        "Al-Omar is the largest oil field in Syria and will be a prize in the coming weeks.",
        "the largest oil field in Syria",
    ),
    (
        "The SDF declared the end of major operations in Raqqa on October 17, 133 days after entering the city.",
        "133 days after they first entered",
    ),
    (
        "The last ISIS fighters held out around the National Hospital and the municipal stadium.",
        "National Hospital and the municipal stadium",
    ),
    ("According to the UN, about 80 percent of Raqqa cannot be lived in.", "80 percent of the city"),
    (
        "The Raqqah Civil Council, appointed by the SDF, will run the city with coalition money for demining.",
        "Raqqah Civil Council",
    ),
    (
        "The battle took longer than expected because of dense ISIS defences in the Old City and a slow, careful "
        "coalition advance.",
        "density of ISIS defences",
    ),
    (
        "On the night of February 7-8 about 500 pro-government fighters with T-72 tanks advanced on an SDF "
        "headquarters near the Conoco plant.",
        "roughly 500 fighters",
    ),
    ("US officials estimated that around 100 of the attackers were killed.", "about 100 attackers were killed"),
    (
        "Russian private military contractors were reported to be among the dead, which Moscow has not confirmed.",
        "Russian private military contractors",
    ),
    (
        "It was the most serious clash between the coalition and pro-government forces since the war began.",
        "most serious clash between the coalition",
    ),
    (
        "The SDF took the centre of Hajin on December 14 after more than three months of fighting.",
        "taken control of the centre of Hajin",
    ),
    (
        "The remaining ISIL fighters fell back to villages such as Sousa, al-Shafa and Baghuz near the Iraqi border.",
        "Sousa, al-Shafa and Baghuz",
    ),
    (
        "On December 19 the US said it would pull its roughly 2,000 troops out of Syria.",
        "withdraw its roughly 2,000 troops",
    ),
    ("The SDF called the withdrawal decision a stab in the back.", "a stab in the back"),
    (
        "Iran sees the US withdrawal as removing the main obstacle to its corridor through Albu Kamal.",
        "removal of the main obstacle to its corridor",
    ),
    (
        "The SAA announced on November 9 that it had captured Albu Kamal, the last significant ISIS-held town "
        "in Syria.",
        "announced the capture of Albu Kamal",
    ),
    (
        "Two days later ISIS counterattacked through tunnels and sleeper cells and retook most of the town.",
        "using tunnels and sleeper cells",
    ),
    ("ISIS still has about 1,500 fighters in the area but cannot resupply them.", "estimated 1,500 fighters"),
    (
        "Hezbollah and Iraqi militia units suffered the heaviest losses in the counterattack.",
        "took the heaviest losses",
    ),
    (
        "Whoever holds Albu Kamal controls the most practical land route between Iraq and Syria in the east.",
        "most practical land route",
    ),
]


def passages_of(documents: list[Document], chunker: Chunker) -> list[Passage]:
    passages: list[Passage] = []
    for document in documents:
        for chunk in chunker.split(document):
            passages.append(_passage(document, chunk))
    return passages


def _passage(document: Document, chunk: Chunk) -> Passage:
    return Passage(
        chunk_id=chunk.chunk_id, document=DocumentInfo.of(document), heading=chunk.heading, text=chunk.text,
        position=chunk.position, score=0.0, dense_score=0.0, lexical_score=0.0, sentence_score=0.0,
        best_sentence="", sentences=tuple(s.text for s in chunk.sentences),
    )  # fmt: skip


class CachedEncoder:
    """`encode` answered from vectors computed in one batch up front (one text at a time is slow on a CPU)."""

    def __init__(self, embedder: LazyEmbedder) -> None:
        self.embedder = embedder
        self.vectors: dict[str, np.ndarray] = {}

    def prefill(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            self.vectors.update(zip(missing, self.embedder.encode(missing), strict=True))

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.prefill(texts)
        return np.stack([self.vectors[t] for t in texts])


def signals(checker: Checker, text: str, index: int) -> tuple[float, float, bool]:
    """(lexical share, best cosine, figures found) of `text` against passage `index`."""
    stems = {llm._stem(t) for t in checker.aliases.terms(text)}
    vector = checker._encode([text])[0]
    support = checker._support(text, stems, vector, [index])
    return support.lexical, support.cosine, support.figures_ok


def show(text: str, passages: list[Passage], own: int, hard: int, *rows: tuple[float, float, bool]) -> None:
    marks = ["ok" if accepted([r], llm.LEX_ALONE, llm.LEX_MIN, llm.COS_MIN) else "--" for r in rows]
    print(f"{text[:70]:70} own {marks[0]} {rows[0][0]:.2f}/{rows[0][1]:.2f}", end="  ")
    print(f"hard {marks[1]} {rows[1][0]:.2f}/{rows[1][1]:.2f} {passages[hard].doc_id[:40]}")


def accepted(rows: list[tuple[float, float, bool]], lex_alone: float, lex_min: float, cos_min: float) -> int:
    return sum(f and (lx >= lex_alone or (lx >= lex_min and c >= cos_min)) for lx, c, f in rows)


def spread(values: list[float]) -> str:
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return f"{p10:.2f}/{p50:.2f}/{p90:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--negatives", type=int, default=2000, help="corpus sentences to sample (at most all)")
    parser.add_argument("--show", action="store_true", help="print each paraphrase's own and hard-negative scores")
    args = parser.parse_args()
    rng = random.Random(SEED)
    embedder = LazyEmbedder("", "torch")
    chunker = Chunker(ChunkerConfig(200, 40, embedder.max_tokens), embedder.count_tokens)
    documents, _ = scan_corpus(ROOT / "eval" / "corpus", 20 * 1024 * 1024)
    passages = passages_of(documents, chunker)
    aliases = Aliases.load(ROOT / "corpus" / "_aliases.txt")
    encode = CachedEncoder(embedder)
    sentences = [
        (s, i)
        for i, p in enumerate(passages)
        for s in p.sentences
        if len(aliases.terms(s)) >= 6 and not llm._MARKER.search(s)
    ]
    sample = rng.sample(sentences, min(args.negatives, len(sentences)))
    encode.prefill([s for p in passages for s in p.sentences] + [t for t, _ in PARAPHRASES])
    checker = Checker(passages, aliases, encode)
    chunk_vectors = embedder.encode([p.text for p in passages])

    sets: dict[str, list[tuple[float, float, bool]]] = {"own": [], "hard": [], "random": [], "corpus": []}
    for text, anchor in PARAPHRASES:
        own = next(i for i, p in enumerate(passages) if anchor.lower() in p.text.lower())
        others = [i for i, p in enumerate(passages) if p.doc_id != passages[own].doc_id]
        vector = encode([text])[0]
        hard = max(others, key=lambda i: float(chunk_vectors[i] @ vector))
        sets["own"].append(signals(checker, text, own))
        sets["hard"].append(signals(checker, text, hard))
        sets["random"].append(signals(checker, text, rng.choice(others)))
        if args.show:
            show(text, passages, own, hard, sets["own"][-1], sets["hard"][-1])
    for text, home in sample:
        other = rng.choice([i for i, p in enumerate(passages) if p.doc_id != passages[home].doc_id])
        sets["corpus"].append(signals(checker, text, other))

    current = (llm.LEX_ALONE, llm.LEX_MIN, llm.COS_MIN)
    print(f"thresholds LEX_ALONE={current[0]} LEX_MIN={current[1]} COS_MIN={current[2]}; {len(passages)} chunks\n")
    print(f"{'pairs':40} {'n':>5} {'accepted':>14}   {'lex p10/p50/p90':17}  cos p10/p50/p90")
    labels = {
        "own": "paraphrase, its own chunk",
        "hard": "paraphrase, best chunk of another doc",
        "random": "paraphrase, random chunk of another",
        "corpus": "corpus sentence, random other chunk",
    }
    for key, rows in sets.items():
        n, ok = len(rows), accepted(rows, *current)
        lex, cos = [r[0] for r in rows], [r[1] for r in rows]
        print(f"{labels[key]:40} {n:5d} {ok:5d} ({ok / n:6.1%})   {spread(lex):17}  {spread(cos)}")
    print("\ngrid: LEX_ALONE LEX_MIN COS_MIN -> own accepted, hard accepted, corpus accepted")
    for lex_alone in (0.67, 0.75, 0.8):
        for lex_min in (0.34, 0.4, 0.5):
            for cos_min in (0.45, 0.5, 0.55, 0.6):
                rates = [
                    accepted(sets[k], lex_alone, lex_min, cos_min) / len(sets[k]) for k in ("own", "hard", "corpus")
                ]
                print(f"  {lex_alone:.2f} {lex_min:.2f} {cos_min:.2f} -> " + " ".join(f"{r:6.1%}" for r in rates))


if __name__ == "__main__":
    main()
