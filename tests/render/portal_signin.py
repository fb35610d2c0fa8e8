"""Sign in to the demo portal the way a browser does: open the home page, post its sign-in form."""

from __future__ import annotations

import re
from typing import Any


def citizen_handles(home_page: str) -> list[str]:
    """The radio values of the home page's citizens, in order."""
    return re.findall(r'name="subject" value="([^"]+)"', home_page)


def sign_in(client: Any, index: int = 0, **kwargs: Any) -> Any:
    """Sign in as the `index`-th demo citizen; returns the /signin response (303 on success)."""
    home = client.get("/").text
    token = re.search(r'name="_csrf" value="([^"]+)"', home)
    data = {"_csrf": token.group(1) if token else "", "subject": citizen_handles(home)[index]}
    return client.post("/signin", data=data, follow_redirects=False, **kwargs)
