"""`python -m examples.portal`: the demo portal, which ships in the package as `eformkit.portal`.

The same as `eformkit serve`; a deployment builds its own app with `eformkit.portal.app.create_app`."""

from eformkit.portal.__main__ import main

if __name__ == "__main__":
    main()
