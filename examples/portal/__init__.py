"""A thin runnable example of the demo portal (the portal itself is `eformkit.portal`)."""
