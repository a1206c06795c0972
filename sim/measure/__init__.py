"""Measurement: the event log and the pure functions that turn it into KPIs and tables."""
