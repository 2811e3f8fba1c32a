"""People administration: the list, creating and editing people, deactivation, invitations
and the CSV import (see tracker.people.service, .invitations and .csv_import)."""
