"""Every user-facing error eventwire raises, with its message in one place."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""


class InputError(EventwireError):
    """An input that cannot be turned into an article."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class DataFileError(EventwireError):
    """A shipped or user-supplied knowledge file that fails its schema check."""


class Messages:
    """Message texts, so that the CLI, the library and the tests agree on them."""

    NOT_FOUND = "no such file or directory"
    EMPTY = "the file is empty"
    BINARY = "binary content, not text (NUL bytes found)"
    UNDECODABLE = "cannot decode the text: not UTF-8 and no other encoding fits"
    NO_TEXT = "no article text found"
    NO_HTML_TEXT = "the HTML has no main article text that could be extracted"
    NOT_ENGLISH = "the text does not look like English (eventwire reads English news)"
    TOO_LONG = "the text has {n:,} characters, over the limit of {limit:,} (settings: max_chars)"
    BAD_JSON = "line {line}: not valid JSON ({err})"
    BAD_JSONL_OBJECT = "line {line}: expected an object with a 'text' or 'html' field"
    BAD_DATE = "not an ISO date (YYYY-MM-DD): {value!r}"
