"""Who may read what: a reader's scope (server, channel, roles) -> the documents and chunk-table rows they may read.

Documents carry a set (their sub-folder of the corpus, or a `set` metadata key) and an audience (role ids or
names; none means everyone who sees the set). `corpus/_scopes.toml` maps servers and channels to sets:

    default_sets = ["default"]            # what a server not listed below sees (this is the default)

    [servers.111111111111111111]          # a server (guild) id
    sets = ["default", "syria"]
    [servers.111111111111111111.channels]
    222222222222222222 = ["syria"]        # a channel narrows its server's sets (never widens them)

Without the file every server sees every set (the behaviour before sets existed); audiences always apply.
A scope resolves to a boolean mask over the catalog's rows, built from the documents' row runs and cached per
distinct (sets, roles) and catalog; the search takes it as a filter before ranking (search/hybrid.py), so a
row outside the scope is never a candidate. A scope that allows every row resolves to no mask at all: the
search then runs exactly as unscoped, so someone who may read everything gets the same answer.
"""

from __future__ import annotations

import argparse
import logging
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np

from retrieval.errors import ConfigError
from retrieval.index.catalog import Catalog
from retrieval.ingest.loaders import DEFAULT_SET, document_set, set_name
from retrieval.records import DocumentInfo, IndexReport, RefreshReport
from retrieval.search.hybrid import RowSet

log = logging.getLogger(__name__)

SCOPES_FILE = "_scopes.toml"
CACHED_SCOPES = 16  # distinct (sets, roles) kept per catalog, each with up to EXACT_SEARCH_ROWS gathered vectors


@dataclass(frozen=True)
class Scope:
    """Who is reading: a Discord member (server, channel, roles) or the operator (`Scope.everything()`).

    `roles` holds role ids (as text) and role names, lower case. `every_set` / `every_audience` lift one
    restriction: the operator's command line sees every set unless it names a server, every audience unless
    it names roles. A member's scope lifts neither: with no server (a direct message) it sees the default sets.
    """

    server_id: int | None = None
    channel_id: int | None = None
    roles: frozenset[str] = frozenset()
    every_set: bool = False
    every_audience: bool = False

    @classmethod
    def everything(cls) -> Scope:
        return cls(every_set=True, every_audience=True)

    @classmethod
    def member(
        cls, server_id: int | None, channel_id: int | None, role_ids: Iterable[int] = (), role_names: Iterable[str] = ()
    ) -> Scope:
        """A Discord member's scope (in a thread, pass the thread's parent channel)."""
        return cls(server_id, channel_id, _roles(role_ids, role_names))

    @classmethod
    def preview(cls, roles: Iterable[str] | None, server_id: int | None = None, channel_id: int | None = None) -> Scope:
        """The command line's view: as a member with these roles (None: every audience) in this server and
        channel (no server: every set)."""
        return cls(server_id, channel_id, _roles((), roles or ()), server_id is None, roles is None)

    def without_roles(self) -> Scope:
        """What everyone in the same place may read (for replies posted where other members read them)."""
        return Scope(self.server_id, self.channel_id, frozenset(), self.every_set, False)

    @property
    def unrestricted(self) -> bool:
        return self.every_set and self.every_audience


def _roles(ids: Iterable[int], names: Iterable[str]) -> frozenset[str]:
    return frozenset(str(i) for i in ids) | frozenset(n.strip().casefold() for n in names if n.strip())


@dataclass(frozen=True)
class ServerSets:
    sets: frozenset[str]
    channels: Mapping[int, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ScopePolicy:
    """The servers' and channels' sets, from `_scopes.toml`. `configured` is False when there is no file."""

    configured: bool = False
    default_sets: frozenset[str] = frozenset({DEFAULT_SET})
    servers: Mapping[int, ServerSets] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def load(cls, path: Path) -> ScopePolicy:
        """The policy in `path` (no file: no set restrictions); ConfigError saying what is wrong otherwise."""
        if not path.is_file():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            return cls.from_mapping(data)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, TypeError) as error:
            raise ConfigError(f"{path.name} cannot be read ({error}): fix it, then try again.") from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ScopePolicy:
        default = _sets(data.get("default_sets", [DEFAULT_SET]), "default_sets")
        servers = {}
        raw_servers = data.get("servers", {})
        if not isinstance(raw_servers, Mapping):
            raise ValueError("[servers] must be a table of server ids")
        for key, raw in raw_servers.items():
            if not isinstance(raw, Mapping):
                raise ValueError(f"[servers.{key}] must be a table")
            sets = _sets(raw.get("sets", []), f"servers.{key}.sets")
            channels = raw.get("channels", {})
            if not isinstance(channels, Mapping):
                raise ValueError(f"[servers.{key}.channels] must be a table of channel ids")
            narrowed = {_id(c, "channel"): _sets(v, f"servers.{key}.channels.{c}") & sets for c, v in channels.items()}
            servers[_id(key, "server")] = ServerSets(sets, MappingProxyType(narrowed))
        return cls(True, default, MappingProxyType(servers))

    def sets_for(self, scope: Scope) -> frozenset[str] | None:
        """The sets the scope may read, or None for every set."""
        if scope.every_set or not self.configured:
            return None
        server = self.servers.get(scope.server_id) if scope.server_id is not None else None
        if server is None:
            return self.default_sets
        if scope.channel_id is not None and scope.channel_id in server.channels:
            return server.channels[scope.channel_id]
        return server.sets

    def server_sets(self, server_id: int | None) -> frozenset[str] | None:
        """The sets of a server as a whole (for its admins), or None for every set."""
        return self.sets_for(Scope(server_id))


