"""The Textual app and the command line of deconflict-tui."""

__version__ = "0.1.0"
