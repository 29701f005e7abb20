"""What a question asks: its names, years, kind of answer and focus actor, read against the corpus's words.

`QuestionReader.read(question)` gives a `QuestionAnalysis`:

- typos in names are read as the corpus spells them ("Rusia" -> "Russia", "Dier Ezor" -> "Deir ez-Zor",
  "hizbolah" -> "Hezbollah", "su22" -> "su 22"), found with rapidfuzz against the corpus vocabulary and the
  alias file's variants, and listed so the answer can say "Read 'Rusia' as 'Russia'";
- `unknown` holds the name-like words still absent from the corpus (capitalised mid-sentence words and
  years); ordinary words the corpus lacks ("nutshell", "pls") are ignored;
- `answer_type` is "count" (how many / how far ...), "when", "who" or "" (anything else);
- `actors` are the governments and armed groups the question names, folded (Tehran = Iran, the Kremlin =
  Russia, the regime = the Syrian government); `view` is set when it asks for an actor's aims, view or
  reaction, `compares` when it compares actors (then no actor is the single focus).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from retrieval.index.catalog import Catalog
from retrieval.index.table import ragged_take
from retrieval.ingest.event_dates import NUMBER_WORDS
from retrieval.ingest.lemmas import can_be_noun, can_be_verb, participle, past_tense
from retrieval.ingest.names import MONTHS, STOPWORDS, Aliases, raw_words, singular, squash
from retrieval.ingest.sentences import ends_with_abbreviation

# Governments and armed groups (canonical alias tokens); a question naming one of them is about that actor.
ACTORS = frozenset(
    {
        "unitedstates",
        "russia",
        "iran",
        "syriangovernment",
        "saa",
        "assad",
        "turkey",
        "iraq",
        "israel",
        "hezbollah",
        "sdf",
        "ypg",
        "isis",
        "coalition",
        "pmu",
    }
)
# Tokens that stand for one actor: the Syrian army is the government's, Assad heads it.
_SAME_ACTOR = {"saa": "syriangovernment", "assad": "syriangovernment"}

# "how much of a problem is ..." asks how serious, not for a figure; "how far they will go" how willing
COUNT_QUESTION = re.compile(
    r"\bhow (many|much(?! of an? )|far(?!(?:\s+[\w'-]+){0,8}?\s+(?:will|would|could|might|can|to)\s+go\b)|close|long|"
    r"big|large|often|wide|deep|tall|heavy|full|small|old|fast)\b|"
    r"\bwhat (number|percentage|share|distance|size)\b",
    re.I,
)
WHEN_QUESTION = re.compile(
    r"^\s*(when|what date|what day|since when)\b|\b(what|which) (year|month|date|day)\b|\bon what date\b", re.I
)
# asks for a list: "list each actor's aims", "what were the key judgments", "name all the factions"
LIST_QUESTION = re.compile(
    r"^\s*(?:list|name|enumerate)\b|\b(?:each|every)\b|\bwhat (?:were|are) (?:the |its |their )?(?:\w+ )?"
    r"(?:reasons|purposes|factors|aims|goals|objectives|axes|judgments|judgements|points|priorities|steps)\b"
    r"|(?:^|[?.!:,;-])\s*(?:pls |please )?list (?:them|em|'em|all|the lot|it all)\b",  # "... up to? list them"
    re.I,
)
# "when" opening a clause before the question ("When the PMU reached the border, did Baghdad say ...?")
WHEN_CLAUSE = re.compile(
    r"^\s*when\b[^,?]*,\s*(?:did|does|do|was|were|is|are|has|have|had|will|would|could|can|should|what|who|whom|"
    r"which|why|how|where)\b",
    re.I,
)
# "which" or "what", then up to two words before the kind asked for ("which Iraqi militias", "what US general")
_WHICH_KIND = (
    r"\b(?:which|what) (?:(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|the|a|an)\b)"
    r"[\w-]+ ){0,2}"
)
# a "who" question that asks for a person, not a group: "which Kremlin envoy ...", "the name of the pilot ..."
_PERSON_ASKED = (
    _WHICH_KIND + r"(?:person|commander|leader|official|general|minister|man|woman|envoy|judge|pilot|"
    r"(?<!outside )(?<!foreign )(?<!regional )(?<!external )(?<!other )(?<!key )players?|"  # "outside players": states
    r"spokesman|spokeswoman|ambassador|diplomat|officer|negotiator|mediator|politician|candidate)\b"
    r"|\bname (?:of )?the\b|\bwho (?:commanded|commands|heads|headed)\b"  # a commander or a head is a person
)
PERSON_QUESTION = re.compile(_PERSON_ASKED, re.I)
# a "who" question that asks for a group's name: "which Iraqi militias ...", "which hacker group ..."
_GROUP_ASKED = (
    _WHICH_KIND + r"(?:group|groups|militia|militias|faction|factions|unit|units|company|companies|firm|firms|party|"
    r"parties|team|teams|club|clubs|tribe|tribes|brigade|brigades|organisation|organisations|organization|"
    r"organizations|country|countries)\b"
)
WHO_QUESTION = re.compile(
    rf"^\s*(?:who|whom|whose)\b|{_PERSON_ASKED}|{_GROUP_ASKED}|\bwho (?:is|was|led|leads|commanded|commands|heads|"
    r"headed)\b",
    re.I,
)
# words asking how an actor reacted or what it said: a view, and a reaction (REACTION_QUESTION)
_REACTION_WORDS = (
    r"react|reacted|reaction|respond|responded|response|make of|made of|complain|complained|protest|protested|object|"
    r"objected|comment|commented|comments|(?:'s|s') (?:line|take) on|(?:'s|s') take when|"
    # asking whether an actor said anything: "any word out of Tehran", "did Ankara put out any line", "any
    # Iraqi statement", "did Baghdad weigh in"
    r"any word (?:from|out of)|put out (?:any|a|an) (?:statement|line)|put out anything|"
    r"(?:make|made|issue|issued) (?:any|a) statement|any (?:[\w-]+ )?statement|weigh in|weighed in"
)
VIEW_QUESTION = re.compile(
    r"\b(want|wants|wanted|aim|aims|goal|goals|objective|objectives|interest|interests|intend|intends|seek|seeks|"
    r"hope|hopes|hoping|fear|fears|view|views|position|stance|think|thinks|believe|believes|strategy|priority|"
    r"priorities|plan|plans|oppose|opposes|see|sees|say|said|claim|claimed|reason|reasons|motive|motives|motivation|"
    rf"why|feel|feels|felt|objection|objections|complaint|welcome|welcomed|{_REACTION_WORDS})\b",
    re.I,
)
# asks how an actor reacted or what it said ("how did Iran react to ...", "what did Tehran say after ...", "what did
# the SDF make of ..."), not what the briefings say ("what do the June pieces say")
REACTION_QUESTION = re.compile(
    rf"\b({_REACTION_WORDS})\b|(?<!pieces )(?<!briefings )(?<!reports )(?<!articles )(?<!assessments )\b(say|said)\b",
    re.I,
)
# a clause setting the time of the question ("once the White House said it was pulling out, what could ..."):
# what was said in it is no reaction asked about; "when" that opens a question ("when did Moscow say") is no such
# clause
TIME_CLAUSE = re.compile(
    r"\b(?:once|after|since|because|before|until|while|when(?!\s+(?:did|does|do|is|was|were|are|has|have|had|will|"
    r"would|can|could)\b))\b[^,;:?]*$",
    re.I,
)
# "who" as the subject of the asked verb ("who was uneasy that the SDF would deal with Assad", "who took the worst
# losses when Daesh hit back"): the actors named are those it acted on or beside, none of them the one asked about
# ("who did Iran back", "who is Russia supporting" ask about the actor after the auxiliary)
WHO_ACTS = re.compile(r"(?:^|[:;,.?!-]\s*)who\s+(?!(?:did|does|do|had|has|have|will|would|is|are)\b)", re.I)
COMPARE_QUESTION = re.compile(r"\b(compare|compared|comparison|differ|differs|difference|versus|vs|both|each)\b", re.I)
# a practical how-to in the first or second person ("how do I reset ...", "how should we train ..."), or a
# recommendation ("what's a good lens for ...", "which laptop should I buy"): briefings report and assess, they
# give no instructions or advice; "how should we read ..." asks for an assessment and is not one
HOW_TO_QUESTION = re.compile(
    r"^\s*(?:how (?:do|can|should|could|would) (?:i|you|we|one)|how to|what(?:'s| is) the (?:best|easiest) way to)\b"
    r"(?!\s+(?:read|interpret|understand|see|view|assess|judge|expect|explain)\b)"
    r"|^\s*what(?:'s| is| are) (?:a|an|some) (?:good|decent|cheap|affordable|nice) (?:\w+ ){1,3}(?:for|to)\b"
    r"|\b(?:which|what) (?:\w+ ){1,2}should (?:i|we) (?:buy|get|use|choose|pick|try)\b"
    r"|\b(?:can|could) you recommend\b",
    re.I,
)
# a question about what happened ("when did gas start flowing?"), as against one about a plan, a forecast or what
# someone said ("how big was the force the coalition announced?", "how many troops did Washington say it'd
# withdraw?"), where a forecast's figure or date is the answer
PAST_QUESTION = re.compile(
    r"\b(?:did|was|were|had)\b|\bwho\s+(?:[a-z]+ed|won|became|took|led|lost|beat|shot|struck|made|met|gave|held|"
    r"began|brought|fought|ran|sent|hit|set|got|came|went)\b",
    re.I,
)
# words asking for a total or a final count, in both of the next two
_TOTAL_WORDS = r"in total|altogether|by the end of|final (?:toll|count|tally|figure|total|death toll)"
# a question about how something ended or what it came to, as against what was planned or a first count
OUTCOME_QUESTION = re.compile(
    rf"\b(?:actually|end(?:ed)? up|in the end|eventually|ultimately|finally|by the time|(?:the )?whole of|"
    r"(?<!first-)(?<!first )ever(?! since)|"
    rf"(?:over|in|for|during|across) the (?:whole|entire|full) (?:first |last )?(?:day|week|month|year|season)|"
    rf"{_TOTAL_WORDS})\b",
    re.I,
)
# "actually" after a word standing for the event the question has just told ("did that actually settle the
# quarrel", "did anything actually happen to them") or after a modal ("could Iran actually move heavy loads") asks
# what the event meant or allowed, which an assessment answers, not how something ended
ACTUALLY_OF_THE_TOLD = re.compile(
    r"\b(?:(?:that|this|anything)|(?:could|can|might)\s+[\w'\u2019-]+(?:\s+[\w'\u2019-]+)?)\s+actually\b", re.I
)


def asks_outcome(text: str) -> bool:
    """Whether the question asks how something ended or what it came to (`QuestionAnalysis.outcome`), in the
    question proper and not in a clause setting its time ("when the army finally took it, how was that attack
    different from the first?" asks how it differed)."""
    if asks_plan(text):
        return False
    told = {match.end() for match in ACTUALLY_OF_THE_TOLD.finditer(asked_part(text))}
    return any(match.end() not in told for match in asked_matches(OUTCOME_QUESTION, text))


# what a period came to by its end: a total, a final count, the state at its end
TOTAL_QUESTION = re.compile(
    rf"\b(?:(?:over|in|for) the (?:whole|entire|full) of|over the (?:whole|entire|full) (?:year|month)|all told|"
    rf"{_TOTAL_WORDS})\b",
    re.I,
)
PLAN_QUESTION = re.compile(
    r"\b(?:expect|forecast|predict|estimat|assess|anticipat|announc|propos|promis|intend|aim|hope|want|"
    r"goal|say|said|claim|told|tell)\w*|\bplan(?:s|ned|ning)?\b|\bjudg(?:ed|ing|e?ments?)\b"  # not "plant", "judge"
    r"|\b(?:try|tries|tried|trying|attempt|attempts|attempted|attempting) to\b"  # an aim: "actually trying to achieve"
    r"|\b(?:set|sets|setting) out to\b"  # an aim: "was the SDF actually setting out to storm the city"
    # a forecast: "what odds were they giving the rebels of actually making it to Abu Kamal"
    r"|\b(?:odds|chances?|prospects?|likelihood|probabilit(?:y|ies))\b"
    # an aim: "what was the Kremlin actually after, politically", "what were they actually after in those talks?"
    r"|\bwhat\b[^?]*\bafter(?:\s+(?:in|at|with|from|over|there)\b[^?,;:]*)?\s*(?=[,?;:]|$)"
    r"|\b(?:will|would|likely|should|(?:it|they|he|she|we|i|you)['\u2019]?d)\b",
    re.I,
)
# a plan word naming a thing ("the planned plunge", "its announced target"): the question asks about the thing,
# not for the plan ("did the probe actually end with the planned plunge?" asks how it ended)
PLANNED_THING = re.compile(
    r"\b(?:the|a|an|its|their|his|her) (?:planned|expected|announced|promised|proposed|intended|anticipated)\b"
    r"|\b(?:after|since|before|following) (?:the|its|their|his|her) (?:[\w-]+ ){0,2}announcements?\b",
    re.I,
)
PLAN_WORDS = (
    *("expected", "forecast", "predicted", "planned", "estimated", "assessed", "anticipated", "announced"),
    *("proposed", "promised", "intended", "claimed"),
)
PLAN_SCORE = 85.0  # a typed word this close to one of PLAN_WORDS is read as it ("anounced")
POSSESSIVE = re.compile(r"\b([A-Z][\w-]*)['\u2019]s\b")
CALENDAR = frozenset(MONTHS.values()) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# a faith's branch describes people as a demonym does ("Iraqi Shia militias" are the PMU): no name to look for
SECTS = frozenset({"shia", "shiite", "sunni", "alawite"})
NOT_NAMES = CALENDAR | SECTS  # capitalised words a question's names leave out
# "May" written as a month ("May 2017", "the end of May", "mid-May"), not a name ("Theresa May")
MAY_AS_MONTH = re.compile(
    r"\bMay\s+\d|(?:\b(?:in|of|early|late|since|until|by|during|from|before|after)\s+|\bmid-)May\b"
)
ACRONYM = re.compile(r"\b[A-Z]{3,}\b")  # "OPCW", "SDF": typed in capitals on purpose
# abbreviations of common nouns, typed in capitals as analysts do ("the HQ", "a UAV", "how many IEDs"): no
# name, so a briefing that never has them (it says "headquarters", "drone") is not about something else
COMMON_ABBREVIATIONS = frozenset(
    {"hq", "hqs", "uav", "uavs", "ied", "ieds", "vbied", "vbieds", "apc", "apcs", "ifv", "ifvs", "mbt", "mbts"}
    | {"atgm", "atgms", "manpads", "rpg", "rpgs", "mlrs", "aaa", "kia", "wia", "pow", "pows", "idp", "idps"}
    | {"ngo", "ngos", "fob", "fobs", "qrf", "isr", "sigint", "humint", "osint", "aor", "ops"}
    | {"ceo", "cfo", "gdp", "km", "kms", "mph", "tv", "pm"}
    | {"ne", "nw", "se", "sw", "nne", "ene", "ese", "sse", "ssw", "wsw", "wnw", "nnw"}  # "the frontier SW of Sinjar"
)  # not "SAM" nor "MIA": a person may be called Sam or Mia
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# chat framing around a question ("quick q:", "hey", "btw", "pls"): not words of what is asked
CHAT_OPENING = re.compile(
    r"^\s*(?:(?:hey|hi|hello|ok|okay|btw|fyi|quick\s+(?:q|question))\b[\s,:;!.\-]*|(?:q|question)\s*:\s*)+", re.I
)
CHAT_WORDS = re.compile(r"[\s,;]*\b(?:pls|plz|thx|tia|ty|asap)\b[\s,;]*", re.I)
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.I)
_LETTERS_DIGITS = re.compile(r"^([a-z]+)(\d+)$|^(\d+)([a-z]+)$")
MIN_TYPO_LENGTH = 4
NAME_SCORE = 80.0  # rapidfuzz ratio for reading a typed word as a corpus name
PAIR_SCORE = 80.0  # ... for two typed words read as one name ("Dier Ezor")
TRIPLE_SCORE = 72.0  # ... for three ("Dayr al Zor")
RARE_WORD_SCORE = 85.0  # ... as a rare word of the corpus (not in the alias file)
OTHER_NAME_SCORE = 60.0  # a variant this far from the main spelling is another name (a capital), shown as such
NEAR_SCORE = 70.0  # a capitalised word this close to a corpus word is taken for a typo, not an unknown name
SOUND_SCORE = 60.0  # a corpus word this close is read as the typed word when both sound alike (`sound_key`)
# how one sound of a name from Arabic or Persian is written in English: each spelling, and the one it is read as
_SPELLINGS = (("kh", "h"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("q", "k"), ("ck", "k"))
_VOWELS = (("ee", "i"), ("ii", "i"), ("oo", "u"), ("ou", "u"), ("aw", "u"), ("ay", "i"), ("ey", "i"), ("ei", "i"))
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_DOUBLED = re.compile(r"(.)\1+")


def sound_key(word: str) -> str:
    """One spelling for the ways a transliterated name is written: "Hajeen" and "Hajin", "Suhna" and "Sukhnah",
    "Mayadeen" and "Mayadin" share one (the short vowels a, i, u; "kh" as "h", "q" as "k"; no final "h"
    after a vowel; no doubled letter)."""
    key = word.lower()
    for written, read in _SPELLINGS + _VOWELS:
        key = key.replace(written, read)
    key = key.replace("e", "i").replace("o", "u")
    return _DOUBLED.sub(r"\1", _FINAL_H.sub("", key))


@dataclass(frozen=True)
class QuestionAnalysis:
    text: str  # the question with typos in names read as the corpus spells them
    typed: str  # the question as typed
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, read as)
    unknown: tuple[str, ...] = ()  # name-like words (or years) the corpus never has
    terms: tuple[str, ...] = ()  # folded content words of `text`
    names: tuple[str, ...] = ()  # folded names: alias tokens and capitalised words
    years: tuple[str, ...] = ()
    answer_type: str = ""  # "count", "when", "who" or ""
    actors: tuple[str, ...] = ()  # folded actor tokens, in order of mention
    holder: tuple[str, ...] = ()  # whose view is asked, when no actor ("what does Cardiff want": cardiff)
    view: bool = False  # asks for an actor's aims, view or reaction
    compares: bool = False
    who_acts: bool = False  # "who" is the subject of the asked verb ("who was uneasy that ..."): `WHO_ACTS`
    how_to: bool = False  # asks for instructions ("how do I reset my password?")
    what_happened: bool = False  # a past question about what happened, not about a plan or what was said
    outcome: bool = False  # it asks how something ended, not what was planned ("did they actually", "in total")
    reaction: bool = False  # it asks how an actor reacted or what it said ("how did Iran react to ...")
    person: bool = False  # a "who" question asking for a person ("which envoy"), not a group
    asks_list: bool = False  # asks for a list ("list each actor's aims"): a bullet is quoted with its list
    asked_from: str = ""  # ISO day the period asked about starts, when briefings of any date may answer
    asked_when: str = ""  # ... as the question says it ("in October 2018")
    within_period: bool = False  # the passages are those of the briefings dated in the period it names only
    asks_total: bool = False  # what a period came to by its end ("by the end of 2019", "over the whole of 2017")
    period_end: str = ""  # for such a question, the ISO day its period ends: a briefing written before cannot say

    counted: tuple[str, ...] = ()  # folded words of what "how many" counts ("troops", "PMU members")
    display: dict[str, str] = field(default_factory=dict, compare=False)  # folded name -> how it is written
    counted_text: str = ""  # what is counted, as typed ("troops")
    heads: tuple[str, ...] = ()  # folded nouns heading a name's phrase ("the Wagner group pull out": group)
    name_runs: tuple[str, ...] = ()  # names of several capitalised words, folded terms joined by spaces (shown
    # as written: `display`)
    unread: tuple[tuple[str, ...], ...] = ()  # a capitalised word the corpus lacks, near corpus words: (it, *them)
    verb: str = ""  # the verb asked about, after the auxiliary ("when did New York City lift ...": lift)
    kind: tuple[str, ...] = ()  # the words of the kind whose name "which ..." asks, lower case ("which Canadian
    # pension fund": fund; `asked_kind`)

    @property
    def focus(self) -> frozenset[str]:
        """The actor the answer must be about: the first the question proper names (`asked_part`; its subject:
        "how did Iran react to Russia's ..."), else the first it names; empty when it names none, compares
        actors or asks who did something (`who_acts`)."""
        if self.compares or self.who_acts or not self.actors:
            return frozenset()
        return frozenset({same_actor(self.actors[0])})

    def shown(self, tokens: list[str] | tuple[str, ...]) -> list[str]:
        """Folded tokens as a reader writes them ("deirezzor" -> "Deir ez-Zor"; an actor's token as the question
        wrote its name: "unitedstates" -> "US")."""
        return [self.display.get(t) or self.display.get(singular(t), t.capitalize()) for t in tokens]

    def actors_shown(self) -> str:
        """The focus actors as a reader writes them, with "the" where the question wrote it or the name is a
        common noun's ("the US", "Iran", "the Syrian government"): "say nothing of how the US reacted"."""
        names = self.shown(sorted(self.focus))
        return " and ".join(
            f"the {name}"
            if re.search(rf"\bthe {re.escape(name)}\b", self.text, re.I) or any(w.islower() for w in name.split())
            else name
            for name in names
        )

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(f"Read '{typed}' as '{read}'." for typed, read in self.corrections)


