"""Runs over corpora: on this machine (processes) or a Ray cluster."""
