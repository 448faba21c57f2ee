"""Staff invitations: an owner invites an email; the invitee accepts with the code sent."""
