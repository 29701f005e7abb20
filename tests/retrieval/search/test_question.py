"""Question analysis: typos in names read as the corpus spells them, unknown names, answer type, focus."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from retrieval.core import BriefingCore
from retrieval.ingest.names import Aliases
from retrieval.search.question import (
    QuestionAnalysis,
    QuestionReader,
    answer_type,
    asked_kind,
    asked_part,
    asked_verb,
    asks_reaction,
    asks_what_happened,
    counted_phrase,
    name_heads,
    name_runs,
    sound_key,
    view_holder,
    without_chat,
)


def read(core: BriefingCore, question: str) -> QuestionAnalysis:
    return core.answerer.read(question, core.snapshot().catalog)


@pytest.mark.parametrize(
    ("typed", "corrections"),
    [
        ("what does Rusia want in Deir Ezzor?", [("Rusia", "Russia")]),
        ("what does Iran want in Dier Ezor", [("Dier Ezor", "Deir ez-Zor")]),
        ("how did hizbolah react", [("hizbolah", "Hezbollah")]),
        ("what happened at Oqeiribat?", [("Oqeiribat", "Uqayribat")]),  # another way to write the same sounds
        ("what does Iran want in Deir ez-Zor, in a nutshell?", []),  # an ordinary word the corpus lacks
        ("what does Iran want in Deir ez Zor?", []),  # a name in parts: folding reads it, nothing to say
        ("why does the leadership want to retake Deir Ezzor?", []),  # not "retake Deir Ezzor" as one name
        ("what happend in Deir ez-Zor", []),  # typos in ordinary words are left to the embedding model
    ],
)
def test_typos_in_names_are_read_as_the_corpus_spells_them(
    sample_core: BriefingCore, typed: str, corrections: list[tuple[str, str]]
) -> None:
    analysis = read(sample_core, typed)
    assert list(analysis.corrections) == corrections
    assert analysis.notes == tuple(f"Read '{a}' as '{b}'." for a, b in corrections)
    assert not analysis.unknown


@pytest.mark.parametrize(
    ("typed", "written"),
    [("Hajeen", "Hajin"), ("Suhna", "Sukhnah"), ("Mayadeen", "Mayadin"), ("Raqqah", "Rakka"), ("Baghouz", "Baghuz")],
)
def test_names_written_as_they_sound_share_one_sound_key(typed: str, written: str) -> None:
    assert sound_key(typed) == sound_key(written)


@pytest.mark.parametrize(("one", "other"), [("Hajin", "Hamin"), ("Tanf", "Tank"), ("Raqqa", "Rafah")])
def test_names_that_sound_different_have_different_sound_keys(one: str, other: str) -> None:
    assert sound_key(one) != sound_key(other)


def test_the_corrected_text_is_what_is_searched(sample_core: BriefingCore) -> None:
    assert read(sample_core, "what does Rusia want in Dier Ezor?").text == "what does Russia want in Deir ez-Zor?"


def test_unknown_names_and_years_but_not_ordinary_words(sample_core: BriefingCore) -> None:
    assert read(sample_core, "What is happening in Idlib?").unknown == ("idlib",)
    assert read(sample_core, "what did Iran want in 1987?").unknown == ("1987",)
    assert read(sample_core, "what does Iran want in Deir ez-Zor, pls, in a nutshell?").unknown == ()


def test_a_name_close_to_a_corpus_word_is_a_typo_only_with_the_same_first_letter(sample_core: BriefingCore) -> None:
    """A typo keeps the first letter far more often than not; a name the briefings never mention is only by
    chance close to some corpus word ("Louvre" ~ "closure"), and a capitalised word close only to an ordinary
    English word is a name too ("Golan" ~ "golden")."""
    reader = QuestionReader(sample_core.snapshot().catalog, sample_core.answerer.is_common_word)
    assert not reader.near_known("veconflictiox")  # ~ "deconfliction", another first letter
    assert reader.near_known("deconflictiox")  # the same first letter: a typo left unread
    assert read(sample_core, "what did Veconflictiox say about Deir ez-Zor?").unknown == ("veconflictiox",)
    assert read(sample_core, "what did Deconflictiox say about Deir ez-Zor?").unknown == ()
    assert not reader.near_known("hadrware")  # ~ only "hardware", an ordinary English word
    unknown = read(sample_core, "what did Hadrware say about Deir ez-Zor?")
    assert unknown.unknown == ("hadrware",) and unknown.shown(unknown.unknown) == ["Hadrware"]
    # an acronym typed in capitals is a typo only one letter or one swap away ("OPCW" is not "OPEC")
    assert reader.near_known("tafx") and not reader.near_known("tafx", acronym=True)  # ~ "tanf", two letters off
    assert reader.near_known("isxs", acronym=True)  # ~ "isis"
    assert read(sample_core, "what did TAFX say about Deir ez-Zor?").unknown == ("tafx",)
    assert read(sample_core, "what did Tafx say about Deir ez-Zor?").unknown == ()


def test_abbreviations_of_common_nouns_are_no_unknown_names(sample_core: BriefingCore) -> None:
    """Analysts type "the HQ" or "a UAV" for what a briefing calls headquarters or a drone; an acronym of a
    name the briefings never have is still unknown."""
    assert read(sample_core, "how close did the shells fall to the HQ near Deir ez-Zor?").unknown == ()
    assert read(sample_core, "how many UAVs and IEDs did ISIS use in Deir ez-Zor?").unknown == ()
    assert read(sample_core, "what did the OPCW say about Deir ez-Zor?").unknown == ("opcw",)
    assert read(sample_core, "could the militias link up with the army SW of Deir ez-Zor?").unknown == ()  # a bearing


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how many troops were in the garrison?", "count"),
        ("how far is Mayadin from Deir ez-Zor?", "count"),
        ("how wide was the bridgehead on the eastern bank?", "count"),  # a measure asked by its adjective
        ("how full was the reservoir at the start of winter?", "count"),
        ("how interested is Tehran in the oil fields?", ""),  # how keen, not a figure
        ("what's the population of Cardiff?", "count"),
        ("how much oil does the SDF hold?", "count"),
        ("what was the Brent oil price in March?", "count"),  # a measure after two words
        ("what's Cardiff's population?", "count"),  # after a possessive
        ("what was the rouble's exchange rate in 2015?", "count"),
        ("how much of a headache is al-Tanf for Tehran?", ""),  # how serious, not a figure
        ("what does the handover reveal about how far the SDF will go in cutting deals?", ""),  # how willing
        ("how far are they willing to go?", ""),
        ("how far did the SDF go into Raqqa?", "count"),  # a distance
        ("when did the siege end?", "when"),
        ("in what year did the siege begin?", "when"),
        ("when the PMU reached the border, did Baghdad say they would cross?", ""),  # "when" opens a clause
        ("When did Russia, Iran and Turkey meet?", "when"),
        (
            "When the SDF went after the pocket, analysts flagged the weather. Did that play out?",
            "",
        ),  # the scene's "when"
        ("After the survey in December, when did the others agree to match the controls?", "when"),
        ("who commands the Deir Ezzor Military Council?", "who"),
        ("what was the name of the US pilot?", "who"),
        ("which Kremlin envoy negotiated the buffer deal?", "who"),  # a person by role: a name is the answer
        ("which players did the club buy?", "who"),
        ("what did the envoy say about the deal?", ""),  # what the envoy said, not who the envoy is
        ("which Iraqi militias fought beside Hezbollah at Mayadin?", "who"),  # a group by kind: its name is asked
        ("which hacker group was behind the attack?", "who"),
        ("what did the group do after the siege?", ""),  # what the group did
        ("which bank of the river does the SDF hold?", ""),  # a bank of a river, not a group
        ("which oil fields does the government hold?", ""),
        ("what does Iran want in Deir ez-Zor?", ""),
        ("panjshir, sept 2021 - who killed the NRF spokesman?", "who"),  # after the scene a dash sets
        ("the Deir ez-Zor airport pocket: when was it cut off?", "when"),
    ],
)
def test_answer_type(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_what_a_how_many_question_counts() -> None:
    assert counted_phrase("how many PMU members were killed in the strike?") == "PMU members"
    assert counted_phrase("how many troops does Iran have in Deir ez-Zor?") == "troops"
    assert counted_phrase("what's the population of Cardiff?") == "population"
    assert counted_phrase("what was Iran's inflation rate in 2016?") == "inflation"  # the rate of inflation
    assert counted_phrase("what does Iran want?") == ""


@pytest.mark.parametrize(
    ("question", "focus", "view"),
    [
        ("what does Iran want in Deir ez-Zor?", {"iran"}, True),
        ("what does Tehran want in Deir ez-Zor?", {"iran"}, True),  # a capital folds to its government
        ("how did the Kremlin react to the strike?", {"russia"}, True),
        ("why does the regime want Deir ez-Zor?", {"syriangovernment"}, True),
        ("how did Iran react to Russia declaring ISIL defeated?", {"iran"}, True),  # the subject, not the object
        ("what did Iran make of the Russian deal?", {"iran"}, True),  # a reaction asked in other words
        ("did Moscow complain about the strike?", {"russia"}, True),
        ("did the Iranians comment when the pocket was cut?", {"iran"}, True),  # a people names its government
        ("When Ankara went into Afrin, did Washington say it would stand by the SDF?", {"unitedstates"}, True),
        ("In May the Iraqi units were flagged as a risk. Did Iran pull them back?", {"iran"}, False),  # the asking one
        ("In May analysts said Iran wanted the crossing. Did the SDF take it?", {"sdf"}, False),  # a view in the scene
        ("did Iraqi officials say anything when the SDF took the field?", {"iraq"}, True),  # the alias file
        ("why did analysts reckon Putin's warplanes would keep crossing the river?", {"russia"}, True),  # a leader
        ("what did Erdogan want from the Afrin offensive?", {"turkey"}, True),  # ... names his government
        ("how do Iran's and Russia's aims differ?", set(), True),  # comparing actors: no single focus
        ("tell us what happened at Albu Kamal", set(), False),  # "us" the pronoun is not the United States
        ("what were the militias on the Damascus-Baghdad road up to?", set(), False),  # a road, not a government
        ("what did Iran want from the Baghdad highway?", {"iran"}, True),
        ("who was uneasy that the SDF would cut deals with Assad?", set(), False),  # "who" is the one asked about
        ("March 2017 - who took the worst losses when Daesh hit back?", set(), False),
    ],
)
def test_focus_actor(sample_core: BriefingCore, question: str, focus: set[str], view: bool) -> None:
    analysis = read(sample_core, question)
    assert set(analysis.focus) == focus
    assert analysis.view is view


@pytest.mark.parametrize(
    ("question", "how_to"),
    [
        ("how do I reset my router admin password?", True),
        ("How should I train for my first marathon?", True),
        ("how to knit a cable stitch", True),
        ("what's the best way to learn Arabic?", True),
        ("what's a good lens for astrophotography on a budget?", True),  # advice, as instructions are
        ("which budget laptop should I buy for uni?", True),
        ("can you recommend a decent VPN", True),
        ("what are some good places to eat in Lisbon", True),
        ("what is a good indicator that Iran will withdraw?", False),  # an assessment
        ("which town should the SDF take next, according to the coalition?", False),
        ("how should we read the SDF's move on al-Omar?", False),  # an assessment, not instructions
        ("how do the SDF make money from the oil?", False),
        ("how can the coalition keep al-Tanf?", False),
        ("how did Iran react to the strike?", False),
    ],
)
def test_a_practical_how_to_is_told_from_a_question_about_events(
    sample_core: BriefingCore, question: str, how_to: bool
) -> None:
    assert read(sample_core, question).how_to is how_to


def test_a_faiths_branch_is_no_name_to_look_for(make_core: Callable[..., BriefingCore]) -> None:
    """ "Iraqi Shia militias" are described as a demonym describes them: the briefings call them the PMU, so
    "Shia", which another document of the corpus has, is no name the answer must hold; "Iraqi" still is."""
    core = make_core()
    election = "Shia parties won most seats in the Iraqi election, the commission said on Monday.\n"
    (core.settings.corpus_path / "2018-05-iraq-election.md").write_text(election, encoding="utf-8")
    core.reindex()
    analysis = read(core, "were the Shia militia chiefs as firm as the Iraqi government about staying out of Syria?")
    assert "shia" not in analysis.names and "shia" not in analysis.unknown
    assert "iraq" in analysis.names


def test_a_name_in_the_possessive_is_a_name_folded_as_the_alias_file_says(sample_core: BriefingCore) -> None:
    """ "Velora's net profit": Velora is a name (the briefings may lack it); "Moscow's side": Russia."""
    population = read(sample_core, "what was Deir Ezzor's population?")
    assert "deirezzor" in population.names
    moscow = read(sample_core, "how often did the coalition ring Moscow's side?")
    assert "russia" in moscow.names and "moscow" not in moscow.terms
    assert set(read(sample_core, "what is Tehran's aim in Deir ez-Zor?").focus) == {"iran"}
    unknown = read(sample_core, "what was Velora's net profit?")
    assert "velora" in unknown.unknown  # a capitalised name the corpus never has, possessive or not
    assert "velora" in read(sample_core, "what did the Veloras say?").unknown  # folded as its words are


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("quick q: irans goals in dayr az zawr?", "irans goals in dayr az zawr?"),
        ("hey how many civilians were in Hajin", "how many civilians were in Hajin"),
        ("the reasons for retaking Deir Ezor pls, all of them", "the reasons for retaking Deir Ezor, all of them"),
        ("Q: what does Iran want?", "what does Iran want?"),
        ("Question time: what changed?", "Question time: what changed?"),  # a word of the question, not framing
        ("hey", "hey"),  # nothing left: kept whole
    ],
)
def test_chat_framing_is_not_part_of_the_question(typed: str, read_as: str) -> None:
    assert without_chat(typed) == read_as


def test_chat_framing_is_neither_searched_nor_a_missing_word(sample_core: BriefingCore) -> None:
    analysis = read(sample_core, "quick q: what does Iran want in Deir ez-Zor? thx")
    assert analysis.text == "what does Iran want in Deir ez-Zor?"
    assert "quick" not in analysis.terms and "thx" not in analysis.terms


def test_a_name_is_shown_as_written_when_the_alias_file_lacks_it(sample_core: BriefingCore) -> None:
    analysis = read(sample_core, "how many troops does Iran keep in the Euphrates valley?")
    shown = analysis.shown(analysis.names)
    assert "Euphrates" in shown and "Iran" in shown  # not the folded "Euphrate"


def test_an_actor_named_by_its_leader_is_shown_by_the_alias_file(sample_core: BriefingCore) -> None:
    """The focus of "Assad's side" is the Syrian government, shown as the alias file writes it, not folded."""
    analysis = read(sample_core, "what did Assad's side want in Deir ez-Zor?")
    assert analysis.actors_shown() == "the Syrian government"


def test_a_name_is_shown_without_its_possessive(sample_core: BriefingCore) -> None:
    """A reply names what the briefings never mention as a name, not as the question's possessive."""
    analysis = read(sample_core, "what did Veconflictiox's deputy say about the Euphrates\u2019 dams?")
    assert analysis.shown(analysis.unknown) == ["Veconflictiox"]
    assert "Euphrates" in analysis.shown(analysis.names)


