"""Accounts: mailed single-use links, password rules, invitations and password changes."""
