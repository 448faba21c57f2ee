"""Customer accounts: one-time codes, promotion of a captured customer, customer sign-in and /me."""
