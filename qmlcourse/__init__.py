"""qmlcourse: the helper package of the quantum machine learning course."""

__version__ = "0.1.0"
