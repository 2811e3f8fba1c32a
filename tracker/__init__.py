"""Promotion-evidence tracker: the application factory."""
import os

from dotenv import load_dotenv
from flask import Flask

from config import load_config


def create_app(overrides=None):
    """Build a configured application. `overrides` (a dict) wins over the environment."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    load_dotenv(os.path.join(root, ".env"))  # never overrides the real environment
    app.config.update(load_config(app.instance_path))
    if overrides:
        app.config.update(overrides)

    from tracker import setup

    setup.register_input_guards(app)
    setup.register_extensions(app)
    setup.register_blueprints(app)
    setup.register_cli(app)
    setup.register_template_helpers(app)
    setup.register_proxy_fix(app)
    setup.register_security_headers(app)
    setup.register_mail_outbox(app)
    return app
