"""Bundled connectors: the in-memory mock, the embedded registries and the declarative HTTP ones."""
