from tripcost.cli import run

run()
