"""The log manager's view of the NEN 7513 access log: lists, per client, per employee, review."""
