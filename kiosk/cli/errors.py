"""The command line's own failure: one line, no traceback."""


class CliError(Exception):
    """A failure to report as one line, without a traceback."""