def _sets(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of set names")
    return frozenset(set_name(v) for v in value if set_name(v))


def _id(key: str, what: str) -> int:
    if not key.strip().isdigit():
        raise ValueError(f"{key!r} is not a {what} id (a number)")
    return int(key)


def may_read(info: DocumentInfo, sets: frozenset[str] | None, scope: Scope) -> bool:
    """Whether a reader who sees `sets` (None: all) with the scope's roles may read the document."""
    if sets is not None and info.doc_set not in sets:
        return False
    return scope.every_audience or not info.audience or not scope.roles.isdisjoint(info.audience)


@dataclass(frozen=True)
class Readable:
    """What one scope may read in one catalog: the documents, and a row mask (None: every row)."""

    documents: Mapping[str, DocumentInfo]
    row_set: RowSet | None
    rows: int

    @property
    def mask(self) -> np.ndarray | None:
        return self.row_set.mask if self.row_set is not None else None

    def may_read(self, doc_id: str) -> bool:
        return doc_id in self.documents


class ScopeResolver:
    """Scopes -> `Readable`, cached per distinct (sets, roles) for one catalog (a snapshot has its own)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._cache: OrderedDict[tuple[object, ...], Readable] = OrderedDict()
        self._lock = threading.Lock()
        self._all = Readable(MappingProxyType(catalog.documents), None, len(catalog))

    def readable(self, scope: Scope | None, policy: ScopePolicy) -> Readable:
        if scope is None or scope.unrestricted:
            return self._all
        sets = policy.sets_for(scope)
        roles = None if scope.every_audience else scope.roles
        key = (sets, roles)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        found = self._resolve(sets, scope)
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > CACHED_SCOPES:
                self._cache.popitem(last=False)
        return found

    def _resolve(self, sets: frozenset[str] | None, scope: Scope) -> Readable:
        catalog = self._catalog
        documents = {d: info for d, info in catalog.documents.items() if may_read(info, sets, scope)}
        if len(documents) == len(catalog.documents):
            return self._all
        mask = np.zeros(len(catalog), dtype=bool)
        for doc_id in documents:
            run = catalog.rows_of(doc_id)
            mask[run.start : run.stop] = True
        rows = int(mask.sum())
        log.info(
            "scope resolved sets=%s roles=%d documents=%d rows=%d",
            sorted(sets or []),
            len(scope.roles),
            len(documents),
            rows,
        )
        return Readable(MappingProxyType(documents), RowSet(mask), rows)


def visible_report(
    report: IndexReport, scope: Scope, sets: frozenset[str] | None, before: Mapping[str, DocumentInfo], after: Readable
) -> IndexReport:
    """A re-index's report as a scope may see it: only documents it may read (removed ones: as they were
    before), skipped files of its sets, and counts of what it may read."""
    visible = [d for d in report.added + report.changed if after.may_read(d)]
    return replace(
        report,
        added=[d for d in report.added if after.may_read(d)],
        changed=[d for d in report.changed if after.may_read(d)],
        unchanged=[d for d in report.unchanged if after.may_read(d)],
        removed=[d for d in report.removed if d in before and may_read(before[d], sets, scope)],
        skipped=[s for s in report.skipped if sets is None or document_set(s.source) in sets],
        chunks_embedded=sum(after.documents[d].chunk_count for d in visible),
        chunks_total=after.rows,
        documents_total=len(after.documents),
    )


def visible_refresh(report: RefreshReport, after: Readable) -> RefreshReport:
    """A refresh of links as a scope may see it: only the documents it may read now (a page that is gone or
    failed keeps its saved copy, so it is still in the index). The re-index inside is scoped by the caller."""
    return replace(
        report,
        checked=[d for d in report.checked if after.may_read(d)],
        changed=[d for d in report.changed if after.may_read(d)],
        unchanged=[d for d in report.unchanged if after.may_read(d)],
        gone=[s for s in report.gone if after.may_read(s.source)],
        failed=[s for s in report.failed if after.may_read(s.source)],
    )


def add_scope_arguments(parser: argparse.ArgumentParser) -> None:
    """--roles, --server and --channel: read as a member would (the command line reads everything without)."""
    group = parser.add_argument_group("as a member would (default: everything)")
    group.add_argument("--roles", help="the member's role ids or names, comma-separated (none: no roles)")
    group.add_argument("--server", type=int, help="the server (guild) id whose document sets apply")
    group.add_argument("--channel", type=int, help="the channel id (with --server) whose sets apply")


def scope_from_arguments(args: argparse.Namespace) -> Scope | None:
    """The scope the options describe, or None (everything) when none is given."""
    roles, server, channel = getattr(args, "roles", None), getattr(args, "server", None), getattr(args, "channel", None)
    if roles is None and server is None and channel is None:
        return None
    if channel is not None and server is None:
        raise ConfigError("--channel needs --server: a channel's sets narrow its server's.")
    names = [part.strip() for part in (roles or "").split(",") if part.strip()]
    return Scope.preview(names, server, channel)
