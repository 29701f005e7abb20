"""`python -m retrieval eval`: answer quality on a question set, beside the baselines, in the same run.

The corpus is indexed into its own store under DATA_DIR/eval/<key>, the key being a hash of the corpus files
and the index settings: a second run reuses it, and the bot's own index is never touched. A passage is a
hit when it contains one of the question's `expect` strings (case-insensitive, Unicode-normalised, white
space folded). The held-out third of the questions (chosen by a hash of the question text) is reported on
its own: thresholds and weights are tuned on the rest only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval.core import BriefingCore
from retrieval.errors import BriefingError, ConfigError, IndexMismatchError
from retrieval.ingest.clean import normalize_unicode
from retrieval.ingest.loaders import is_document_path
from retrieval.search.scopes import Scope, add_scope_arguments, scope_from_arguments
from retrieval.settings import Settings

if TYPE_CHECKING:
    from retrieval.evaluation.baselines import Baseline

# baselines.py is imported only when a baseline is asked for (it imports LangChain)
BASELINE_NAMES = ("bm25", "dense", "langchain-naive")

log = logging.getLogger(__name__)
PROJECT = "project"
CLEAN = "corpus only"
NOISY = "with distractors"
MRR_DEPTH = 10


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    expect: tuple[str, ...]
    qtype: str

    @property
    def answerable(self) -> bool:
        return bool(self.expect)

    @property
    def heldout(self) -> bool:
        """A fixed third, chosen by a hash of the question text."""
        return int(hashlib.sha256(self.question.encode("utf-8")).hexdigest(), 16) % 3 == 0


@dataclass(frozen=True)
class Outcome:
    """What one system did with one question."""

    rank: int | None  # 1-based rank of the first passage that contains an expected string
    abstained: bool
    supported: bool  # a sentence quoted in the answer contains an expected string


@dataclass
class Metrics:
    answerable: int = 0
    unanswerable: int = 0
    hit1: int = 0
    hitk: int = 0
    reciprocal_ranks: float = 0.0
    supported: int = 0
    false_abstentions: int = 0
    right_abstentions: int = 0
    per_type: dict[str, Metrics] = field(default_factory=dict)

    def add(self, question: Question, outcome: Outcome, k: int) -> None:
        if not question.answerable:
            self.unanswerable += 1
            self.right_abstentions += outcome.abstained
            return
        self.answerable += 1
        rank = outcome.rank
        self.hit1 += rank == 1
        self.hitk += rank is not None and rank <= k
        self.reciprocal_ranks += 1.0 / rank if rank is not None and rank <= MRR_DEPTH else 0.0
        self.supported += outcome.supported and not outcome.abstained
        self.false_abstentions += outcome.abstained

    def summary(self) -> dict[str, float | int | None]:
        def share(n: float, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "hit@1": share(self.hit1, self.answerable),
            "hit@k": share(self.hitk, self.answerable),
            "mrr@10": share(self.reciprocal_ranks, self.answerable),
            "answer_support": share(self.supported, self.answerable),
            "false_abstention": share(self.false_abstentions, self.answerable),
            "right_abstention": share(self.right_abstentions, self.unanswerable),
        }


def fold(text: str) -> str:
    return " ".join(normalize_unicode(text).lower().split())


def contains_expected(text: str, expect: Iterable[str]) -> bool:
    folded = fold(text)
    return any(fold(e) in folded for e in expect)


def first_hit(passages: Sequence[str], expect: Sequence[str]) -> int | None:
    for rank, text in enumerate(passages, start=1):
        if contains_expected(text, expect):
            return rank
    return None


def load_questions(path: Path) -> list[Question]:
    if not path.is_file():
        raise ConfigError(f"The questions file {path} does not exist.")
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                Question(str(row["id"]), str(row["question"]), tuple(row.get("expect") or ()), str(row.get("type", "")))
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ConfigError(f"{path} line {number} is not a question object ({error}).") from None
    return questions


def corpus_key(corpus: Path, settings: Settings) -> str:
    """A hash of the corpus files' names and bytes and of the index settings."""
    digest = hashlib.sha256()
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        digest.update(path.relative_to(corpus).as_posix().encode())  # is_file and read_bytes follow links
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    aliases = settings.aliases_path
    digest.update(aliases.read_bytes() if aliases.is_file() else b"")
    digest.update(
        f"{settings.embedding_model}|{settings.embedding_backend}|{settings.chunk_tokens}|"
        f"{settings.chunk_overlap_tokens}|{settings.sentence_vectors}".encode()
    )
    return digest.hexdigest()[:16]


