"""The core's typed results -> Discord embeds and texts, within Discord's limits (pure functions).

Every function here takes plain values and returns embeds or strings: no network, no state. Text that comes
from users or documents is Markdown-escaped and mention-escaped; anything too long is split at paragraph,
sentence or word boundaries, or cut there with an ellipsis, never in the middle of a word or an escape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import discord
from discord import app_commands

from retrieval import (
    Answer,
    Citation,
    DocumentInfo,
    GapReport,
    IndexReport,
    Progress,
    RefreshReport,
    Stats,
    Summary,
    TimelineEntry,
    Usage,
    clean_quote,
    refusal_text,
    sources_once,
)

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
MAX_CHOICES = 25
MAX_CHOICE_LENGTH = 100
MAX_THREAD_NAME = 100
USAGE_CHART = "usage.png"  # the /stats and digest attachment, shown in the embed

ELLIPSIS = "…"
ANSWER_COLOUR = discord.Colour.blurple()
ABSTAIN_COLOUR = discord.Colour.light_grey()
SOURCES_PER_PAGE = 10
ENTRIES_PER_PAGE = 6  # timeline and "what changed" entries per page

_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?\]])\s+"), re.compile(r"\s+"))


# -- text ------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Markdown and mentions made inert: `*x*` shows as *x*, `@everyone` cannot ping."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text or ""))


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def cut(text: str, limit: int) -> str:
    """`text` if it fits, else cut at the last space before `limit` with an ellipsis (never mid-escape)."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    head = text[:room]
    space = head.rfind(" ")
    if space > room // 2:
        head = head[:space]
    head = head.rstrip()
    while head.endswith("\\"):  # do not leave half an escape behind
        head = head[:-1]
    return head + ELLIPSIS


