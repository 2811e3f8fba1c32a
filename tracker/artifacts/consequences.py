"""What a change would cost before it is made: editing verified evidence, or attaching or
removing a file, sends it back for verification, and until it is verified again it no longer
counts. The page says so, with the levels that would drop, so nobody loses a level unawares."""
from dataclasses import replace
from datetime import date

from tracker.frameworks.targets import claimable_frameworks
from tracker.readiness.claims import claim_rows
from tracker.readiness.service import evaluate


def level_drops(artifact, viewer, today=None):
    """["Planning will drop to Strong EM", ...]: the owner's evidence levels that rest on this
    artifact being verified, today, said to `viewer`."""
    today = today or date.today()
    claimed = {claim.competency.framework.slug for claim in artifact.claims}
    if not claimed:
        return []
    claims = claim_rows([artifact.owner_id], today)[artifact.owner_id]
    without = [replace(claim, state="submitted") if claim.artifact_id == artifact.id else claim for claim in claims]
    drops = []
    for slug, framework in claimable_frameworks(artifact.owner, artifact).items():
        if slug not in claimed:
            continue
        now, then = evaluate(framework, claims, today), evaluate(framework, without, today)
        for before, after in zip(now.dimensions, then.dimensions):
            if before.level != after.level:
                drops.append(f"{before.competency.name} will drop to {after.level.name if after.level else 'no level'}")
        if now.headline != then.headline:
            whose = "your" if viewer.id == artifact.owner_id else f"{artifact.owner.name}’s"
            drops.append(f"{whose} {framework.name} standing will read “{then.headline}”")
    return drops


def withdrawal_warning(artifact, viewer, change="Saving a change to its content"):
    """The sentence to show `viewer` before a change to verified evidence, or None when nothing
    is withdrawn."""
    if artifact.state != "verified" or artifact.deleted_at is not None:
        return None
    manager = artifact.owner.manager
    verifier = manager.name if manager is not None else "an admin"
    drops = level_drops(artifact, viewer)
    consequence = (f"; {', and '.join(drops)} until then." if drops
                   else ". No level drops meanwhile: other verified evidence carries them.")
    return f"{change} sends this back to {verifier} for verification{consequence}"
