"""Form definition language, compiler, catalogue checker and validation."""
