from psccore.cli import main

main()
