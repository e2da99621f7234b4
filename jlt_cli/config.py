"""Configuration: the packaged defaults, extended by a jlt.yaml.

Like MkDocs, config is data with a schema: the defaults file *is* the schema.
A user file may only use keys the defaults have (except in the open maps listed
below); vocabulary lists are appended to, everything else replaces.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

CONFIG_NAME = "jlt.yaml"

# Lists the user extends rather than replaces.
EXTEND_PATHS = {
    ("title_labels",),
    ("units", "district"),
    ("units", "towns"),
    ("units", "universities"),
    ("units", "extra"),
    ("waivers",),
    ("duplicate", "waived_pairs"),
}
EXTEND_PATTERNS = {("sections", "*", "synonyms"), ("types", "*", "aliases"), ("metadata_labels", "*")}
# Maps whose keys are the user's own (rule ids, unit aliases, type terms).
OPEN_MAPS = {("rules",), ("units", "aliases"), ("types", "*", "terms")}
RULE_LEVELS = ("off", "warning", "error")


class ConfigError(Exception):
    """A config file that cannot be used; the message is Chinese and names file and line."""


def _matches(path: tuple, patterns: set[tuple]) -> bool:
    for pat in patterns:
        if len(pat) == len(path) and all(p == "*" or p == k for p, k in zip(pat, path)):
            return True
    return False


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != "__lines__"}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def load_defaults() -> dict:
    text = resources.files("jlt_cli").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _merge(base: dict, user: dict, source: Path, path: tuple = ()) -> None:
    lines = user.get("__lines__", {})
    for key, value in user.items():
        if key == "__lines__":
            continue
        here = path + (key,)
        where = f"{source}:{lines.get(key, '?')}"
        dotted = ".".join(str(k) for k in here)
        if key not in base and not _matches(path, OPEN_MAPS):
            known = "、".join(str(k) for k in base if not str(k).startswith("_"))
            raise ConfigError(f"{where}: 未知的配置项“{dotted}”。可用的配置项：{known}")
        if key in base and isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: “{dotted}”应为键值表（映射），而不是 {type(value).__name__}")
            _merge(base[key], value, source, here)
            continue
        clean = _strip_lines(value)
        if key in base and isinstance(base[key], list):
            if not isinstance(clean, list):
                raise ConfigError(f"{where}: “{dotted}”应为列表")
            if here in EXTEND_PATHS or _matches(here, EXTEND_PATTERNS):
                base[key] = base[key] + [v for v in clean if v not in base[key]]
            else:
                base[key] = clean
            continue
        if key in base and base[key] is not None and not isinstance(clean, type(base[key])):
            # ints are acceptable where floats are expected
            if not (isinstance(base[key], float) and isinstance(clean, int)):
                raise ConfigError(
                    f"{where}: “{dotted}”的值 {clean!r} 类型不对，应与默认值 {base[key]!r} 同类"
                )
        if path == ("rules",) and clean not in RULE_LEVELS:
            raise ConfigError(f"{where}: 规则“{key}”的级别应为 off、warning 或 error，而不是 {clean!r}")
        base[key] = clean


def find_config(start: Path) -> Path | None:
    """jlt.yaml in ``start`` or the nearest parent that has one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


@dataclass
class Config:
    data: dict
    source: Path | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, *path: str, default: Any = None) -> Any:
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    @property
    def base_dir(self) -> Path:
        return self.source.parent if self.source else Path.cwd()

    def rule_severity(self, rule_id: str) -> str | None:
        return (self.data.get("rules") or {}).get(rule_id)

    def waiver_for(self, display_path: str, rule_id: str) -> str | None:
        name = Path(display_path).name
        for w in self.data.get("waivers") or []:
            if not isinstance(w, dict):
                continue
            target = str(w.get("file", ""))
            if w.get("rule") == rule_id and target in (display_path, name):
                return str(w.get("reason") or "已人工复核")
        return None


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """Defaults, then ``explicit`` or the jlt.yaml found from ``cwd`` upward."""
    data = load_defaults()
    source = explicit if explicit is not None else find_config(cwd or Path.cwd())
    if source is None:
        return Config(data)
    try:
        text = Path(source).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件：{source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件 {source}：{exc}") from None
    try:
        user = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{source}{line}: 配置文件不是有效的 YAML：{getattr(exc, 'problem', exc)}") from None
    if user is None:
        return Config(data, Path(source))
    if not isinstance(user, dict):
        raise ConfigError(f"{source}: 配置文件的顶层应为键值表（例如 brochure: …）")
    _merge(data, user, Path(source))
    return Config(copy.deepcopy(data), Path(source))