# whose view a question asks: the name after "what does", "why did", "how would" ... and before the view's verb
VIEW_HOLDER = re.compile(
    r"\b(?:what|why|how) (?:does|do|did|would) (?:the )?([A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)*?)"
    r"(?:['\u2019]s?)? (?:want|think|fear|hope|seek|aim|expect|say|plan|believe|see|view|oppose|react|respond)\b"
)


def view_holder(text: str, aliases: Aliases) -> tuple[str, ...]:
    """The folded name whose view the question asks, when it is no government or armed group (those are the
    focus: `QuestionAnalysis.focus`): "what does Cardiff want in Deir ez-Zor?" asks Cardiff's view."""
    match = VIEW_HOLDER.search(text)
    tokens = tuple(aliases.terms(match.group(1))) if match else ()
    return () if not tokens or actors_in(list(tokens)) else tokens


def same_actor(token: str) -> str:
    return _SAME_ACTOR.get(token, token)


def actors_in(words: list[str]) -> list[str]:
    """Actor tokens among folded words ("Iran's" folds to "irans": the possessive counts), in order, each
    once (folded to one token per actor)."""
    found = (w if w in ACTORS else w[:-1] for w in words if w in ACTORS or (w.endswith("s") and w[:-1] in ACTORS))
    return list(dict.fromkeys(same_actor(w) for w in found))


