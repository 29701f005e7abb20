"""A corpus with document sets, an audience and two servers, for the scope tests (core and Discord layer).

corpus/                     the sample briefings (set "default", everyone)
corpus/2017-10-kestrel-debrief.txt     set "default", audience: the Analysts role only (a unique fact)
corpus/iraq/...             set "iraq" (its sub-folder)
corpus/yemen/...            set "yemen": the second server's only set
corpus/_scopes.toml         server 1 sees default + iraq, its #iraq channel only iraq; server 2 only yemen
"""

from __future__ import annotations

from pathlib import Path

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.conftest import copy_sample_corpus, make_settings

SERVER = 920_000_000_000_000_001  # the fake Discord's default guild
GENERAL = SERVER + 1  # its #general channel
IRAQ_CHANNEL = SERVER + 10
ANALYSTS = SERVER + 2  # the default guild's role, renamed "Analysts" in the tests' guild
OTHER_SERVER = 930_000_000_000_000_001
OTHER_CHANNEL = OTHER_SERVER + 1

SECRET_QUESTION = "What is the codename of the safehouse in Mayadin?"
SECRET_FACT = "Juniper Lantern"
SECRET_TITLE = "Source Kestrel debrief"
SECRET_FILE = "2017-10-kestrel-debrief.txt"
IRAQ_QUESTION = "Who repaired the Mosul dam?"
IRAQ_FACT = "Trevi"
YEMEN_QUESTION = "Which port did the Houthis mine near Hodeidah?"
YEMEN_FACT = "Ras Isa"

SECRET = f"""---
title: {SECRET_TITLE}
date: 2017-10-02
audience: Analysts, {ANALYSTS}
---
Source Kestrel reported on the situation in Mayadin after the fall of the city.
The safehouse in Mayadin used by the network is codenamed {SECRET_FACT}, according to Kestrel.
Kestrel said the network moves couriers across the Euphrates at night in small boats.
"""

IRAQ = f"""---
title: Mosul dam works
date: 2017-08-15
---
The Mosul dam on the Tigris has needed constant grouting since it was built on soluble rock.
The Italian firm {IRAQ_FACT} repaired the Mosul dam under a contract signed with the Iraqi government in 2016.
Engineers warned that a breach of the dam would flood Mosul within hours.
"""

YEMEN = f"""---
title: Red Sea ports
date: 2017-11-20
---
The Houthis mined the approaches to the port of {YEMEN_FACT} near Hodeidah, according to the coalition.
Shipping insurers raised premiums for vessels calling at Hodeidah after the mines were found.
The coalition said minesweepers would clear the channel within weeks.
"""

SCOPES = f"""
default_sets = ["default"]

[servers.{SERVER}]
sets = ["default", "iraq"]

[servers.{SERVER}.channels]
{IRAQ_CHANNEL} = ["iraq"]

[servers.{OTHER_SERVER}]
sets = ["yemen"]
"""


def write_scoped_corpus(corpus: Path) -> Path:
    copy_sample_corpus(corpus)
    (corpus / SECRET_FILE).write_text(SECRET, encoding="utf-8")
    (corpus / "iraq").mkdir(exist_ok=True)
    (corpus / "iraq" / "2017-08-mosul-dam.txt").write_text(IRAQ, encoding="utf-8")
    (corpus / "yemen").mkdir(exist_ok=True)
    (corpus / "yemen" / "2017-11-red-sea-ports.txt").write_text(YEMEN, encoding="utf-8")
    (corpus / "_scopes.toml").write_text(SCOPES, encoding="utf-8")
    return corpus


def scoped_core(root: Path, embedder: LazyEmbedder) -> BriefingCore:
    """An indexed core over the scoped corpus in `root`."""
    write_scoped_corpus(root / "corpus")
    core = BriefingCore(make_settings(root), embedder=embedder)
    core.reindex()
    return core
