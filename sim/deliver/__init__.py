"""Delivery: what people touch (CLI, run folder, figures, report, exports)."""
