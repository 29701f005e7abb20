#!/usr/bin/env python3
"""Validate the Briefing Bot evaluation set (stdlib only).

Checks:
  * every file in eval/corpus/ has front matter (title, date, source, tags)
    and a file name of the form YYYY-MM-slug.txt / .md matching its date;
  * every line of eval/questions.jsonl is a JSON object with id, question,
    expect (list of strings) and a known type; ids are unique (q001, q002, ...);
  * every expect string occurs in at least one document body (case-insensitive,
    whitespace folded, curly quotes replaced by straight ones) and the places
    where it occurs are printed;
  * expect strings occurring in more than MAX_DOCS documents are flagged;
  * multi_doc questions hit at least two different documents;
  * unanswerable-style questions (unanswerable, missing_fact, unanswerable_period,
    wrong_actor, off_domain, near_topic) have an empty expect list; answerable
    types (direct, paraphrase, alias, multi_doc, temporal, list) a non-empty one;
    "capital" questions may be either;
  * ids are q001-style, or qa01/qb01/qc01-style for the distractor questions
    that other helpers write into eval/distractor_questions_*.jsonl before merging;
  * if eval/typo_questions.jsonl exists: ids t001, t002, ... are unique, each
    "twin" is an answerable question of questions.jsonl and the expect list is
    the same as its twin's; type is "typo".

Prints counts per type and exits non-zero if any problem was found.

Usage: python3 eval/check_questions.py [--quiet]
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
QUESTIONS = HERE / "questions.jsonl"

TYPES = (
    "direct",
    "paraphrase",
    "alias",
    "multi_doc",
    "temporal",
    "unanswerable",
    "missing_fact",
    "unanswerable_period",
    "wrong_actor",
    "off_domain",
    "near_topic",
    "capital",
    "list",
)
# types whose expect list must be empty
UNANSWERABLE_TYPES = {"unanswerable", "missing_fact", "unanswerable_period", "wrong_actor", "off_domain", "near_topic"}
# types that may be answerable or not
EITHER_TYPES = {"capital"}
MIN_PER_TYPE = {
    "paraphrase": 30,
    "alias": 25,
    "multi_doc": 12,
    "temporal": 12,
    "unanswerable": 30,
    "missing_fact": 14,
    "unanswerable_period": 10,
    "wrong_actor": 12,
    "list": 6,
}
MIN_CAPITAL_ANSWERABLE = 14
MIN_CAPITAL_UNANSWERABLE = 6
MIN_QUESTIONS = 190
TYPO_QUESTIONS = HERE / "typo_questions.jsonl"
MIN_TYPO = 64
TYPO_ID_RE = re.compile(r"^t\d{3,}$")
MIN_DOCS = 32
MAX_DOCS = 3  # flag expect strings found in more than this many documents
FIELDS = ("title", "date", "source", "tags")
NAME_RE = re.compile(r"^(\d{4})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.(txt|md)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_RE = re.compile(r"^(?:q\d{3,}|[qr][a-z]\d{2,})$")  # q001, qa01 ... qz01, then ra01 ...
QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)

problems: list[str] = []


def problem(msg):
    problems.append(msg)
    print("PROBLEM: " + msg)


def norm(text):
    return " ".join(text.translate(QUOTES).lower().split())


def parse_doc(path):
    """Return (meta, body) or None if the front matter is malformed."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        problem(f"{path.name}: does not start with '---'")
        return None
    try:
        end = lines.index("---", 1)
    except ValueError:
        problem(f"{path.name}: front matter not closed with '---'")
        return None
    meta = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if not sep or not value.strip():
            problem(f"{path.name}: bad front matter line {line!r}")
            continue
        meta[key.strip()] = value.strip()
    if list(meta) != list(FIELDS):
        problem(f"{path.name}: front matter keys {list(meta)} != {list(FIELDS)}")
    date = meta.get("date", "")
    if not DATE_RE.match(date):
        problem(f"{path.name}: bad date {date!r}")
    m = NAME_RE.match(path.name)
    if not m:
        problem(f"{path.name}: file name is not YYYY-MM-slug.txt/.md")
    elif not date.startswith(f"{m.group(1)}-{m.group(2)}"):
        problem(f"{path.name}: file name month does not match date {date}")
    body = "\n".join(lines[end + 1 :])
    if not body.strip():
        problem(f"{path.name}: empty body")
    return meta, body


