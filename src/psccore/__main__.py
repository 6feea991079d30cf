from psccore.cli import run

run()
