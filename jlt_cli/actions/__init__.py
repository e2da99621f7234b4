"""What each command does, as library functions: the CLI and the web app are thin shells over these.

An action takes paths and settings, does the work through the pipeline and the outputs, and returns what
it made. A request it cannot carry out raises ``ActionError`` with a Chinese message that says what is
wrong and what to do; the shells show it (the CLI exits with 2, the web app answers 400).
"""

from __future__ import annotations


class ActionError(Exception):
    """A request that cannot be carried out as given (a missing input, an output inside an input folder…)."""

    def __init__(self, message: str, report: object | None = None):
        super().__init__(message)
        self.message = message
        self.report = report  # what was done before it failed (a build's list of cases read), when there is one
