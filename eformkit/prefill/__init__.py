"""Prefill: connectors to citizen-data sources and the engine that fills forms."""