_HOW_MANY = re.compile(
    r"\bhow many ([\w' -]+?)(?= (?:were|was|are|is|did|does|do|had|has|have|got|get|will|would|could|can|in|"
    r"at|on|of|from|to|for)\b|[?,.]|$)",
    re.I,
)


MEASURE_QUESTION = re.compile(
    r"\bwhat(?:'s| is| was| were| are)? (?:the |its |their )?(?:[\w'\u2019]+ ){0,2}(population|score|price|cost|toll|"
    r"fee|fine|salary|budget|profit|revenue|turnout|capacity|output|death toll|casualty figure|margin|value|length|"
    r"height|depth|speed|temperature|magnitude|attendance|[a-z]+(?= rate\b))\b",  # "inflation rate": inflation
    re.I,
)


def counted_words(question: str, aliases: Aliases) -> list[str]:
    """The folded content words of what a "how many" question counts ("how many PMU members were killed"
    -> ["pmu", "member"]) or the measure a "what is the population/price/score" question asks for; [] for
    other questions."""
    match = _HOW_MANY.search(question) or MEASURE_QUESTION.search(question)
    return aliases.terms(match.group(1)) if match else []


def counted_phrase(question: str) -> str:
    match = _HOW_MANY.search(question) or MEASURE_QUESTION.search(question)
    return match.group(1).strip() if match else ""


