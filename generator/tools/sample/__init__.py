"""A synthetic sample country (tỉnh Bình Sơn) for demos, tests and benchmarks.

Every name and figure is invented; every unit is marked `sample: true`. The files follow the
schemas in generator/kinds/ exactly, so the sample doubles as a worked example for staff.
"""

from generator.tools.sample.country import build_sample_country

__all__ = ["build_sample_country"]
