"""A signed-in customer's own marketing consent, at every brand where they have a profile."""
