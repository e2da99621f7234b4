from jlt_cli.cli import main

main()