@pytest.mark.parametrize(
    ("words", "names", "heads"),
    [
        ("when did the wagner group pull out of mali", {"wagner", "mali"}, ("group",)),
        ("when did the 2018 kilauea eruption end", {"kilauea"}, ("eruption",)),
        ("how did unitedstates soldiers signal to turkey", {"unitedstates", "turkey"}, ("soldier",)),
        ("did the sdf capture tabqa", {"sdf", "tabqa"}, ()),  # the verb before a name
        ("what does iran want in deirezzor", {"iran", "deirezzor"}, ()),  # the verb before a stop word
        ("when did the lander touch down", set(), ()),  # no name: nothing is read as its phrase
    ],
)
def test_the_noun_heading_a_names_phrase(words: str, names: set[str], heads: tuple[str, ...]) -> None:
    assert name_heads(words.split(), names) == heads


NAMES = {"premier", "league", "northern", "sea", "route", "vladimir", "putin", "su", "25s", "operation", "roundup"}


@pytest.mark.parametrize(
    ("question", "runs"),
    [
        ("which Premier League club has won the most titles?", ("premier league",)),
        ("How much cargo went through the Northern Sea Route in 2018?", ("northern sea route",)),
        ("Premier League clubs: who has won the most titles?", ()),  # the question's first word may be any word
        ("what did President Vladimir Putin say?", ("vladimir putin",)),  # not the title
        ("what happened with the Russian Su-25s?", ()),  # "Russian" is a name of the alias file
        # a name of its own after a name of the alias file; none where that name takes in the words after it
        ("what did the Moscow Premier League say?", ("premier league",)),
        ("what did the Syrian Democratic Forces say?", ()),
        ("when did the White House say so?", ()),  # one name of the alias file
        ("what did the Kurdish-led Premier League say?", ("premier league",)),  # "Kurdish-led" describes
        ("which Premier Leagues in March?", ("premier league",)),
        ("who won the Premier Shield?", ()),  # "shield" is not a name the corpus has
        ("what are the aims in Operation Roundup", ("operation roundup",)),
    ],
)
def test_a_name_of_several_capitalised_words_is_one_name(question: str, runs: tuple[str, ...]) -> None:
    aliases = Aliases.parse("Russia = Russian, Moscow\nUnited States = US, White House\nSDF = Syrian Democratic Forces")
    assert tuple(name_runs(question, aliases, NAMES | {"democratic", "force"})) == runs


