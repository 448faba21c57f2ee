"""`python -m bench`: generate (or reuse) the data, measure, report."""

from bench.run import main

if __name__ == "__main__":
    main()
