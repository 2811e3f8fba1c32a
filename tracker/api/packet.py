"""The promotion packet of a person against a framework, as PDF."""
from datetime import date

from flask import g, request

from tracker.api import bp
from tracker.api.auth import refuse_unknown_parameters, token_required, visible_person
from tracker.exports.packet import build_packet, packet_framework, pdf_response


@bp.get("/users/<email>/packet")
@token_required
def packet(email):
    person = visible_person(email)
    refuse_unknown_parameters({"framework"})
    framework = packet_framework(person, request.args.get("framework"))
    return pdf_response(build_packet(g.api_user, person, framework, date.today()))