def test_a_name_of_several_words_is_shown_as_the_question_wrote_it() -> None:
    aliases = Aliases.parse("Russia = Moscow")
    shown = name_runs("did President Vladimir Putin visit the Northern Sea Route?", aliases, NAMES)
    assert shown == {"vladimir putin": "Vladimir Putin", "northern sea route": "Northern Sea Route"}


def test_no_name_of_several_words_is_read_from_a_question_in_title_case() -> None:
    """ "Has", "The" capitalised: every word is, so the capitals say nothing of names."""
    aliases = Aliases.parse("Russia = Moscow")
    names = NAMES | {"club", "won", "most", "title"}
    assert name_runs("Which Premier League Club Has Won The Most Titles", aliases, names) == {}
    assert tuple(name_runs("which Premier League club has won the most titles", aliases, names)) == ("premier league",)


@pytest.mark.parametrize(
    ("question", "names", "verb"),
    [
        ("when did new york city lift the emergency", {"new", "york", "city"}, "lift"),
        ("when did the kilauea eruption stop", {"kilauea"}, "stop"),  # eruption heads the name's phrase
        ("when did the saa announce full control of mayadin", {"saa", "mayadin"}, "announce"),  # no noun: no head
        ("how many fighters were killed in raqqa", {"raqqa"}, "killed"),
        ("how many troops were in the garrison", set(), ""),  # no participle
        # the participle may come long after "was"; one saying who leads or backs a force is no action
        ("when was the ebola vaccine from the guinea ring vaccination trial finally approved", {"ebola"}, "approved"),
        ("when was the kurdish led force pushed back from the dam", {"kurdish"}, "pushed"),
        # a subject of no name ends where a run of words that can be a verb does
        ("when did gas start flowing", set(), "start"),
        ("when did the junta's troops retake mindat", {"mindat"}, "retake"),
        ("when did the price of oil rise", set(), "rise"),
        ("how many buses did the convoy have", set(), ""),  # a stop word is the verb
        ("when did the jihadists blow up the mosque", set(), "blow"),  # a phrasal verb
        ("when did washington actually finish pulling out", {"washington"}, "finish"),  # an adverb before it
        # a subject going on past its names ("holding out in ..."): the verb after an adverb
        (
            "when did the ukrainian defenders holding out in mariupol finally surrender",
            {"ukrainian", "mariupol"},
            "surrender",
        ),
        ("when did haider al abadi declare victory", {"haider", "abadi"}, "declare"),  # a particle inside a name
        # a verb ending in "-ly" is no adverb, and "bring" no "-ing" form
        ("how many air strikes did washington fly in support", {"washington"}, "fly"),
        ("when did the coalition apply the deal", {"coalition"}, "apply"),
        ("how many trucks did hezbollah bring into lebanon", {"hezbollah", "lebanon"}, "bring"),
        ("did iraq end up taking iran to court", {"iraq", "iran"}, "taking"),  # the action, not the ending
        ("did courts in germany end up giving hanseo protection", {"germany", "hanseo"}, "giving"),
        ("how many troops did washington say it would withdraw", {"washington"}, ""),  # reports the action
        ("how many buses were supposed to take the fighters", set(), ""),
        ("what was the name of the pilot", set(), ""),
        # "who" as the subject: the verb after it, even when a second question has an auxiliary of its own
        ("who killed the spokesman and how did it happen", set(), "killed"),
        ("who took the airfield and when", set(), "took"),
        ("who did damascus appoint as governor", {"damascus"}, "appoint"),  # an auxiliary: the subject follows
        ("who leads the council", set(), ""),  # a present: who holds a post, not an action
        ("who had the town", set(), ""),
    ],
)
def test_the_verb_asked_about(question: str, names: set[str], verb: str) -> None:
    assert asked_verb(question.split(), names) == verb


