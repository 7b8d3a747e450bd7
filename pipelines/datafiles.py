"""Our own bundled YAML data files (rules, aliases, skills, column descriptions)."""

from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML has it (its wheels do): the tagger's rules parse in a tenth of the
# time, which every run pays at start. Safe either way: no tags beyond plain YAML.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
