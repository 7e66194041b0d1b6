"""Staff accounts on one vault (issue 28): each member's keys, roles, files closed to a
member who knows the client.  docs/decisions.md ("Issue 28") says how they fit."""
