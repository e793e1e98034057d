"""`python -m adapters.cli`: the `journey` command line."""

from adapters.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
