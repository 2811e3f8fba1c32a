"""Stakeholder corroboration: the candidate asks a named stakeholder (someone without an
account, often outside engineering) for a short statement on one piece of evidence. The
stakeholder gets a mailed, signed, expiring, single-use link to a page that shows only that
evidence's title and summary and takes the statement. States and moves: requested -> given
(the stakeholder answered) or withdrawn (the candidate took it back)."""
