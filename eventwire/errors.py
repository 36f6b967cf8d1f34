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


class ErrorsWithCodes(type):
    """Reading ``Errors.E010`` gives the message with its code in front, as spaCy's errors do."""

    def __getattribute__(cls, code: str) -> str:
        message = super().__getattribute__(code)
        return message if code.startswith("_") else f"[{code}] {message}"


class Errors(metaclass=ErrorsWithCodes):
    """Coded messages: a code names one error wherever it is raised, in the CLI, API and logs."""

    E010 = "{where}: no such setting (known: {known})"
    E011 = "{where}: missing settings {keys}"
    E012 = "{where}: expected {expected}, not {value!r}"
    E013 = "{where}: expected a table of settings"
    E014 = "{origin}: not valid TOML ({reason})"
    E015 = "{origin}: cannot read the settings file ({reason})"


class SettingsError(EventwireError):
    """A settings file that names an unknown setting, lacks one, or gives a value of the wrong type."""


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
    DATE_OUT_OF_RANGE = "publication date {value!r} is outside the accepted years {lo} to {hi}"
    TOO_LARGE = (
        "over {limit:,} bytes (after decompression): more than a text within the limit of "
        "{chars:,} characters can take (settings: max_chars)"
    )
    LINE_TOO_LONG = (
        "line {line}: over {limit:,} characters, more than an article within the limit of "
        "{chars:,} characters can take (settings: max_chars)"
    )
    BAD_JSONL_FIELD = "line {line}: {field!r} must be {expected}, not {got}"
    EMPTY_ID = "the id is empty (give none, and the text's hash is used)"
    BAD_FEED = "not a readable feed ({err})"
    BAD_FEED_ENTRY = "cannot read this feed entry ({err})"
    DUPLICATE_ID = "duplicate id {id!r} with different text; kept the first"
    EXTRACT_FAILED = "article {id!r}: extraction failed ({err}); the rest of the batch goes on"
