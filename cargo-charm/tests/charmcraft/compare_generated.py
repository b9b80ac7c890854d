"""Compares the files cargo charm generated with what charmcraft's own code generates.

Usage: python compare_generated.py CHARMCRAFT_YAML GENERATED_DIR

Run with the Python of a virtualenv that has charmcraft installed. charmcraft's project
model reads CHARMCRAFT_YAML; its metadata model and its mediated-YAML rule (the project's
`config` / `actions` value, no file when missing or empty) give the expected metadata.yaml,
config.yaml and actions.yaml, which are compared, after loading both sides with PyYAML,
with the files in GENERATED_DIR (an unzipped .charm). Prints one JSON line per file and
exits 1 when any differs.
"""

import json
import pathlib
import sys

import yaml
from charmcraft.models.metadata import CharmMetadata
from charmcraft.models.project import CharmcraftProject


def expected(charmcraft_yaml: pathlib.Path) -> dict:
    project = CharmcraftProject.unmarshal(yaml.safe_load(charmcraft_yaml.read_text()))
    marshalled = project.marshal()
    files = {
        "metadata.yaml": yaml.safe_dump(
            CharmMetadata.from_charm(project).marshal(), sort_keys=True
        )
    }
    for key in ("config", "actions"):
        value = marshalled.get(key)
        files[f"{key}.yaml"] = yaml.safe_dump(value, sort_keys=True) if value else None
    return files


def main() -> int:
    charmcraft_yaml, generated = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    failed = False
    for name, text in expected(charmcraft_yaml).items():
        theirs = None if text is None else yaml.safe_load(text)
        path = generated / name
        ours = yaml.safe_load(path.read_text()) if path.exists() else None
        present = (text is not None, path.exists())
        equal = present[0] == present[1] and ours == theirs
        failed |= not equal
        print(json.dumps({"file": name, "equal": equal, "present": present,
                          "charmcraft": theirs, "cargo_charm": ours}, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
