"""A person's data rights: requests with legal due dates, their copy of their data, erasure."""
