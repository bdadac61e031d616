"""Collection rules for the package's doctests (tests/conftest.py holds the test fixtures).

qmlcourse/torch.py needs the optional PyTorch extra: without torch its doctests are not
collected, unless QMLCOURSE_REQUIRE_TORCH is set (``make test EXTRAS=torch`` and CI), where a
missing torch must fail loudly instead.
"""
import importlib.util
import os

collect_ignore = []
if importlib.util.find_spec("torch") is None and not os.environ.get("QMLCOURSE_REQUIRE_TORCH"):
    collect_ignore.append("qmlcourse/torch.py")
