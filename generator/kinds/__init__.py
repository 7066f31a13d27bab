"""Dataset kinds: one folder each, listed once in registry.py."""
