"""The rules, one small documented function each, grouped by what they look at.

Importing this package registers every rule in ``checks.registry.RULES``: a new rule is a decorated
function in one of these modules (or a new module added to the list below), with pass and fail cases
under ``tests/rules/<rule-id>/``.
"""

from jlt_cli.checks.rules import duplicates, length, privacy, punctuation, reading, structure, types, units

__all__ = ["duplicates", "length", "privacy", "punctuation", "reading", "structure", "types", "units"]
