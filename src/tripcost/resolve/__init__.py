"""Resolve: the catalog and the rates turned into the plain inputs the rules price.

`rows` parses data files, `load` finds them and checks quotes, `catalog` indexes the
rows, `prices` answers price and living-cost questions under the merge policy,
`plans` resolves a whole plan, `tables` resolves the bulk path's lookup arrays.
"""
