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
    """Reading ``Errors.E010`` gives the message with its code in front, as spaCy's errors do; a class
    whose attributes have names (``Messages.NOT_FOUND``) gives each the code its ``_codes`` names."""

    def __getattribute__(cls, name: str) -> str:
        message = super().__getattribute__(name)
        if name.startswith("_"):
            return message
        code = super().__getattribute__("_codes").get(name, name)
        return f"[{code}] {message}"


class Errors(metaclass=ErrorsWithCodes):
    """Coded messages: a code names one error wherever it is raised, in the CLI, API and logs."""

    _codes: dict[str, str] = {}  # the attribute is the code

    E010 = "{where}: no such setting (known: {known})"
    E011 = "{where}: missing settings {keys}"
    E012 = "{where}: expected {expected}, not {value!r}"
    E013 = "{where}: expected a table of settings"
    E014 = "{origin}: not valid TOML ({reason})"
    E015 = "{origin}: cannot read the settings file ({reason})"
    E020 = "the Doc lacks {missing}: eventwire's stages need spaCy's {needs} (parse with eventwire.nlp.parse)"
    E040 = "{file}: {where}: expected {expected}"
    E041 = "{file}: not valid YAML ({reason})"
    E042 = "{file}: expected the keys {keys}"
    E043 = "{file}: {where} holds a YAML boolean in a list (on/off/yes/no unquoted): quote the word"
    E044 = "{path}: not a readable {kind} ({reason})"
    E045 = "{path}: {kind} format {found!r}, expected {expected}"
    E046 = "{file}: {where}: not a valid regular expression ({reason})"
    E047 = "{file}: {message}"
    E050 = "{path}: not a learned layer ({reason})"
    E051 = "cannot learn a layer: {reason}"
    E030 = "plover.yaml: expected the 16 PLOVER types, each with a quad, cues and modes (found {found})"
    E031 = "plover.yaml {where}: {value!r} is not a PLOVER {kind}"
    E032 = "plover.yaml {where}: expected a list of words or phrases"
    E033 = "{path}: the PLOVER model's labels {labels} are not the codebook's 16 types"


class SettingsError(EventwireError):
    """A settings file that names an unknown setting, lacks one, or gives a value of the wrong type."""


class StageError(EventwireError):
    """A stage given a Doc without the annotation it needs (a tokenized, unparsed Doc)."""


class DataFileError(EventwireError):
    """A shipped or user-supplied knowledge file that fails its schema check."""


class Messages(metaclass=ErrorsWithCodes):
    """Input errors (W1xx: an input refused or a part of it skipped), coded like :class:`Errors`, so
    that the CLI, the API, the library and the tests agree on them."""

    _codes = {
        "NOT_FOUND": "W101",
        "EMPTY": "W102",
        "BINARY": "W103",
        "UNDECODABLE": "W104",
        "NO_TEXT": "W105",
        "NO_HTML_TEXT": "W106",
        "NOT_ENGLISH": "W107",
        "TOO_LONG": "W108",
        "BAD_JSON": "W109",
        "BAD_JSONL_OBJECT": "W110",
        "BAD_DATE": "W111",
        "DATE_OUT_OF_RANGE": "W112",
        "TOO_LARGE": "W113",
        "LINE_TOO_LONG": "W114",
        "BAD_JSONL_FIELD": "W115",
        "EMPTY_ID": "W116",
        "BAD_FEED": "W117",
        "BAD_FEED_ENTRY": "W118",
        "DUPLICATE_ID": "W119",
        "EXTRACT_FAILED": "W120",
    }

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
