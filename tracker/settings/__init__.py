"""Deployment settings that admins edit."""