def asks_measure(question: str) -> bool:
    """ "what's the population of Cardiff?": a figure of a named measure (which the answer must name)."""
    return bool(MEASURE_QUESTION.search(question))


def asks_plan(question: str) -> bool:
    """The question asks what was planned, expected or said (beside what happened, or instead of it)."""
    return bool(PLAN_QUESTION.search(PLANNED_THING.sub(" ", question)))


# what sets the scene before the question proper: a statement before it ("In May the militias were flagged as a
# risk. Did anything happen to them?") and a clause of time opening it ("When Ankara went into Afrin, did
# Washington say ...")
_ASKING_WORD = (
    r"(?:who|whom|whose|what|when|where|which|why|how|any|did|does|do|was|were|is|are|has|have|had|could|can|would|"
    r"will|should)\b"
)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s)")  # lower case may follow in chat: "... were flagged. did they ..."
_OPENING_CLAUSE = re.compile(
    r"^\s*(?:when(?!\s+(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b)|once|after|since|before|"
    r"while|until|as soon as)\b(?:[^,;:?]|,(?=\S))*,\s+(?=\S)",  # "when did ..." asks; "2,000" is no clause's end
    re.I,
)


def _scene_before(separator: str) -> re.Pattern[str]:
    """A scene set before `separator`, then the question; not a question itself ("how many did it end 2019 with -
    did it hit 250,000?" asks how many)."""
    return re.compile(rf"^(?!\s*{_ASKING_WORD})[^?]{{0,150}}?{separator}\s+(?={_ASKING_WORD})", re.I)


# a scene set before a dash or a colon ("panjshir, sept 2021 - who killed the NRF spokesman?", "Turkey and the
# Raqqa campaign: who did Ankara want doing the fighting")
_LEAD_IN = _scene_before(r"(?:\s[-\u2013\u2014]|:)")
# a scene set before a comma ("In the October 2017 piece on the Russian strike, what is the SDF's priority?",
# "apart from keeping the Americans on side, what was the SDF hoping to get?"); read after a scene before a dash
# or a colon, which may hold a comma ("Sept 2017, when the SDF took the plant: what was ...")
_SCENE_BEFORE_COMMA = _scene_before(",")
# what opens a question before the question proper, stripped in this order
_SCENES = (_LEAD_IN, _OPENING_CLAUSE, _SCENE_BEFORE_COMMA)


def asked_part(question: str) -> str:
    """The question proper, without the scene it sets: its last sentence that asks (ends in "?"; the last
    sentence when none does), less a scene before a dash or a colon, a clause of time opening it and a scene
    before a comma ("In the piece on the Russian strike, what is the SDF's priority?"). The focus
    actor, the kind of answer and whether a view or a reaction is asked are read there: "When Ankara went into
    Afrin, did Washington say it would stand by the SDF?" asks what Washington said, not how Turkey reacted."""
    text = question.strip()
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if not ends_with_abbreviation(text, m.end())]
    sentences = [piece.strip() for a, b in pairwise([0, *ends, len(text)]) if (piece := text[a:b]).strip()]
    asking = [s for s in sentences if "?" in s]
    last = (asking or sentences or [question])[-1]
    for scene in _SCENES:
        last = scene.sub("", last, count=1)
    return last


# "which" (or "the name of the") and the words after it that may name the kind asked for
_KIND_ASKED = re.compile(r"\b(?:which|name of (?:the|a|an))\s+((?:[A-Za-z][\w-]*\s+){0,3}[A-Za-z][\w-]*)", re.I)


def asked_kind(question: str) -> tuple[str, ...]:
    """The words of the kind whose name a question asks, lower case: "which three commercial property funds
    froze withdrawals?": commercial, property, funds; "what was the name of the nuclear icebreaker that led
    ...": icebreaker. Up to the first stop word; only words that are nouns and no verbs ("led", "pension" and
    "nuclear" are not kept; "fund", "type", "base" and "group" are), or, after "the name of", a noun just
    before a stop word ("the name of the cruise ship that ...": ship), or a noun the question ends on ("which
    club?"), not a name or a demonym ("Canadian") nor a number ("three"). Read in the question proper
    (`asked_part`); "which three?" asks for the kind the scene before it counts (`_kind_in_scene`)."""
    asked = asked_part(question)
    match = _KIND_ASKED.search(asked)
    if not match:
        return ()
    kind: list[str] = []
    typed_words = match.group(1).split()
    named = not match.group(0).lower().startswith("which")
    ends_question = re.match(r"\s*[?,;:-]|\s*$", asked[match.end() :]) is not None
    for at, typed in enumerate(typed_words):
        word = typed.lower()
        if word in STOPWORDS:
            break
        after = typed_words[at + 1].lower() if at + 1 < len(typed_words) else ""
        # after "the name of the", a noun ends the kind before a stop word ("cruise ship that"), not a verb
        # before its object ("judge leads the"); a noun ends it before the question's end ("which club?")
        ends_kind = (named and after in STOPWORDS and after not in _DETERMINERS) or (ends_question and not after)
        noun = (can_be_noun(word) and (ends_kind or not can_be_verb(word))) or word in _KIND_NOUNS_AND_VERBS
        if len(word) >= 4 and noun and typed[0].islower() and word not in NUMBER_WORDS:
            kind.append(word)
    if not kind and not named and typed_words[0].lower() in NUMBER_WORDS:
        scene = question[: question.lower().rfind(match.group(0).lower())]
        return _kind_in_scene(scene, typed_words[0].lower())
    return tuple(kind)


