"""The ``>>>`` examples in the simulator's docstrings run and give what they show."""

import doctest
import importlib

import pytest

MODULES = ["qmlcourse.sim", "qmlcourse.sim.state", "qmlcourse.sim.gates", "qmlcourse.sim.apply",
           "qmlcourse.sim.params", "qmlcourse.sim.measure", "qmlcourse.sim.circuit", "qmlcourse.interop"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
    assert result.attempted > 0, f"{name} has no examples"
