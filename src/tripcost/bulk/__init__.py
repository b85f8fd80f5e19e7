"""The bulk path: `sweep` prices a frame of scenarios with the rule core on arrays.

`sweep` (the public function, with `scenarios` and the Dask entry) and `block` (one
block of rows: the columns checked, the rules applied, the messages coded).
"""