def _kind_in_scene(scene: str, number: str) -> tuple[str, ...]:
    """For "which three?": the noun heading what that number counts in the scene, the first plural noun after
    it before a stop word or a stop ("three of the five biggest European car makers buy ... - which three?":
    makers; "on three axes - which three?": axes); () when none."""
    counted = re.search(rf"\b{number}\s+(?:of\s+(?:the|its|their)\s+)?([^,;:?!.]*)", scene, re.I)
    for typed in counted.group(1).split() if counted else []:
        word = typed.lower()
        if word in STOPWORDS or word == "-":
            break
        if word.endswith("s") and can_be_noun(word) and typed[0].islower() and word not in NUMBER_WORDS:
            return (word,)
    return ()


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these", "those"})
_KIND_NOUNS_AND_VERBS = frozenset(
    {"fund", "funds", "type", "types", "base", "bases", "group", "groups", "power", "powers"}
)


def asks_reaction(question: str) -> bool:
    """How an actor reacted or what it said is asked, not only said in the scene the question sets (a statement
    before it, a clause setting its time: `asked_part`, TIME_CLAUSE)."""
    return any(asked_matches(REACTION_QUESTION, question))


def asked_matches(pattern: re.Pattern[str], question: str) -> list[re.Match[str]]:
    """The pattern's matches in the question proper (`asked_part`) outside a clause setting its time
    (TIME_CLAUSE): what is asked, not the scene the question sets."""
    asked = asked_part(question)
    return [m for m in pattern.finditer(asked) if not TIME_CLAUSE.search(asked[: m.start()])]


def asks_what_happened(question: str) -> bool:
    """A past question ("did", "was", "were", "had") about what happened, not about a plan, a forecast or what
    someone said (read also through a typo: "anounced")."""
    if not PAST_QUESTION.search(question) or asks_plan(question):
        return False
    words = [w for w in re.findall(r"[a-z]+", PLANNED_THING.sub(" ", question).lower()) if len(w) >= 6]
    return not any(process.extractOne(w, PLAN_WORDS, scorer=fuzz.ratio, score_cutoff=PLAN_SCORE) for w in words)


def answer_type(question: str) -> str:
    """The kind of answer asked for ("count", "when", "who", or ""), read in the question proper (`asked_part`):
    "When the SDF went after the pocket, analysts flagged the weather. Did that play out?" asks for no date."""
    question = asked_part(question)
    if COUNT_QUESTION.search(question) or MEASURE_QUESTION.search(question):
        return "count"
    if WHEN_QUESTION.search(question) and not WHEN_CLAUSE.match(question):
        return "when"
    if WHO_QUESTION.search(question):
        return "who"
    return ""