def eval_core(corpus: Path, settings: Settings, embedder: Any = None, extra: Sequence[Path] = ()) -> BriefingCore:
    """A core over `corpus` (plus the `extra` folders' documents, e.g. distractors) in its own cached store,
    indexed on first use only."""
    for folder in (corpus, *extra):
        if not folder.is_dir() or not any(is_document_path(p) for p in folder.rglob("*")):
            raise ConfigError(f"The eval corpus {folder} does not exist or holds no documents.")
    aliases = corpus / "_aliases.txt"
    folder = merged_corpus(corpus, extra, settings.data_path / "eval" / "merged") if extra else corpus
    settings = settings.with_overrides(
        corpus_dir=folder.resolve(),
        aliases_file=aliases if aliases.is_file() else settings.aliases_path,
        chroma_host="",
    )
    data = settings.data_path / "eval" / corpus_key(folder, settings)
    core = BriefingCore(settings.with_overrides(data_dir=data), embedder=embedder)
    if core.generations.active() is None or not _opens(core):
        log.info("indexing eval corpus=%s data=%s", corpus, data)
        core.reindex(by="eval")  # a cached index of an older layout is rebuilt (the signature says so)
    return core


def _opens(core: BriefingCore) -> bool:
    try:
        core.snapshot()
    except IndexMismatchError:
        return False
    return True


def merged_corpus(corpus: Path, extra: Sequence[Path], root: Path) -> Path:
    """One folder holding links to the documents of `corpus` and of the `extra` folders (same file names, so
    document ids stay the same); a later folder's file of the same name is refused rather than shadowed."""
    sources: dict[str, Path] = {}
    for folder in (corpus, *extra):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))):
            name = path.relative_to(folder).as_posix()
            if name in sources:
                raise ConfigError(f"{name} is in both {sources[name].parent} and {folder}: rename one.")
            sources[name] = path.resolve()
    digest = hashlib.sha256("\n".join(f"{n}={p}" for n, p in sorted(sources.items())).encode()).hexdigest()[:16]
    target = root / digest
    for name, path in sources.items():
        link = target / name
        if not link.is_symlink():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
    return target


def project_outcome(core: BriefingCore, question: Question, k: int, scope: Scope | None = None) -> Outcome:
    answer = core.ask(question.question, passages=max(k, MRR_DEPTH), scope=scope)
    rank = first_hit([p.text for p in answer.passages], question.expect)
    supported = any(contains_expected(c.quote, question.expect) for c in answer.citations)
    return Outcome(rank, answer.abstained, supported)


def baseline_outcome(baseline: Baseline, question: Question, k: int) -> Outcome:
    texts = baseline.search(question.question, max(k, MRR_DEPTH))
    rank = first_hit(texts, question.expect)
    return Outcome(rank, abstained=False, supported=bool(texts) and contains_expected(texts[0], question.expect))


def evaluate(
    core: BriefingCore, questions: list[Question], k: int, baselines: Sequence[str], scope: Scope | None = None
) -> dict[str, Any]:
    """The project (read with `scope`: None reads everything) and the baselines (always unscoped) on the set."""
    systems: dict[str, Callable[[Question], Outcome]] = {PROJECT: lambda q: project_outcome(core, q, k, scope)}
    from retrieval.evaluation.baselines import BASELINES

    for name in baselines:
        built = BASELINES[name](core)
        systems[name] = lambda q, b=built: baseline_outcome(b, q, k)  # type: ignore[misc]
    rows = []
    splits: dict[str, dict[str, Metrics]] = defaultdict(lambda: defaultdict(Metrics))
    for question in questions:
        row: dict[str, Any] = {"id": question.qid, "type": question.qtype, "heldout": question.heldout}
        for name, run in systems.items():
            outcome = run(question)
            row[name] = {"rank": outcome.rank, "abstained": outcome.abstained, "supported": outcome.supported}
            for split in ("all", "heldout" if question.heldout else "tuning"):
                metrics = splits[split][name]
                metrics.add(question, outcome, k)
                metrics.per_type.setdefault(question.qtype or "untyped", Metrics()).add(question, outcome, k)
        rows.append(row)
    return {
        "k": k,
        "questions": len(questions),
        "systems": list(systems),
        "splits": {
            split: {
                name: {**m.summary(), "per_type": {t: tm.summary() for t, tm in sorted(m.per_type.items())}}
                for name, m in by_system.items()
            }
            for split, by_system in splits.items()
        },
        "rows": rows,
    }


