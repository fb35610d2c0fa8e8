"""Sign in to the demo portal the way a browser does: open the home page, post its sign-in form."""

from __future__ import annotations

import re
from typing import Any


def citizen_handles(home_page: str) -> list[str]:
    """The radio values of the home page's citizens, in order."""
    return re.findall(r'name="subject" value="([^"]+)"', home_page)


def sign_in(client: Any, index: int = 0, level: int = 2, **kwargs: Any) -> Any:
    """Sign in as the `index`-th demo citizen with an electronic identity account of `level` (1 or 2; the
    catalogue's CT01 locks verified values only at level 2); returns the /signin response (303 on success)."""
    home = client.get("/").text
    signin = home[home.find('action="/signin'):]  # the sign-in form's token (the header's sign-out one comes first)
    token = re.search(r'name="_csrf" value="([^"]+)"', signin)
    data = {"_csrf": token.group(1) if token else "", "subject": citizen_handles(home)[index], "level": str(level)}
    return client.post("/signin", data=data, follow_redirects=False, **kwargs)
