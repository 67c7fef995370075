// Filled in by the persistence commit.