def format_report(report: dict[str, Any]) -> str:
    k = report["k"]
    lines = [
        f"{report['questions']} questions, k={k}. Answerable: hit@1, hit@{k}, MRR@10, answer support, "
        "wrongly abstained. Unanswerable: rightly abstained."
    ]
    for split in ("all", "tuning", "heldout"):
        if split not in report["splits"]:
            continue
        lines += ["", f"== {split} =="]
        lines.append(_format_table(report["splits"][split], k))
        types = sorted({t for s in report["splits"][split].values() for t in s["per_type"]})
        for qtype in types:
            lines += [
                f"-- type {qtype}",
                _format_table({n: s["per_type"].get(qtype, {}) for n, s in report["splits"][split].items()}, k),
            ]
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:5.1f}"


def _format_table(by_system: dict[str, dict[str, Any]], k: int) -> str:
    head = (
        f"{'system':18} {'n':>4} {'hit@1':>6} {f'hit@{k}':>6} {'MRR':>6} {'supp':>6} {'wrong':>6} "
        f"| {'n':>3} {'right':>6}"
    )
    lines = [head]
    for name, m in by_system.items():
        if not m:
            continue
        lines.append(
            f"{name:18} {m['answerable']:>4} {_pct(m['hit@1']):>6} {_pct(m['hit@k']):>6} {_pct(m['mrr@10']):>6} "
            f"{_pct(m['answer_support']):>6} {_pct(m['false_abstention']):>6} | {m['unanswerable']:>3} "
            f"{_pct(m['right_abstention']):>6}"
        )
    return "\n".join(lines)


MAX_K = 100


def cut_off(value: str) -> int:
    """--k: a whole number from 1 to MAX_K (argparse turns the error into one line and exit 2)."""
    try:
        k = int(value)
    except ValueError:
        k = 0
    if not 1 <= k <= MAX_K:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to {MAX_K}")
    return k


def named_path(value: str) -> Path:
    """A path option that names something (an empty one would silently mean the current folder)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("a path is needed, not an empty value")
    return Path(value)


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=named_path, required=True, help="a folder of documents (indexed separately)")
    parser.add_argument("--questions", type=named_path, required=True, help="JSON Lines: id, question, expect, type")
    parser.add_argument("--k", type=cut_off, default=5, help=f"cut-off for hit@k (default 5, at most {MAX_K})")
    parser.add_argument(
        "--extra-corpus",
        type=named_path,
        action="append",
        default=[],
        help="a folder of further documents (e.g. eval/distractors), repeatable: the run reports the figures "
        "without and with them",
    )
    parser.add_argument("--baseline", action="append", choices=BASELINE_NAMES, default=[], help="repeatable")
    add_scope_arguments(parser)


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        questions = load_questions(args.questions)
        reports = evaluate_corpora(
            args.corpus, args.extra_corpus, settings, questions, args.k, args.baseline, scope_from_arguments(args)
        )
    except BriefingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(reports if len(reports) > 1 else reports[CLEAN], indent=1))
    else:
        print("\n\n".join(f"##### {name}\n{format_report(report)}" for name, report in reports.items()))
    return 0


def evaluate_corpora(
    corpus: Path,
    extra: Sequence[Path],
    settings: Settings,
    questions: list[Question],
    k: int,
    baselines: Sequence[str],
    scope: Scope | None = None,
) -> dict[str, dict[str, Any]]:
    """The report on `corpus` alone and, when `extra` folders are given, on `corpus` plus them (the project
    read with `scope`: None reads everything)."""
    reports = {CLEAN: evaluate(eval_core(corpus, settings), questions, k, baselines, scope)}
    if extra:
        reports[NOISY] = evaluate(eval_core(corpus, settings, extra=extra), questions, k, baselines, scope)
    return reports