def check_typos(questions):
    """Check eval/typo_questions.jsonl against the questions it twins."""
    if not TYPO_QUESTIONS.exists():
        print("note: no typo_questions.jsonl")
        return
    seen = set()
    twins: Counter[str] = Counter()
    n = 0
    for lineno, line in enumerate(TYPO_QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        where = f"typo_questions.jsonl line {lineno}"
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problem(f"{where}: invalid JSON ({exc})")
            continue
        where += f" ({q.get('id')})"
        if set(q) != {"id", "twin", "question", "expect", "type"}:
            problem(f"{where}: keys {sorted(q)}")
        if not isinstance(q.get("id"), str) or not TYPO_ID_RE.match(q["id"]):
            problem(f"{where}: bad id")
        elif q["id"] in seen:
            problem(f"{where}: duplicate id")
        seen.add(q.get("id"))
        if q.get("type") != "typo":
            problem(f"{where}: type must be 'typo'")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            problem(f"{where}: empty question")
        twin = questions.get(q.get("twin"))
        if twin is None:
            problem(f"{where}: twin {q.get('twin')!r} not in questions.jsonl")
            continue
        twins[q["twin"]] += 1
        if not twin[1]:
            problem(f"{where}: twin {q['twin']} is not answerable")
        if q.get("expect") != twin[1]:
            problem(f"{where}: expect differs from twin {q['twin']}")
    print(f"typo questions: {n} (twinning {len(twins)} questions)")
    if n < MIN_TYPO:
        problem(f"only {n} typo questions (< {MIN_TYPO})")


def main():
    quiet = "--quiet" in sys.argv[1:]
    docs = {}
    for path in sorted(CORPUS.iterdir()):
        if path.is_file():
            parsed = parse_doc(path)
            if parsed:
                docs[path.name] = norm(parsed[1])
    print(f"documents: {len(docs)}")
    if len(docs) < MIN_DOCS:
        problem(f"only {len(docs)} documents (< {MIN_DOCS})")

    seen_ids = set()
    types: Counter[str] = Counter()
    hits_per_doc: Counter[str] = Counter()
    capital_split: Counter[str] = Counter()
    all_questions = {}
    n = 0
    for lineno, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problem(f"line {lineno}: invalid JSON ({exc})")
            continue
        qid = q.get("id")
        where = f"line {lineno} ({qid})"
        if set(q) != {"id", "question", "expect", "type"}:
            problem(f"{where}: keys {sorted(q)}")
        if not isinstance(qid, str) or not ID_RE.match(qid):
            problem(f"{where}: bad id")
        elif qid in seen_ids:
            problem(f"{where}: duplicate id")
        seen_ids.add(qid)
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            problem(f"{where}: empty question")
        qtype = q.get("type")
        if qtype not in TYPES:
            problem(f"{where}: unknown type {qtype!r}")
        types[qtype] += 1
        expect = q.get("expect")
        if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
            problem(f"{where}: expect must be a list of strings")
            continue
        if qtype in UNANSWERABLE_TYPES and expect:
            problem(f"{where}: unanswerable question ({qtype}) has expect strings")
        if qtype not in UNANSWERABLE_TYPES and qtype not in EITHER_TYPES and not expect:
            problem(f"{where}: answerable question without expect strings")
        if qtype in EITHER_TYPES:
            capital_split["answerable" if expect else "unanswerable"] += 1
        if isinstance(qid, str):
            all_questions[qid] = (qtype, list(expect))
        hit_docs = set()
        for e in expect:
            if "\n" in e or not e.strip():
                problem(f"{where}: expect {e!r} is empty or contains a line break")
                continue
            words = len(e.split())
            if not 4 <= words <= 12:
                print(f"note: {where}: expect {e!r} has {words} words (aim for 4-12)")
            found = [name for name, body in docs.items() if norm(e) in body]
            if not found:
                problem(f"{where}: expect {e!r} not found in any document")
            elif len(found) > MAX_DOCS:
                problem(f"{where}: expect {e!r} occurs in {len(found)} documents")
            if not quiet:
                print(f"{qid} [{qtype}] {e!r} -> {', '.join(found) or 'NOWHERE'}")
            hit_docs.update(found)
        for name in hit_docs:
            hits_per_doc[name] += 1
        if qtype == "multi_doc" and len(hit_docs) < 2:
            problem(f"{where}: multi_doc question hits only {len(hit_docs)} document(s)")

    print(f"\nquestions: {n}")
    for t in TYPES:
        print(f"  {t:<20} {types[t]}")
        if types[t] < MIN_PER_TYPE.get(t, 0):
            problem(f"type {t}: {types[t]} questions (< {MIN_PER_TYPE[t]})")
    print(f"  capital: {capital_split['answerable']} answerable, {capital_split['unanswerable']} unanswerable")
    if capital_split["answerable"] < MIN_CAPITAL_ANSWERABLE:
        problem(f"type capital: {capital_split['answerable']} answerable (< {MIN_CAPITAL_ANSWERABLE})")
    if capital_split["unanswerable"] < MIN_CAPITAL_UNANSWERABLE:
        problem(f"type capital: {capital_split['unanswerable']} unanswerable (< {MIN_CAPITAL_UNANSWERABLE})")
    if n < MIN_QUESTIONS:
        problem(f"only {n} questions (< {MIN_QUESTIONS})")
    check_typos(all_questions)
    unused = [name for name in docs if not hits_per_doc[name]]
    if unused:
        print(f"note: documents no question points at: {', '.join(unused)}")

    if problems:
        print(f"\n{len(problems)} problem(s) found")
        return 1
    print("\nOK: no problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
