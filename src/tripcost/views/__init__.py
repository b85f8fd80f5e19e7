"""Views: the rows, cells, notes, JSON documents, schemas and frames of every output.

The command line, `Estimate.to_dict()`, `Estimate.records()`, `str()` of results and
the frames take their shape from here; `display` formats amounts with babel and renders
an `Output`; `schemas` publishes the JSON Schema of each JSON output; `frames` puts
float64 copies beside exact amounts.
"""
