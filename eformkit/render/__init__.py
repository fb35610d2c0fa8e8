"""Rendering: HTML e-forms, print views and filled Word templates."""
