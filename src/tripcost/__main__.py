"""``python -m tripcost``: the command line (Ctrl-C at any moment, start-up included, is 130)."""

import sys

try:
    from tripcost.cli import main

    code = main()
except KeyboardInterrupt:
    code = 130
sys.exit(code)