def test_the_verb_is_read_in_the_question_proper(sample_core: BriefingCore) -> None:
    """A scene set before the question has verbs of its own ("were flagged as a new risk"); the one asked about
    is the question's."""
    scene = "In May 2018 the PMU units near Abu Kamal were flagged as a new risk. Did anything actually happen there?"
    assert read(sample_core, scene).verb == "happen"


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("did Iraq end up taking Iran to court over the dams?", True),
        ("How many visitors did the book fair get in total by the time it closed?", True),
        ("when did gas actually start flowing?", True),
        ("what was the final death toll of the earthquake", True),
        ("how many violations were recorded over the whole first week of the truce?", True),  # a total
        ("how long was the battle expected to take and how long did it actually take?", False),  # plan and outcome
        ("did the probe actually end its mission with the planned plunge into Jupiter?", True),  # a planned thing
        ("did the SDF actually say it would hold Raqqa?", False),  # what was said
        ("did the firm ever find a buyer for the chain?", True),  # "ever": whether it came to pass
        ("what was the first-ever drop in tablet sales?", False),
        ("has the SDF held the dam ever since the landing?", False),
        ("what does Iran want in Deir ez-Zor?", False),
        ("once the villages had gone to the army, did that actually settle the quarrel?", False),  # what it meant
        ("the militias were flagged as a risk in May. Did anything actually happen to them?", False),
        ("could Iran actually move heavy loads overland to Damascus yet?", False),  # what it allowed
        ("did that actually happen, in the end?", True),  # asked in other words too
        ("was the SDF actually setting out to storm Raqqa, or to cut it off first?", False),  # an aim
        ("what odds did analysts give the rebels of actually reaching Abu Kamal by December?", False),  # a forecast
        ("what were the chances the truce would actually hold?", False),
        # "finally" in the clause setting the time: how the attack differed is asked, not how it ended
        ("abu kamal - when the army finally took it, how was that attack different from the first?", False),
        ("when did the army finally take Abu Kamal?", True),
    ],
)
def test_a_question_on_how_something_ended(sample_core: BriefingCore, question: str, outcome: bool) -> None:
    assert read(sample_core, question).outcome is outcome


