"""Country packs: vocabulary, lists, identifier rules and admin units beside the neutral core."""
