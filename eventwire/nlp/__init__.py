"""Language processing shared by the fields: the spaCy pipeline (``parse``), tree helpers (``syntax``)."""

# Import from the modules (``from eventwire.nlp.parse import parse``): re-exporting the function
# ``parse`` here would shadow the module ``eventwire.nlp.parse``.
