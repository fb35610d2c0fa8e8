"""Shared helpers of the portal tests: sign-in as a browser does (portal_signin) and form posts (formsim)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "render"))  # formsim: the HTML form a browser would post
