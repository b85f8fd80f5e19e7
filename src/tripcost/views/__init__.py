"""Views: the rows, cells, notes and JSON documents of every output.

The command line, `Estimate.to_dict()`, `Estimate.records()` and the frames take their
shape from here; `display` formats amounts with babel and renders an `Output`.
"""
