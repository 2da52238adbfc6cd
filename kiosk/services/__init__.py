"""Use cases that the screens and the command line call."""