class QuestionReader:
    """Reads questions against one catalog's vocabulary and alias file."""

    def __init__(self, catalog: Catalog, is_common_word: Callable[[str], bool], mask: np.ndarray | None = None) -> None:
        """`mask`: the rows the reader may read (None: all). Only their words count as known or serve to read
        a typo, so no reading or "unknown" verdict hints at a document outside the reader's scope."""
        self._catalog = catalog
        self._mask = mask
        self._vocabulary = catalog.lexical.sorted_vocabulary if mask is None else readable_vocabulary(catalog, mask)
        self._aliases = catalog.aliases
        self._is_common_word = is_common_word
        self._names = sorted(self._aliases.canonical_of)
        # the corpus's words; a match is taken only when rare (a word the model knows whole is ordinary English):
        # checked on the few matches, not on the whole vocabulary (cheap to build for every new index version)
        self._words = [w for w in self._vocabulary if w.isalpha() and len(w) >= MIN_TYPO_LENGTH]

    def read(self, question: str) -> QuestionAnalysis:
        text, corrections = self._corrected(without_chat(question))
        aliases = self._aliases
        plain = self._without_possessives(text)
        words = aliases.words(plain)
        terms = tuple(aliases.terms(plain))
        capitalised = _capitalised(plain)
        capitalised |= {t for word in capitalised for t in aliases.terms(word)}  # folded as terms are: "Garros"
        # names the corpus has (a capitalised word it lacks is either an unknown name or a typo left unread)
        names = tuple(
            dict.fromkeys(
                t for t in terms if (aliases.is_name(t) or (t in capitalised and self.knows(t))) and t not in NOT_NAMES
            )
        )
        asked = asked_part(plain)
        asked_words = aliases.words(asked)
        asked_actors = _actors_named(aliases.words(_without_roads(asked)), asked)  # the focus first: the one asked
        acronyms = {w.lower() for w in ACRONYM.findall(plain)}
        unknown_words, unread = self._unknown(terms, capitalised, acronyms)
        unknown = tuple(unknown_words)
        runs = name_runs(plain, aliases, set(names))
        return QuestionAnalysis(
            text=text,
            typed=question,
            corrections=tuple(corrections),
            unknown=unknown,
            unread=tuple(unread),
            terms=terms,
            names=names,
            years=tuple(dict.fromkeys(YEAR.findall(text))),
            answer_type=answer_type(text),
            actors=tuple(dict.fromkeys(asked_actors + _actors_named(aliases.words(_without_roads(plain)), text))),
            holder=view_holder(plain, aliases),
            view=bool(VIEW_QUESTION.search(asked_part(text))),
            compares=bool(COMPARE_QUESTION.search(text)),
            who_acts=bool(WHO_ACTS.search(asked)),
            how_to=bool(HOW_TO_QUESTION.search(text)),
            what_happened=asks_what_happened(text),
            outcome=asks_outcome(text),
            reaction=asks_reaction(text),
            asks_total=bool(TOTAL_QUESTION.search(text)) and not asks_plan(text),
            person=bool(PERSON_QUESTION.search(text)),
            asks_list=bool(LIST_QUESTION.search(text)),
            counted=tuple(counted_words(text, aliases)),
            display=_as_written(names + unknown, plain, aliases) | runs,
            name_runs=tuple(runs),
            counted_text=counted_phrase(text),
            heads=name_heads(words, set(names)),
            verb=asked_verb(asked_words, set(names)),
            kind=asked_kind(plain),
        )

    def _without_possessives(self, text: str) -> str:
        """ "Moscow's side" read as "Moscow side", so the alias file folds it (to Russia): only for a name of the
        alias file, as other words are folded with their "'s" the same way in the briefings' words."""

        def plain(match: re.Match[str]) -> str:
            name = match.group(1)
            return name if squash(name) in self._aliases.canonical_of else match.group()

        return POSSESSIVE.sub(plain, text)

    def knows(self, term: str) -> bool:
        """A folded term the corpus has, as such, as a name or as another form of a corpus word."""
        catalog = self._catalog
        return catalog.lexical.knows(term, self._mask) or self._aliases.is_name(term) or self._same_stem(term)

    def _unknown(
        self, terms: tuple[str, ...], capitalised: set[str], acronyms: Collection[str] = ()
    ) -> tuple[list[str], list[tuple[str, ...]]]:
        """The name-like words (and years) the corpus never has; and the capitalised words it lacks that are
        near corpus words (`near_known`), each with those words: a typo too far to be read as one of them
        ("Hajeen": hajin), or a name the corpus never has ("Astana": adana). The answer's briefing must hold
        one of them, as it must hold the question's names."""
        unknown: list[str] = []
        unread: dict[str, tuple[str, ...]] = {}
        for term in terms:
            if self.knows(term) or term in COMMON_ABBREVIATIONS:
                continue
            if YEAR.fullmatch(term):
                unknown.append(term)
            elif term in capitalised:
                readings = unread.get(term) or tuple(self.readings(term, term in acronyms))
                if readings:
                    unread[term] = readings
                else:
                    unknown.append(term)
        return unknown, [(term, *readings) for term, readings in unread.items()]

    def _same_stem(self, term: str) -> bool:
        """Another form of a corpus word: the same first letters ("parachuting" ~ "parachute")."""
        if len(term) < 5:
            return False
        vocabulary = self._vocabulary
        stem = term[: max(5, min(len(term) - 4, 6))]
        at = bisect.bisect_left(vocabulary, stem)
        return at < len(vocabulary) and vocabulary[at].startswith(stem)

    # -- typos ------------------------------------------------------------------------------------

    def _corrected(self, question: str) -> tuple[str, list[tuple[str, str]]]:
        tokens = list(_TOKEN.finditer(question))
        pieces: list[str] = []
        corrections: list[tuple[str, str]] = []
        last = 0
        i = 0
        while i < len(tokens):
            match = tokens[i]
            reading, used = self._reading(question, tokens, i)
            if reading is None:
                i += 1
                continue
            end = tokens[i + used - 1].end()
            typed = question[match.start() : end]
            pieces += [question[last : match.start()], reading]
            corrections.append((typed, reading))
            last = end
            i += used
        pieces.append(question[last:])
        return "".join(pieces), corrections

    def _reading(self, question: str, tokens: list[re.Match[str]], i: int) -> tuple[str | None, int]:
        """How the corpus spells tokens[i] (or tokens[i:i+n] as one name), with the number of tokens read;
        None when it needs no reading (a known word, a stop word, or an ordinary word the corpus lacks)."""
        best: tuple[float, int, str] | None = None  # (score, -n, name key)
        for n in (2, 3):
            joined = self._joined(question, tokens, i, n)
            if not joined:
                continue
            if joined in self._aliases.canonical_of:
                return None, n  # a known name written in parts ("Deir ez Zor"): folding reads it
            parts = [squash(t.group()) for t in tokens[i : i + n]]
            ends = (tokens[i].group(), tokens[i + n - 1].group())
            if (
                len(joined) < 6
                or any(self._ordinary(squash(e), e) for e in ends)
                or self._holds_name(parts)  # a whole name already
                or all(self._known_word(p) for p in parts)
            ):
                continue
            cutoff = PAIR_SCORE if n == 2 else TRIPLE_SCORE
            found = process.extractOne(joined, self._names, scorer=fuzz.ratio, score_cutoff=cutoff)
            if found and (best is None or found[1] > best[0]):
                best = (found[1], n, found[0])
        word = squash(tokens[i].group())
        single = process.extractOne(word, self._names, scorer=fuzz.ratio) if len(word) >= MIN_TYPO_LENGTH else None
        if best is not None and not (single and single[1] >= best[0]):
            return self._display(best[2], tokens[i].group()), best[1]
        word = squash(tokens[i].group())
        if not word or word in STOPWORDS or self._known_word(word, stems=False):
            return None, 1
        split = self._split(word)
        if split:
            return split, 1
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or self._is_common_word(word):
            return None, 1
        found = process.extractOne(word, self._names, scorer=fuzz.ratio, score_cutoff=self._cutoff(word))
        if not found:
            found = self._rare_match(word) or self._same_sound(word)
        if not found or abs(len(found[0]) - len(word)) > 2:
            return None, 1
        return self._display(found[0], tokens[i].group()), 1

    def near_known(self, term: str, acronym: bool = False) -> bool:
        """A word close to a corpus name or rare word with the same first letter, though not close enough
        to be read as it: a typo more likely than a name the briefings never mention. A typo keeps the first
        letter far more often than not ("Mosool" ~ Mosul, "Hajeen" ~ Hajin), while a name the briefings never
        mention is only by chance close to some corpus word ("Louvre" ~ "closure", "Qassem" ~ "asset"). A word
        close only to ordinary English words ("Golan" ~ "golden") is a name: a capital mid-sentence says so.
        An acronym typed in capitals is a typo only one letter (or one swap) away ("ISLI" ~ ISIL; "OPCW" is not
        "OPEC")."""
        return bool(self.readings(term, acronym))

    def readings(self, term: str, acronym: bool = False) -> list[str]:
        """The corpus names and rare words `near_known` finds the term close to."""
        if len(term) < MIN_TYPO_LENGTH:
            return []
        if acronym:
            return [
                match
                for choices in (self._names, self._words)
                for match, *_ in process.extract(term, choices, scorer=OSA.distance, score_cutoff=1, limit=5)
            ]
        # a capitalised word near an ordinary English word ("Golan" ~ "golden") is a name, not its typo
        return [
            match
            for choices in (self._names, self._words)
            for match, *_ in process.extract(term, choices, scorer=fuzz.ratio, score_cutoff=NEAR_SCORE, limit=5)
            if match[:1] == term[:1] and not self._is_common_word(match)
        ]

    def _rare_match(self, word: str) -> tuple[str, float, int] | None:
        """The closest rare corpus word to a typed word, if close enough."""
        matches = process.extract(word, self._words, scorer=fuzz.ratio, score_cutoff=RARE_WORD_SCORE, limit=5)
        return next((m for m in matches if not self._is_common_word(m[0])), None)

    def _same_sound(self, word: str) -> tuple[str, float, int] | None:
        """A corpus name or rare word written as the typed word sounds ("Hajeen": hajin), among the close ones."""
        key = sound_key(word)
        for choices in (self._names, self._words):
            matches = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=SOUND_SCORE, limit=10)
            sounding = (m for m in matches if sound_key(m[0]) == key and not self._is_common_word(m[0]))
            found = next(sounding, None)
            if found:
                return found
        return None

    def _holds_name(self, parts: list[str]) -> bool:
        """Some run of the parts is already a name of the alias file ("retake Deir Ezzor")."""
        runs = ("".join(parts[a:b]) for a in range(len(parts)) for b in range(a + 1, len(parts) + 1))
        return any(run in self._aliases.canonical_of for run in runs)

    @staticmethod
    def _joined(question: str, tokens: list[re.Match[str]], i: int, n: int) -> str:
        """tokens[i:i+n] run together when only spaces or hyphens separate them, else ''."""
        if i + n > len(tokens):
            return ""
        gaps = [question[tokens[j].end() : tokens[j + 1].start()] for j in range(i, i + n - 1)]
        if any(gap not in (" ", "-") for gap in gaps):
            return ""
        return "".join(squash(t.group()) for t in tokens[i : i + n])

    @staticmethod
    def _cutoff(word: str) -> float:
        return NAME_SCORE + (5.0 if len(word) < 5 else 0.0)  # short words need a closer match

    def _known_word(self, word: str, stems: bool = True) -> bool:
        """The corpus has the word (as a name, a word, or with `stems` another form of a word)."""
        if word in self._aliases.canonical_of:
            return True
        folded = self._aliases.terms(word)
        if stems:
            return bool(folded) and all(self.knows(t) for t in folded)
        lexical = self._catalog.lexical
        return bool(folded) and all(lexical.knows(t, self._mask) or self._aliases.is_name(t) for t in folded)

    def _ordinary(self, word: str, typed: str) -> bool:
        """A stop word, or an English word typed in lower case (capitalised, "Abu" is part of a name)."""
        return word in STOPWORDS or (self._is_common_word(word) and not typed[:1].isupper())

    def _split(self, word: str) -> str | None:
        """A name run together with its number: su22 -> su-22."""
        parts = _LETTERS_DIGITS.match(word)
        if parts:
            left, right = (parts.group(1), parts.group(2)) if parts.group(1) else (parts.group(3), parts.group(4))
            return f"{left}-{right}" if self._catalog.lexical.knows(left, self._mask) else None
        return None

    def _display(self, key: str, typed: str) -> str:
        """The spelling of the matched name: the alias file's main spelling ("Dier Ezor" -> "Deir ez-Zor"),
        or the variant as written when it is another name for it ("Washinton" -> "Washington", not "United
        States"); else the corpus word."""
        token = self._aliases.canonical_of.get(key, key)
        shown = self._aliases.display_of.get(token)
        variant = self._aliases.spelled.get(key)
        if shown and variant and fuzz.ratio(squash(shown), key) < OTHER_NAME_SCORE:
            return variant
        if shown:
            return shown
        return token.capitalize() if typed[:1].isupper() else token


