"""Lets `python -m bot` behave exactly like the `parentbot` console script."""

import sys

from bot.cli import main

sys.exit(main())
