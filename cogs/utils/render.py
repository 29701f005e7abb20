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
    Usage,
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
    date = f" ({citation.date})" if citation.date else ""
    name = cut(f"[{citation.number}] {one_line(citation.title)}{date}", MAX_FIELD_NAME)
    where = source_link(citation.source, citation.url)
    quote = cut(escape(one_line(citation.quote)), MAX_FIELD_VALUE - len(where) - 4)
    return name, f"> {quote}\n{where}"


def source_link(source: str, url: str) -> str:
    label = cut(escape(source or "source"), 200)
    if url and url.startswith(("http://", "https://")) and len(url) < 600 and " " not in url and ")" not in url:
        return f"[{label}]({url})"
    return f"📄 {label}"


def answer_footer(answer: Answer, model: str = "") -> str:
    footer = f"{answer.passages_searched:,} passages searched · {answer.elapsed_ms / 1000:.2f} s"
    written = model and not answer.abstained and not answer.note.startswith("Extractive answer")
    return footer + (f" · written by {one_line(model)}, checked against the quotes" if written else "")


def streaming_text(partial: str) -> str:
    """The message content shown while a language model's checked answer streams in."""
    return cut(escape(partial), MAX_CONTENT - 2) + " …"


def answer_embeds(answer: Answer, model: str = "") -> list[discord.Embed]:
    """One embed per message: the first holds the start of the answer, the rest continue it."""
    title = cut(escape(one_line(answer.question)), MAX_TITLE)
    if answer.abstained:
        text = answer.text + (f"\n\nWhy: {answer.reason}." if answer.reason else "")
        # a "discusses X but not Y" refusal carries what the briefings do say, cited
        embeds = _cited_embeds(title, escape(text), answer.citations, answer_footer(answer), ABSTAIN_COLOUR)
        if answer.nearest_documents:
            lines = [f"• {escape(one_line(d.title))} ({d.date}) — {escape(d.doc_id)}" for d in answer.nearest_documents]
            value = cut("\n".join(lines), MAX_FIELD_VALUE)
            _append_fields(embeds, [("Nearest documents", value)], ABSTAIN_COLOUR)
        return embeds
    text = answer.text + (f"\n\n{answer.note}" if answer.note else "")
    return _cited_embeds(title, escape(text), answer.citations, answer_footer(answer, model), ANSWER_COLOUR)


def summary_embeds(summary: Summary) -> list[discord.Embed]:
    title = cut(f"Summary: {escape(one_line(summary.subject))}", MAX_TITLE)
    footer = f"{len(summary.citations)} key sentences · {summary.elapsed_ms / 1000:.2f} s"
    colour = ABSTAIN_COLOUR if summary.empty else ANSWER_COLOUR
    text = summary.text + (f"\n\n{summary.note}" if summary.note else "")
    return _cited_embeds(title, escape(text), summary.citations, footer, colour)


def more_sources_citations(answer: Answer, top_k: int) -> list[Citation]:
    """The passages after the ones the answer drew on, as numbered citations of their best sentence."""
    return [Citation.of(n, p, "", p.score) for n, p in enumerate(answer.passages[top_k:], start=top_k + 1)]


def more_sources_embed(question: str, citations: Sequence[Citation]) -> discord.Embed:
    title = cut(f"More sources: {escape(one_line(question))}", MAX_TITLE)
    if not citations:
        return discord.Embed(title=title, description="No further passages matched.", colour=ABSTAIN_COLOUR)
    embeds = _cited_embeds(title, "", citations, "", ANSWER_COLOUR)
    return embeds[0]  # only the first message's worth: this is a quick, ephemeral list


def _cited_embeds(
    title: str, text: str, citations: Sequence[Citation], footer: str, colour: discord.Colour
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
    _append_fields(embeds, [citation_field(c) for c in citations], colour)
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


def document_choices(documents: Iterable[DocumentInfo], current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: documents whose title or file name contains what was typed (at most 25)."""
    wanted = one_line(current).lower()
    choices = []
    for info in sorted(documents, key=lambda d: (d.date, d.title), reverse=True):
        if len(info.doc_id) > MAX_CHOICE_LENGTH:
            continue
        if wanted and wanted not in info.title.lower() and wanted not in info.doc_id.lower():
            continue
        label = cut(f"{one_line(info.title)} ({info.date})" if info.date else one_line(info.title), MAX_CHOICE_LENGTH)
        choices.append(app_commands.Choice(name=label or info.doc_id, value=info.doc_id))
        if len(choices) == MAX_CHOICES:
            break
    return choices


def progress_text(progress: Progress | None, what: str = "Re-indexing") -> str:
    if progress is None:
        return f"{what}: reading the corpus…"
    left = progress.seconds_left
    eta = f", about {_duration(left)} left" if left is not None else ""
    return (
        f"{what}: {progress.documents_done} of {progress.documents_total} documents, "
        f"{progress.chunks_done} of {progress.chunks_total} chunks embedded{eta}."
    )


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
