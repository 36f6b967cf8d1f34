"""One package per output field: each finds its records in a Doc, resolves them, links them to events."""
