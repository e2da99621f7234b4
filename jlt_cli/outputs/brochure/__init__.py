"""The printed brochure (PDF) and its web twin (HTML folder), from the accepted cases."""

from jlt_cli.outputs.brochure.build import BuildError, BuildReport, build_brochure, default_output
from jlt_cli.outputs.brochure.html import templates_dir

__all__ = ["BuildError", "BuildReport", "build_brochure", "default_output", "templates_dir"]
