"""Shared helpers of the portal tests: sign-in as a browser does (portal_signin) and form posts (formsim)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# A portal made without `store=` keeps nothing: tests never write the user cache (a test that needs a
# file passes its own `store=`).
os.environ["EFORMKIT_PORTAL_DB"] = ":memory:"

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "render"))  # formsim: the HTML form a browser would post