def split(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, broken at paragraphs, then lines, sentences, words."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    for pattern in _BREAKS:
        cuts = [m.end() for m in pattern.finditer(text, 0, limit + 1) if 0 < m.start() <= limit]
        if cuts:
            head_end = max(c for c in cuts)
            head = text[:head_end].rstrip()
            if head and len(head) <= limit and len(head) > limit // 4:
                return [head, *split(text[head_end:], limit)]
    head = text[:limit]
    while head.endswith("\\"):
        head = head[:-1]
    return [head, *split(text[len(head) :], limit)]


def fit_content(text: str) -> str:
    return cut(text, MAX_CONTENT)


def thread_name(question: str) -> str:
    return cut(one_line(question), MAX_THREAD_NAME) or "Question"


# -- answers and summaries --------------------------------------------------------------------------


def citation_field(citation: Citation) -> tuple[str, str]:
    """("[n] title (date)", "> quote\n— file or link"), each within the field limits."""
    name = _source_name(str(citation.number), citation)
    where = source_link(citation.source, citation.url)
    quote = cut(escape(clean_quote(one_line(citation.quote))), MAX_FIELD_VALUE - len(where) - 4)
    return name, f"> {quote}\n{where}"


def source_field(numbers: str, citation: Citation) -> tuple[str, str]:
    """("[1, 2] title (date)", "file or link"): a source whose quotes the text above already shows."""
    return _source_name(numbers, citation), source_link(citation.source, citation.url)


def _source_name(numbers: str, citation: Citation) -> str:
    date = f" ({citation.date})" if citation.date else ""
    return cut(f"[{numbers}] {one_line(citation.title)}{date}", MAX_FIELD_NAME)


def source_fields(citations: Sequence[Citation], text: str) -> list[tuple[str, str]]:
    """When `text` already quotes every citation (an extractive answer, a summary), each source once with its
    numbers and no quote; otherwise (a written answer) a field per citation with its quote."""
    if all(clean_quote(c.quote) in text for c in citations):
        return [source_field(numbers, c) for numbers, c in sources_once(tuple(citations))]
    return [citation_field(c) for c in citations]


def source_link(source: str, url: str) -> str:
    label = cut(escape(source or "source"), 200)
    if url and url.startswith(("http://", "https://")) and len(url) < 600 and " " not in url and ")" not in url:
        return f"[{label}]({url})"
    return f"📄 {label}"


def answer_footer(answer: Answer, model: str = "") -> str:
    footer = f"{answer.passages_searched:,} passages searched · {answer.elapsed_ms / 1000:.2f} s"
    if answer.filters:
        footer = "Filter: " + "; ".join(one_line(f) for f in answer.filters) + " · " + footer
    written = model and not answer.abstained and not answer.note.startswith("Extractive answer")
    return footer + (f" · written by {one_line(model)}, checked against the quotes" if written else "")


def streaming_text(partial: str) -> str:
    """The message content shown while a language model's checked answer streams in."""
    return cut(escape(partial), MAX_CONTENT - 2) + " …"


def answer_embeds(answer: Answer, model: str = "") -> list[discord.Embed]:
    """One embed per message: the first holds the start of the answer, the rest continue it."""
    title = cut(escape(one_line(answer.question)), MAX_TITLE)
    if answer.abstained:
        # a "discusses X but not Y" refusal carries what the briefings do say, cited
        text = escape(refusal_text(answer))
        fields = source_fields(answer.citations, answer.text)
        embeds = _cited_embeds(title, text, fields, answer_footer(answer), ABSTAIN_COLOUR)
        if answer.nearest_documents:
            lines = [
                f"• {escape(one_line(d.title))} ({d.date or 'undated'}) — {escape(d.doc_id)}"
                for d in answer.nearest_documents
            ]
            value = cut("\n".join(lines), MAX_FIELD_VALUE)
            _append_fields(embeds, [("Nearest documents", value)], ABSTAIN_COLOUR)
        return embeds
    text = answer.text + (f"\n\n{answer.note}" if answer.note else "")
    fields = source_fields(answer.citations, answer.text)
    return _cited_embeds(title, escape(text), fields, answer_footer(answer, model), ANSWER_COLOUR)


def summary_embeds(summary: Summary) -> list[discord.Embed]:
    title = cut(f"Summary: {escape(one_line(summary.subject))}", MAX_TITLE)
    footer = f"{len(summary.citations)} key sentences · {summary.elapsed_ms / 1000:.2f} s"
    colour = ABSTAIN_COLOUR if summary.empty else ANSWER_COLOUR
    text = summary.text + (f"\n\n{summary.note}" if summary.note else "")
    return _cited_embeds(title, escape(text), source_fields(summary.citations, summary.text), footer, colour)


def more_sources_citations(answer: Answer, top_k: int) -> list[Citation]:
    """The passages after the ones the answer drew on, as numbered citations of their best sentence."""
    return [Citation.of(n, p, "", p.score) for n, p in enumerate(answer.passages[top_k:], start=top_k + 1)]


def more_sources_embed(question: str, citations: Sequence[Citation]) -> discord.Embed:
    title = cut(f"More sources: {escape(one_line(question))}", MAX_TITLE)
    if not citations:
        return discord.Embed(title=title, description="No further passages matched.", colour=ABSTAIN_COLOUR)
    embeds = _cited_embeds(title, "", [citation_field(c) for c in citations], "", ANSWER_COLOUR)
    return embeds[0]  # only the first message's worth: this is a quick, ephemeral list


def _cited_embeds(
    title: str, text: str, fields: Sequence[tuple[str, str]], footer: str, colour: discord.Colour
) -> list[discord.Embed]:
    pieces = split(text, MAX_DESCRIPTION) or [""]
    footer = cut(footer, MAX_FOOTER)
    embeds = []
    for number, piece in enumerate(pieces):
        embed = discord.Embed(
            title=title if number == 0 else cut(f"{title} (continued)", MAX_TITLE),
            description=piece or None,
            colour=colour,
        )
        if footer and number == 0:
            embed.set_footer(text=footer)
        embeds.append(embed)
    _append_fields(embeds, fields, colour)
    return embeds


def _append_fields(embeds: list[discord.Embed], fields: Iterable[tuple[str, str]], colour: discord.Colour) -> None:
    """Add fields to the last embed while it stays within 25 fields and 6000 characters; then start another."""
    for name, value in fields:
        last = embeds[-1]
        if len(last.fields) >= MAX_FIELDS or len(last) + len(name) + len(value) > MAX_EMBED_TOTAL:
            last = discord.Embed(title="Sources (continued)", colour=colour)
            embeds.append(last)
        last.add_field(name=name, value=value, inline=False)


# -- the library -----------------------------------------------------------------------------------


def sources_embeds(documents: Sequence[DocumentInfo], per_page: int = SOURCES_PER_PAGE) -> list[discord.Embed]:
    """Pages of documents: title, date, chunk count and file name."""
    total = len(documents)
    if not total:
        return [discord.Embed(title="Indexed documents", description="Nothing is indexed yet: run /reindex.")]
    pages = [documents[i : i + per_page] for i in range(0, total, per_page)]
    embeds = []
    for number, page in enumerate(pages, start=1):
        lines = [
            cut(
                f"**{escape(one_line(d.title))}** ({d.date or 'undated'}) · {d.chunk_count} chunks"
                f" · {escape(d.doc_id)}",
                MAX_DESCRIPTION // per_page - 1,
            )
            for d in page
        ]
        embed = discord.Embed(title=f"Indexed documents ({total})", description="\n".join(lines))
        embed.set_footer(text=f"Page {number} of {len(pages)}")
        embeds.append(embed)
    return embeds


def document_choices(documents: Iterable[DocumentInfo]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for documents already ranked by the core's matching (at most 25)."""
    choices = []
    for info in documents:
        if len(info.doc_id) > MAX_CHOICE_LENGTH:
            continue
        label = cut(f"{one_line(info.title)} ({info.date})" if info.date else one_line(info.title), MAX_CHOICE_LENGTH)
        choices.append(app_commands.Choice(name=label or info.doc_id, value=info.doc_id))
        if len(choices) == MAX_CHOICES:
            break
    return choices


def progress_text(progress: Progress | None, what: str = "Re-indexing") -> str:
    """How far a re-index is: the share of its chunks embedded and the time left. Never counts of documents or
    chunks: a re-index embeds every changed document of the corpus, and its counts would tell a member about
    documents outside what they may read (the final report counts only those)."""
    if progress is None:
        return f"{what}: reading the corpus…"
    left = progress.seconds_left
    eta = f", about {_duration(left)} left" if left else ""
    share = progress.chunks_done / progress.chunks_total if progress.chunks_total else 1.0
    return f"{what}: {share:.0%} embedded{eta}."


def fetch_text(done: int, total: int | None) -> str:
    """A link's download so far."""
    if not done:
        return "Fetching the link…"
    of = f" of {total / 1_048_576:.1f} MB" if total else ""
    return f"Fetching the link: {done / 1_048_576:.1f} MB{of} read…"


def report_text(report: IndexReport, what: str = "Re-index") -> str:
    """What a re-index did, every skipped file with its reason; within 2000 characters."""
    counts = (
        f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
    )
    lines = [
        f"{what} done in {_duration(report.elapsed_s)}: {counts}; "
        f"{report.chunks_embedded} chunks embedded, {report.chunks_total} in the index."
    ]
    if report.full_rebuild_reason:
        lines.append(f"Full rebuild because {escape(report.full_rebuild_reason)}.")
    for label, names in (("Added", report.added), ("Changed", report.changed), ("Removed", report.removed)):
        if names:
            lines.append(f"{label}: " + ", ".join(escape(n) for n in names))
    if report.skipped:
        lines.append("Skipped:")
        lines += [f"• {escape(s.source)}: {escape(s.reason)}" for s in report.skipped]
    return _lines_within(lines, MAX_CONTENT)


def refresh_text(report: RefreshReport) -> str:
    """What a refresh of the documents added by link did: changed pages re-indexed, vanished ones kept."""
    lines = [
        f"Scheduled refresh of links: {len(report.checked)} checked, {len(report.changed)} changed, "
        f"{len(report.unchanged)} unchanged, {len(report.gone)} gone, {len(report.failed)} could not be fetched."
    ]
    if report.changed:
        lines.append("Changed and re-indexed: " + ", ".join(escape(n) for n in report.changed))
    for label, skipped in (("Gone (the saved copy is kept)", report.gone), ("Not fetched (kept)", report.failed)):
        if skipped:
            lines.append(f"{label}:")
            lines += [f"• {escape(s.source)}: {escape(s.reason)}" for s in skipped]
    if report.index is not None and report.index.skipped:
        lines.append("Skipped when re-indexing:")
        lines += [f"• {escape(s.source)}: {escape(s.reason)}" for s in report.index.skipped]
    return _lines_within(lines, MAX_CONTENT)


def _lines_within(lines: list[str], limit: int) -> str:
    """Whole lines while they fit, then '… and N more'."""
    kept: list[str] = []
    used = 0
    for n, line in enumerate(lines):
        line = cut(line, limit - 40)
        if used + len(line) + 1 > limit - 40:
            kept.append(f"… and {len(lines) - n} more")
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def stats_embed(stats: Stats, uptime_s: float, usage: Usage | None = None) -> discord.Embed:
    """The index's figures and uptime; with the question log's `usage`, its questions and latencies (the
    figures in `stats` then come from it) and the usage chart attached as USAGE_CHART."""
    embed = discord.Embed(title="Briefing Bot", colour=ANSWER_COLOUR)
    embed.add_field(name="Documents", value=f"{stats.documents:,}")
    embed.add_field(name="Chunks", value=f"{stats.chunks:,}")
    embed.add_field(name="Model", value=cut(f"{escape(stats.model)} ({stats.backend})", MAX_FIELD_VALUE))
    embed.add_field(name="Store", value=cut(escape(stats.store_mode), MAX_FIELD_VALUE))
    asked = f"Questions (last {usage.days} days)" if usage else "Questions answered"
    embed.add_field(name=asked, value=f"{stats.questions_answered:,}")
    embed.add_field(name="Latency p50 / p95", value=f"{stats.latency_p50_ms:,.0f} ms / {stats.latency_p95_ms:,.0f} ms")
    embed.add_field(name="Uptime", value=_duration(uptime_s))
    if usage is not None:
        _add_usage_fields(embed, usage)
        embed.set_image(url=f"attachment://{USAGE_CHART}")
    return embed


def _add_usage_fields(embed: discord.Embed, usage: Usage) -> None:
    embed.add_field(name="Declined", value=f"{usage.declined:,} ({100 * usage.declined_share:.0f}%)")
    helpful = usage.helpful_share
    share = f" ({100 * helpful:.0f}% helpful)" if helpful is not None else ""
    embed.add_field(name="Feedback", value=f"{usage.helpful_votes} helpful, {usage.unhelpful_votes} not helpful{share}")


def digest_embed(usage: Usage) -> discord.Embed:
    """The weekly digest's usage part, the chart attached as USAGE_CHART."""
    embed = discord.Embed(title=f"Weekly digest: the last {usage.days} days", colour=ANSWER_COLOUR)
    embed.add_field(name="Questions", value=f"{usage.questions:,}")
    embed.add_field(name="Latency p50 / p95", value=f"{usage.latency_p50_ms:,.0f} ms / {usage.latency_p95_ms:,.0f} ms")
    _add_usage_fields(embed, usage)
    embed.set_image(url=f"attachment://{USAGE_CHART}")
    return embed


GAPS_SHOWN = 6
GAP_FIELD_NAME, GAP_FIELD_VALUE = 200, 700  # six of them stay within the embed's 6,000 characters


def gaps_embed(report: GapReport, shown: int = GAPS_SHOWN) -> discord.Embed:
    """The largest coverage gaps, one field each: label, size, three example questions, nearest documents."""
    embed = discord.Embed(title=f"Coverage gaps: last {report.days} days", colour=ABSTAIN_COLOUR)
    if not report.gaps:
        embed.description = 'No declined or "not helpful" questions in this period.'
        return embed
    embed.description = cut(
        f'{report.questions_considered} declined or "not helpful" questions in {len(report.gaps)} topics, '
        "largest first: briefings to write next.",
        MAX_DESCRIPTION,
    )
    for number, gap in enumerate(report.gaps[:shown], 1):
        lines = [f"> {escape(one_line(q))}" for q in gap.examples]
        if gap.nearest_documents:
            nearest = ", ".join(escape(d.title) for d in gap.nearest_documents)
            lines.append(f"nearest: {nearest}")
        name = f"{number}. {escape(gap.label)} ({gap.size}: {gap.declined} declined, {gap.unhelpful} not helpful)"
        embed.add_field(name=cut(name, GAP_FIELD_NAME), value=_lines_within(lines, GAP_FIELD_VALUE), inline=False)
    if len(report.gaps) > shown:
        embed.set_footer(text=f"… and {len(report.gaps) - shown} smaller topics (python -m retrieval gaps lists all)")
    return embed


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h {minutes} min" if days else f"{hours} h {minutes} min"


# -- timelines and changes -------------------------------------------------------------------------


def timeline_pages(
    title: str, entries: Sequence[TimelineEntry], footer: str, note: str = "", per_page: int = ENTRIES_PER_PAGE
) -> list[discord.Embed]:
    """Pages of dated entries, one field each: the date (or "2017-10-30 revises 2017-06-28"), the sentence,
    the earlier sentence it revises, and the briefings that tell it."""
    title = cut(escape(one_line(title)), MAX_TITLE)
    if not entries:
        return [discord.Embed(title=title, description=escape(note) or None, colour=ABSTAIN_COLOUR)]
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)]
    embeds = []
    for number, page in enumerate(pages, start=1):
        embed = discord.Embed(title=title, description=escape(note) or None, colour=ANSWER_COLOUR)
        for entry in page:
            embed.add_field(name=cut(entry.when, MAX_FIELD_NAME), value=_entry_value(entry), inline=False)
        page_footer = f"{footer} · page {number}/{len(pages)}" if len(pages) > 1 else footer
        embed.set_footer(text=cut(page_footer, MAX_FOOTER))
        embeds.append(embed)
    return embeds


def _entry_value(entry: TimelineEntry) -> str:
    cited = [*entry.citations, *([entry.revises] if entry.revises else [])]
    sources = "\n".join(
        f"[{c.number}] {cut(escape(one_line(c.title)), 80)} ({c.date or 'undated'}) — {source_link(c.source, c.url)}"
        for c in cited
    )
    earlier = f"\nEarlier: > {escape(one_line(entry.revises.quote))}" if entry.revises else ""
    room = MAX_FIELD_VALUE - len(sources) - 4
    body = cut(f"> {escape(one_line(entry.text))}{earlier}", max(room, 100))
    return cut(f"{body}\n{sources}", MAX_FIELD_VALUE)
