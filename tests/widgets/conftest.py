"""Shared set-up of the explorer tests. Their speed (every update under 0.2 s) is a goal of
``qmlcourse bench`` (workload U1), measured side by side, never asserted by a timed test."""
import matplotlib

matplotlib.use("Agg")