def _as_written(names: tuple[str, ...], text: str, aliases: Aliases) -> dict[str, str]:
    """How each folded name (or unknown name) is shown: the alias file's main spelling, else the word as the
    question wrote it ("Euphrates", not the folded "euphrate"; "Idlib")."""
    shown = {t: aliases.display_of[t] for t in names if t in aliases.display_of}
    for actor in {same_actor(t) for t in names} - set(names):  # the focus of "Assad's side": the Syrian government
        if actor in aliases.display_of:
            shown[actor] = aliases.display_of[actor]
    for match in _TOKEN.finditer(text):
        folded = aliases.terms(match.group())
        if len(folded) == 1 and folded[0] in names and folded[0] not in shown:
            shown[folded[0]] = _POSSESSIVE.sub("", match.group())  # "Nasrallah's deputy": Nasrallah
    return shown


def name_heads(words: list[str], names: set[str]) -> tuple[str, ...]:
    """Folded words that head a name's phrase: a content word right after a name and right before another
    content word that is not a name, when it can be a noun ("when did the Wagner group pull out": group; "the
    Kilauea eruption end": eruption). It is the subject the question asks about, not its action ("did the SDF
    capture Tabqa": capture is followed by a name, "does Iran want in": by a stop word, "did the SAA announce
    full control": announce is no noun)."""
    heads = []
    for before, word, after in zip(words, words[1:], words[2:], strict=False):
        after_name = before in names and word not in names and after not in names
        if after_name and _content(word) and _content(after) and can_be_noun(word):  # "the SAA announce": no noun
            heads.append(singular(word))
    return tuple(dict.fromkeys(heads))


AUXILIARIES = frozenset({"did", "does", "do", "will", "would", "could", "can"})
PASSIVE_AUXILIARIES = frozenset({"was", "were", "has", "have", "had"})  # then a participle: "were killed"


def _acted(word: str) -> bool:
    """A verb in its past form that is no auxiliary: "who killed", "who took"; not "who did", "who had"."""
    return word not in AUXILIARIES | PASSIVE_AUXILIARIES and past_tense(word)


def asked_verb(words: list[str], names: set[str]) -> str:
    """The verb a question asks about ("when did New York City lift the emergency": lift; "when did the Kilauea
    eruption stop": stop; "how many fighters were killed": killed): after "did", "does" ..., the word right
    after a subject of names (and the noun they head, and an adverb: "did Washington actually finish"), or the
    verb after an adverb when the subject goes on ("did the defenders holding out in Mariupol finally
    surrender": surrender), or after a subject of no name the word ending the first run of words that can be a
    verb (`_verb_after_subject`: "did gas start flowing": start); after "was", "were" ..., the first participle
    after it that says no affiliation ("when was the Ebola vaccine from the Guinea trial finally approved":
    approved). "End up taking" asks about the taking. '' when the word is no verb, or it reports what someone
    said ("did Washington say it would withdraw": the asked action is the withdrawal). "Who" as the subject: the
    past verb after it ("who killed the spokesman, and how did it happen": killed, not the second clause's)."""
    if words[:1] in (["who"], ["whom"]) and len(words) > 1 and _acted(words[1]):
        return words[1]  # "who killed the spokesman, and how did it happen?": killed, not happen
    heads = set(name_heads(words, names))
    at = next((i for i, w in enumerate(words) if w in AUXILIARIES | PASSIVE_AUXILIARIES), len(words))
    if at == len(words):
        return ""
    if words[at] in PASSIVE_AUXILIARIES:
        found = [w for w in words[at + 1 :] if _content(w) and w not in AFFILIATION and participle(w)]
        return singular(found[0]) if found and found[0] not in REPORTING_VERBS else ""
    i = at + 1
    if words[i : i + 1] == ["the"] and i + 1 < len(words) and singular(words[i + 1]) in names:
        i += 1  # "did the SDF take": the SDF is the subject
    subject = i
    while i < len(words) and (singular(words[i]) in names or singular(words[i]) in heads or _in_name(words, i, names)):
        i += 1
    while subject < i < len(words) - 1 and _adverb(words[i]):
        i += 1  # "did Washington actually finish": finish
    if i == subject:
        word = _verb_after_subject(words[subject:], names)
    elif i < len(words) and not _base_verb(words[i]):  # "did the defenders holding out ... finally surrender"
        word = _verb_after_adverb(words[i:])
    else:
        word = words[i] if i < len(words) else ""
    word = _past_end_up(words, word)
    return word if _content(word) and word not in REPORTING_VERBS and can_be_verb(word) else ""


NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abd", "de", "van", "von", "der", "la", "le"})


def _in_name(words: list[str], at: int, names: set[str]) -> bool:
    """A particle inside a person's name ("Haider al-Abadi", "Hadi al-Amiri"): a name comes on either side."""
    between = 0 < at < len(words) - 1 and singular(words[at - 1]) in names and singular(words[at + 1]) in names
    return words[at] in NAME_PARTICLES and between


def _past_end_up(words: list[str], word: str) -> str:
    """ "Did Iraq end up taking Iran to court": the asked action is the taking, not the ending."""
    ends = [j for j in range(len(words) - 2) if words[j : j + 2] == ["end", "up"]]
    return words[ends[0] + 2] if word == "end" and ends else word


def _verb_after_adverb(words: list[str]) -> str:
    """The verb right after an adverb ("holding out in the Azovstal plant finally surrender": surrender), when
    the subject goes on past its names; '' when no adverb comes before a verb."""
    return next((verb for adverb, verb in pairwise(words) if _adverb(adverb) and _base_verb(verb)), "")


