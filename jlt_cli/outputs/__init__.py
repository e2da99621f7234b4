"""Outputs: what jlt writes from validation results (terminal, JSON, reports, brochure)."""