def test_whose_view_is_asked_when_it_is_no_actor() -> None:
    aliases = Aliases.parse("Iran = Tehran, Iranian\nRussia = Moscow, Kremlin")
    assert view_holder("what does Cardiff want in Deir ez-Zor?", aliases) == ("cardiff",)
    assert view_holder("why did Qassem Soleimani say that?", aliases) == ("qassem", "soleimani")
    assert view_holder("what does Tehran want in Deir ez-Zor?", aliases) == ()  # an actor: the focus rules
    assert view_holder("what happened in Cardiff?", aliases) == ()


@pytest.mark.parametrize(
    ("question", "total"),
    [
        ("How many children had received the vaccine by the end of 2019?", True),
        ("how many peacekeepers were killed in Mali over the whole of 2017?", True),
        ("how many trains ran in total in 2017?", True),
        ("what was the final death toll of the earthquake", True),
        ("how many fighters were killed in the assault?", False),
        ("how many troops was Iran expected to have by the end of 2017?", False),  # a forecast is asked
    ],
)
def test_a_question_on_what_a_period_came_to(sample_core: BriefingCore, question: str, total: bool) -> None:
    assert read(sample_core, question).asks_total is total


@pytest.mark.parametrize(
    ("question", "happened"),
    [
        ("did the firm go ahead with the second plant in 2019?", True),  # a plant is no plan
        ("did the judge rule on the case?", True),  # a judge is no judgement
        ("what were the key judgments in June?", False),
        ("did the army say it would withdraw?", False),
        ("what were the jihadists actually trying to achieve at Deir ez-Zor?", False),  # an aim, not how it ended
        ("what was the Kremlin actually after, politically, when it proclaimed ISIL finished?", False),  # an aim
        ("what were they after?", False),
        ("what were the Americans actually after in those talks?", False),  # an aim, then where it was pursued
        ("what did the SDF do after the battle was finished?", True),  # "after" sets the time
    ],
)
def test_a_plan_word_is_read_whole(question: str, happened: bool) -> None:
    assert asks_what_happened(question) == happened


