"""The user-facing errors of the core: each message says what is wrong and what to do."""


class BriefingError(Exception):
    """An error whose message is safe and useful to show to a user as it is."""


class ConfigError(BriefingError):
    """A setting is missing or invalid."""


class IndexMismatchError(BriefingError):
    """The stored index was built with other settings (model, dimension, chunker)."""


class IndexEmptyError(BriefingError):
    """There is no index yet."""


class IndexUnreadableError(BriefingError):
    """The index exists but its pointer could not be read (not the same as "no index yet")."""


class CorpusError(BriefingError):
    """The corpus folder is missing or unusable."""


class QuestionError(BriefingError):
    """The question is empty, too long or otherwise unusable."""


class DocumentNotFoundError(BriefingError):
    """A document named by the user is not in the index."""


class AmbiguousDocumentError(DocumentNotFoundError):
    """What the user typed fits several documents; the message lists them, `candidates` holds them."""

    def __init__(self, message: str, candidates: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class IndexBusyError(BriefingError):
    """Another re-index is running."""


class UploadRefusedError(BriefingError):
    """An uploaded file (or link) is refused; the message says why."""


class LinkRefusedError(UploadRefusedError):
    """A link is refused or could not be fetched; `status` is the server's HTTP status when it answered one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def gone(self) -> bool:
        """The page is no longer there (404 or 410): a refresh keeps the saved copy and reports it."""
        return self.status in (404, 410)
