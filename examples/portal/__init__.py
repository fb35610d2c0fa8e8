"""The eformkit demo portal: pick a demo citizen, open a prefilled form, submit, get the Word file."""
