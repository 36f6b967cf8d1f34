"""Editable knowledge shipped with eventwire: lexicons, dictionaries, codebooks, settings."""
