#!/usr/bin/env python
from liant.cli import main

if __name__ == "__main__":
    main()