@pytest.mark.parametrize(
    ("question", "reaction"),
    [
        ("what did Tehran say after the strike?", True),
        ("after the strike, what did Moscow say?", True),
        ("how did Iran react when the US said it would stay?", True),
        ("When did Moscow say it was bringing troops home?", True),  # "when" opens the question
        ("did the Iranians comment when the pocket was cut?", True),
        ("what was Iran's line on the downing of the jet?", True),  # a stance, in other words
        ("what was the Turkish government's take when the column was hit?", True),
        ("any word out of Tehran when the SDF took the plant?", True),  # asking whether it said anything
        ("the SDF storms into Raqqa - any word from Tehran on it?", True),
        ("did Ankara put out any line on it?", True),
        ("did the militias put out anything after the town fell?", True),
        ("did Baghdad welcome it? any Iraqi statement?", True),
        ("did Iraq's government weigh in on the buffer?", True),
        ("what propaganda did Daesh put out after its counterattack?", False),  # what it put out is asked
        ("where did the SDF's front line run?", False),
        ("once the White House said it was pulling out, what could the SDF do?", False),  # said sets the time
        ("when the White House said in December it was leaving, did it give a schedule?", False),
        ("were the allies told before the White House said it was pulling out?", False),
        ("In September analysts said the river could become a dividing line. By October, had it?", False),
    ],
)
def test_what_is_said_in_a_clause_setting_the_time_is_no_reaction_asked(question: str, reaction: bool) -> None:
    assert asks_reaction(question) == reaction


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "When Ankara went into Afrin, did Washington say it would stand by the SDF?",
            "did Washington say it would stand by the SDF?",
        ),
        ("Analysts said ISIS would hold out. By December, had it? Who said so?", "Who said so?"),
        ("In May the units were flagged as a risk. Did anything happen?", "Did anything happen?"),
        ("when did Moscow say it was bringing troops home?", "when did Moscow say it was bringing troops home?"),
        (
            "When did Washington finish pulling out, after the announcement?",
            "When did Washington finish pulling out, after the announcement?",
        ),
        ("Once the 2,000 US troops left, who held the base?", "who held the base?"),
        ("what did the U.S. say after Gen. Votel's visit?", "what did the U.S. say after Gen. Votel's visit?"),
        ("in may the units were flagged. did anything happen?", "did anything happen?"),
        ("what does Iran want in Deir ez-Zor", "what does Iran want in Deir ez-Zor"),  # no "?": the last sentence
        # a scene before a dash or a colon, as typed in chat
        ("panjshir, sept 2021 - who killed the NRF spokesman?", "who killed the NRF spokesman?"),
        ("Turkey and the Raqqa campaign: who did Ankara want to fight?", "who did Ankara want to fight?"),
        ("jan 2018 \u2013 what did Turkey say?", "what did Turkey say?"),
        ("June 2017, the SDF storms into Raqqa - any word from Tehran on it?", "any word from Tehran on it?"),
        # a question before the dash is the question; a hyphen inside a name is no dash
        ("how many did it end 2019 with - did it hit 250,000?", "how many did it end 2019 with - did it hit 250,000?"),
        ("Deir ez-Zor: the siege", "Deir ez-Zor: the siege"),
        ("the Deir ez-Zor garrison: when was it relieved?", "when was it relieved?"),
        # a scene before a comma, after one before a dash or a colon (which may hold a comma)
        (
            "In the September 2017 piece on the Russian strike, what is the SDF's priority?",
            "what is the SDF's priority?",
        ),
        ("apart from keeping the Americans on side, what did the SDF hope to get?", "what did the SDF hope to get?"),
        ("Sept 2017, when the SDF took the plant: what was Daesh doing?", "what was Daesh doing?"),
        ("Raqqa, Tabqa and Manbij", "Raqqa, Tabqa and Manbij"),
    ],
)
def test_the_question_proper_without_the_scene_it_sets(question: str, asked: str) -> None:
    assert asked_part(question) == asked


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which Canadian pension fund led the funding round?", ("fund",)),  # not the demonym
        ("which three commercial property funds froze withdrawals?", ("commercial", "property", "funds")),
        ("what was the name of the nuclear icebreaker that led the convoy?", ("icebreaker",)),
        ("what was the name of the cruise ship that went through?", ("ship",)),  # "ship" may be a verb
        ("which ship carried the grain?", ()),  # after "which", a word that may be a verb is no kind
        ("which partner faction was dropped from the programme?", ("faction",)),  # "partner" may be a verb
        ("which aircraft type carried out the strike?", ("aircraft", "type")),
        ("which three outside powers had staked out positions?", ("outside", "powers")),  # "powers" may be a verb
        ("which force did the Pentagon consider better suited?", ()),  # a word of every briefing, no kind
        ("He was on loan from a Belgian club - which club?", ("club",)),  # a word that may be a verb ends it
        ("three of the five biggest European car makers buy them - which three?", ("makers",)),  # the scene's
        ("The drive went out on three axes - which three, exactly?", ("axes",)),
        ("what does Iran want in Deir ez-Zor?", ()),
    ],
)
def test_the_kind_whose_name_is_asked(question: str, kind: tuple[str, ...]) -> None:
    assert asked_kind(question) == kind
