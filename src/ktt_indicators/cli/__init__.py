"""The command line: ``ktt`` and its commands."""

from .app import app as app
from .app import main as main
