"""``python -m tripcost``: the command line (Ctrl-C at any moment, start-up included, is 130)."""

import tripcost  # first: from here on Ctrl-C exits 130 quietly

try:
    from tripcost.cli import main

    code = main()
except KeyboardInterrupt:
    code = 130
tripcost._finish(code)