# the particle of a phrasal verb ("blow up", "pull out"): part of the verb before it
PARTICLES = frozenset({"up", "out", "off", "down", "back", "over", "away", "on", "in"})


def _verb_after_subject(words: list[str], names: set[str]) -> str:
    """After "did" and a subject of no name, the verb ends the first run of words that can be a verb in its
    base form ("did the junta's troops retake Mindat": retake; "did gas start flowing": start; "did the water
    level drop": drop); a subject may go on with "of" ("did the price of oil rise": rise). '' when none or
    when a stop word is the verb ("how many buses did the convoy have")."""
    found = ""
    for word in words:
        if word == "of":
            found = ""
        elif _base_verb(word) and singular(word) not in names:
            found = word
        elif found:  # the run ends; "did the convoy have": a stop word is the verb, none is asked about
            return "" if word not in PARTICLES and not _content(word) and can_be_verb(word) else found
    return found


def _base_verb(word: str) -> bool:
    """A word that can be a verb as it follows "did": not "troops", "flowing" or "killed"; "bring" and "sing"
    are no "-ing" form (no vowel before it)."""
    participle = word.endswith("ing") and any(v in word[:-3] for v in "aeiouy")
    inflected = participle or word.endswith("ed") or (word.endswith("s") and not word.endswith("ss"))
    return _content(word) and not inflected and can_be_verb(word)


def _adverb(word: str) -> bool:
    """An adverb between the subject and its verb ("did Washington actually finish"): not a verb ending in "-ly"
    ("did Washington fly", "did the coalition apply")."""
    return word.endswith("ly") and not can_be_verb(word)


# participles that say who leads, backs or holds a group or place ("the Kurdish-led force", "Iranian backed"): no
# asked action
AFFILIATION = frozenset(
    {"led", "backed", "linked", "allied", "aligned", "affiliated", "sponsored", "supported", "trained", "funded"}
    | {"held", "controlled", "run", "based", "armed"}
)


# verbs that report, plan or expect the asked action ("did Washington say it would withdraw", "were supposed to take")
REPORTING_VERBS = frozenset(
    {"say", "said", "claim", "claimed", "think", "believe", "expect", "expected", "estimate", "supposed", "planned"}
)


# a run of capitalised words ("Premier League", "Northern Sea Route"); "Su-25s" and "F-22s" are words of it
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)+")
_RUN_TITLES = frozenset(
    {"general", "colonel", "commander", "president", "minister", "prime", "sheikh", "emir", "mr", "ms"}
)


def name_runs(text: str, aliases: Aliases, names: set[str]) -> dict[str, str]:
    """The question's names of several capitalised words, as folded terms joined by spaces ("premier league"),
    each with how the question wrote it ("Premier League"): such a name is found only whole (a briefing on
    Iran's football league does not name the Premier League).
    Not the question's first word, a leading title, a day or month, a possessive or a describing word
    ("Kurdish-led"); not a run holding a name of the alias file (already one token: "Deir ez-Zor", "Russian
    Su-25s"); only runs of names the corpus has (others are unknown names). None in a question typed in title
    case ("How Many Troops Were In The Garrison"), where capitals say nothing of names."""
    if _title_case(text):
        return {}
    runs: dict[str, str] = {}
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().split()
        if not text[: match.start()].strip(" \"'"):
            words = words[1:]
        for part in _split_run(words):
            while part and part[0].lower() in _RUN_TITLES:
                part = part[1:]
            part = _after_alias_name(part, aliases)
            terms = aliases.terms(" ".join(part))
            if len(terms) >= 2 and not any(aliases.is_name(t) for t in terms) and set(terms) <= names:
                runs.setdefault(" ".join(terms), " ".join(part))
    return runs


def _after_alias_name(part: list[str], aliases: Aliases) -> list[str]:
    """A run that opens with a name of the alias file, without it, when two words or more are left ("Deir
    Ezzor Military Council": Military Council, a name of its own); the run whole when the alias file's name
    takes in the words after it too ("Syrian Democratic Forces" is the SDF)."""
    folded = aliases.terms(" ".join(part))
    if not folded or not aliases.is_name(folded[0]):
        return part
    for start in range(1, len(part) - 1):  # two words at least: "Russian Su-25s" stays whole
        if aliases.terms(" ".join(part[start:])) == folded[1:]:
            return part[start:]
    return part


def _title_case(text: str) -> bool:
    """Small words capitalised after the first ("Were In The"): every word is, names or not."""
    words = re.findall(r"[A-Za-z][\w'\u2019-]*", text)[1:]
    return sum(w[0].isupper() and w.lower() in STOPWORDS for w in words) >= 2


def _split_run(words: list[str]) -> list[list[str]]:
    """A run of capitalised words cut at the words that are no part of a name: a possessive, a describing word
    ("Kurdish-led") or a day or month."""
    parts: list[list[str]] = [[]]
    for word in words:
        if "'" in word or "\u2019" in word or re.search(r"-[a-z]+$", word) or word.lower() in CALENDAR:
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


def _content(word: str) -> bool:
    return word.isalpha() and word not in STOPWORDS


def without_chat(question: str) -> str:
    """The question without chat framing: "quick q: irans goals in dayr az zawr?" -> "irans goals in dayr az
    zawr?"; "... Deir Ezor pls, all of them" -> "... Deir Ezor, all of them". Kept whole when nothing is left."""
    text = CHAT_WORDS.sub(lambda m: ", " if "," in m.group() else " ", CHAT_OPENING.sub("", question)).strip(" ,")
    return text if _TOKEN.search(text) else question


def _capitalised(text: str) -> set[str]:
    """Folded words written with a capital mid-sentence (names, in a question typed with care)."""
    found = re.findall(r"(?<![.?!:]\s)(?<!^)\b[A-Z][\w']+", text.strip())  # "Hezbollah-linked": Hezbollah
    return {w for word in found for w in raw_words(re.sub(r"['\u2019]s$", "", word))}  # "Velora's": Velora


# a road, a route or a pipeline named by its ends or by a place on it ("the Damascus-Baghdad road", "the Baghdad
# highway"): a place, not the government of the capital it names
ROAD_NAME = re.compile(
    r"\b[A-Z][\w'\u2019]*(?:-[A-Z][\w'\u2019]*)*\s+(?=(?:road|highway|motorway|route|railway|pipeline)\b)"
)


def _without_roads(text: str) -> str:
    return ROAD_NAME.sub("", text)


def _actors_named(words: list[str], text: str) -> list[str]:
    """The actors named by the text's folded words, in order; "us" (the pronoun) folds to the United States: it
    counts only when the text writes "US"."""
    return actors_in([w for w in words if not (w == "unitedstates" and not _writes_us(text))])


def _writes_us(text: str) -> bool:
    return bool(re.search(r"\bU\.?S\.?\b|\bUSA\b|\bAmerica|\bWashington\b|\bPentagon\b", text))


def words_of(text: str, catalog: Catalog) -> list[str]:
    return catalog.aliases.words(text)


def readable_vocabulary(catalog: Catalog, mask: np.ndarray) -> list[str]:
    """The sorted words of the rows `mask` allows."""
    table = catalog.table
    rows = np.flatnonzero(mask)
    _, ids = ragged_take(np.asarray(table.term_offsets), np.asarray(table.term_ids), rows)
    return sorted(table.vocabulary[i] for i in np.unique(ids).tolist())
