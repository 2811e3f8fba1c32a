"""Career frameworks: YAML import/export, bundled defaults and the JSON description."""
