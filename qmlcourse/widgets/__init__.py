"""Interactive explorers for the lessons, built on ipywidgets 8.

Each explorer is a class with a ``.widget`` (the ipywidgets container shown in JupyterLab),
its state and maths in plain attributes (testable by setting ``.value`` on its controls),
and a ``_repr_mimebundle_`` that returns, beside the live widget view, a PNG snapshot of
its current state and a one-line ``text/plain``, so the static book shows a picture.

>>> from qmlcourse.widgets.bloch import BlochExplorer
>>> from qmlcourse.widgets.circuit import CircuitExplorer
>>> from qmlcourse.widgets.encoding import EncodingExplorer
>>> from qmlcourse.widgets.kernel import KernelExplorer
>>> from qmlcourse.widgets.plateau import PlateauExplorer
>>> from qmlcourse.widgets.training import TrainingDashboard

The modules are imported lazily so that ``import qmlcourse.widgets`` stays cheap.
"""

from __future__ import annotations

__all__ = ["BlochExplorer", "CircuitExplorer", "EncodingExplorer", "KernelExplorer", "PlateauExplorer",
           "TrainingDashboard"]


def __getattr__(name: str):
    if name == "BlochExplorer":
        from qmlcourse.widgets.bloch import BlochExplorer
        return BlochExplorer
    if name == "CircuitExplorer":
        from qmlcourse.widgets.circuit import CircuitExplorer
        return CircuitExplorer
    if name == "EncodingExplorer":
        from qmlcourse.widgets.encoding import EncodingExplorer
        return EncodingExplorer
    if name == "KernelExplorer":
        from qmlcourse.widgets.kernel import KernelExplorer
        return KernelExplorer
    if name == "PlateauExplorer":
        from qmlcourse.widgets.plateau import PlateauExplorer
        return PlateauExplorer
    if name == "TrainingDashboard":
        from qmlcourse.widgets.training import TrainingDashboard
        return TrainingDashboard
    raise AttributeError(f"module 'qmlcourse.widgets' has no attribute {name!r}")
