"""`python -m geoledger`: the same as the geoledger command."""

from geoledger.cli import main

main()
