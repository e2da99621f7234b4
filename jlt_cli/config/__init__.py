"""Configuration: the packaged defaults (``defaults.yaml``, the one home of every default) and a jlt.yaml.

Code reads settings through ``Config.get(*path)`` without restating defaults, and the case types and
the parts of a case through the typed accessors below, so that a type added in jlt.yaml is known
everywhere (validate, JSON, template, brochure, stats) without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from jlt_cli.config.load import CONFIG_NAME, RULE_LEVELS, ConfigError, defaults_text, load_defaults, merged, read_user_file

__all__ = [
    "CONFIG_NAME", "RULE_LEVELS", "Config", "ConfigError", "defaults_text", "find_config", "load_config", "load_defaults",
]

_MISSING = object()


@dataclass
class Config:
    data: dict
    source: Path | None = None
    # "rules.<id>" / "waivers.<n>" / "files.<name>" → "file:line" where the user wrote it
    positions: dict[str, str] = field(default_factory=dict)
    # per-run caches of compiled vocabularies (regexes, unit tables): built once, shared by every file
    _cache: dict = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, *path: str, default: Any = _MISSING) -> Any:
        """The setting at ``path``. Every setting has its default in defaults.yaml, so a path that is not
        there is a programming error (KeyError), unless the caller reads an open map and passes ``default``."""
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                if default is _MISSING:
                    raise KeyError(".".join(path))
                return default
            node = node[key]
        return node

    @property
    def base_dir(self) -> Path:
        """Relative paths in jlt.yaml (preface, font files) are relative to the file itself."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def preface_path(self) -> Path | None:
        """brochure.preface resolved against the jlt.yaml that names it, or None when there is none."""
        name = str(self.data["brochure"]["preface"] or "").strip()
        if not name:
            return None
        path = Path(name).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    # -- case types ----------------------------------------------------------------------------

    @property
    def type_names(self) -> list[str]:
        """Short names of the case types, in the order of jlt.yaml (the call's order by default)."""
        return list(self.data["types"])

    def type_full_name(self, name: str | None) -> str:
        spec = self.data["types"].get(name or "")
        return str(spec["full_name"]) if spec else (name or "")

    def type_chapter(self, name: str) -> str:
        """The brochure chapter's title for a type (its full name unless jlt.yaml says otherwise)."""
        spec = self.data["types"][name]
        return str(spec.get("chapter") or spec["full_name"])

    def type_list_text(self, sep: str = "、") -> str:
        return sep.join(self.type_full_name(t) for t in self.type_names)

    # -- the parts of a case -------------------------------------------------------------------

    @property
    def part_keys(self) -> list[str]:
        """The parts after the title, in the order 附件1 requires."""
        return list(self.data["sections"])

    def part_name(self, key: str) -> str:
        return str(self.data["sections"][key]["name"])

    def part_synonyms(self, key: str) -> list[str]:
        return [str(s) for s in self.data["sections"][key].get("synonyms") or []]

    # -- staff decisions -----------------------------------------------------------------------

    def rule_severity(self, rule_id: str) -> str | None:
        return self.data["rules"].get(rule_id)

    def waiver_for(self, display_path: str, rule_id: str) -> str | None:
        name = Path(display_path).name
        for w in self.data["waivers"]:
            target = str(w.get("file", ""))
            if w.get("rule") == rule_id and target in (display_path, name):
                return str(w.get("reason") or "已人工复核")
        return None

    def file_decision(self, display_path: str) -> dict | None:
        """The staff decision written for a file under ``files:`` (by its name or its path as shown)."""
        files = self.data["files"]
        for key in (display_path, Path(display_path).name, display_path.replace("\\", "/")):
            if key in files:
                return files[key]
        return None


def find_config(start: Path) -> Path | None:
    """jlt.yaml in ``start`` or the nearest folder above it that has one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def config_for(inputs: Iterable[Path] = (), cwd: Path | None = None) -> Path | None:
    """The jlt.yaml in force: the nearest one above the first input, else the nearest above ``cwd``.

    Staff run ``jlt validate 2026征集/收件`` from the folder above the round as often as from inside it;
    the round's jlt.yaml applies either way.
    """
    for given in inputs:
        given = Path(given)
        start = given if given.is_dir() else given.parent
        found = find_config(start) if start.exists() else None
        if found:
            return found
        break
    return find_config(cwd or Path.cwd())


def load_config(explicit: Path | None = None, cwd: Path | None = None, inputs: Iterable[Path] = ()) -> Config:
    """Defaults, then ``explicit`` or the jlt.yaml found from the inputs or ``cwd`` upward."""
    source = Path(explicit) if explicit is not None else config_for(inputs, cwd)
    if source is None:
        return Config(load_defaults())
    data, positions = merged(read_user_file(source), source)
    return Config(data, source, positions)
