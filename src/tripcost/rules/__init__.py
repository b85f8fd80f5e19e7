"""The rule core: pure functions of plain numbers, on Python values and numpy arrays.

No catalog, no I/O, no formatting. `schedule` counts stays and nights, `costs` counts
what a stay uses and takes shares of totals, `trip` walks one trip's treatments on the
exact path. `estimate` and `compare` call them on `Decimal`/`int`, `sweep` on arrays.
"""
