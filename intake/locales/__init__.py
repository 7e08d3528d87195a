"""Translations of the intake's pages, one module per language with the same keys."""
