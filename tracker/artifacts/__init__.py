"""Evidence: logging, editing, the trash, verification and the verification queue."""
