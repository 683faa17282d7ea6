"""Reading the YAML files the program ships (and clinics edit) as plain data.

With libyaml's safe loader where PyYAML has it: the same data as
``yaml.safe_load`` at a tenth of the time, which the first aftercare sheet of
a session and the start-up wait on (the catalog, body sites, rule vocabulary).
"""
from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:  # noqa: ANN401 - whatever the document holds
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
