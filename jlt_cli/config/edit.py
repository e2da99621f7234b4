"""Writing staff decisions into a round's jlt.yaml: ``files:`` (type, unit, title, include, each with a reason) and
``waivers:``, so that the CLI obeys what was decided in the browser.

The file is edited round-trip (ruamel.yaml keeps the comments, the order and the layout the staff wrote), the
result is loaded with ``load_config`` before it replaces the file (a decision never leaves a jlt.yaml that jlt
refuses), and the replacement is atomic. A lock file beside jlt.yaml keeps two writers (two browser tabs, two
servers) from losing each other's decisions; each edit re-reads the file, so changes made in an editor between
two edits are kept too.
"""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path
from typing import Callable, Iterator

from jlt_cli.base.atomic import atomic_write
from jlt_cli.config import Config, ConfigError, load_config

FIELDS = ("type", "unit", "title", "include")
_THREAD_LOCK = threading.Lock()


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments, key order, quotes and flow style are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long Chinese reason onto two lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@contextlib.contextmanager
def _locked(config_path: Path) -> Iterator[None]:
    lock_path = config_path.with_name(f".{config_path.name}.lock")
    with _THREAD_LOCK, open(lock_path, "a+b") as fh:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        except ImportError:  # Windows: the thread lock still serialises one server
            pass
        yield


def _edit(config_path: Path, change: Callable[[dict], None], check: Callable[[Config], None] | None) -> Config:
    """Load ``config_path`` round-trip, apply ``change``, check the result loads, replace the file atomically."""
    from ruamel.yaml import YAMLError
    from ruamel.yaml.comments import CommentedMap

    config_path = Path(config_path)
    with _locked(config_path):
        yaml = _yaml()
        try:
            text = config_path.read_text(encoding="utf-8-sig") if config_path.exists() else ""
            data = yaml.load(text) if text.strip() else None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"无法读取配置文件 {config_path}：{exc}") from None
        except YAMLError:
            # the loader gives the Chinese explanation with the line
            load_config(config_path)
            raise ConfigError(f"{config_path}: 配置文件不是有效的 YAML，请先修正后再记录决定。") from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, dict):
            raise ConfigError(f"{config_path}: 配置文件的顶层应为键值表（例如 brochure: …）")
        change(data)
        out = io.StringIO()
        yaml.dump(data, out)
        new_text = out.getvalue()
        loaded: list[Config] = []

        def write(tmp: Path) -> None:
            tmp.write_text(new_text, encoding="utf-8")
            try:
                config = load_config(tmp)
                if check is not None:
                    check(config)
            except ConfigError as exc:
                raise ConfigError(str(exc).replace(str(tmp), str(config_path))) from None
            loaded.append(config)

        atomic_write(config_path, write)  # keeps the file's mode
    return load_config(config_path)


def _section(data: dict, key: str, empty):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = data.get(key)
    if node is None or (not node and not isinstance(node, (CommentedMap, CommentedSeq))):
        # a flow-style "files: {}" from jlt init becomes a block map once it has entries
        node = CommentedMap() if isinstance(empty, dict) else CommentedSeq()
        data[key] = node
    elif hasattr(node, "fa") and not node:
        node.fa.set_block_style()
    return node


def _trailing_holder(node):
    """(container, key) holding the comment after the last entry of ``node`` (blank lines before the next section)."""
    while True:
        if isinstance(node, dict) and node:
            key = list(node.keys())[-1]
        elif isinstance(node, list) and node:
            key = len(node) - 1
        else:
            return None
        value = node[key]
        if isinstance(value, (dict, list)) and value and not getattr(value.fa, "flow_style", lambda: False)():
            node = value
            continue
        return node, key


def _detach_trailing(container):
    """Take away (and return) the comment after the last entry of ``container``: the gap before the next section."""
    before = _trailing_holder(container)
    if before is None:
        return None
    holder, k = before
    item = holder.ca.items.get(k)
    if item and len(item) > 2 and item[2] is not None:
        moved, item[2] = item[2], None
        return moved
    return None


def _attach_trailing(container, moved, *, replace: bool) -> None:
    """Put ``moved`` (from _detach_trailing) after the last entry of ``container``."""
    after = _trailing_holder(container)
    if after is None:
        return
    holder, k = after
    slots = holder.ca.items.setdefault(k, [None, None, None, None])
    while len(slots) < 4:
        slots.append(None)
    if replace or slots[2] is None:
        slots[2] = moved


def _append_keeping_gap(container, key, value) -> None:
    """Add ``value`` at the end of ``container``; the blank line and comments that followed the old last entry
    (they separate this section from the next) move to follow the new one."""
    moved = _detach_trailing(container)
    if isinstance(container, list):
        container.append(value)
    else:
        container[key] = value
    if moved is not None:
        _attach_trailing(container, moved, replace=True)


def _remove_keeping_gap(container, key, parent, name: str) -> None:
    """Remove ``container[key]``, keeping the comments that followed it: with the new last entry, or, when the
    section is left empty (``files: {}``), before the next section of ``parent``."""
    moved = _detach_trailing(container)
    del container[key]
    if container:
        if moved is not None:
            _attach_trailing(container, moved, replace=False)
        return
    tokens = list(container.ca.end or [])
    container.ca.end = []
    if moved is not None:
        moved = list(moved) if isinstance(moved, list) else [moved]
        # after a value the first token holds that line's own end; before a key it would be a blank line
        if moved and getattr(moved[0], "value", "").startswith("\n"):
            moved[0].value = moved[0].value[1:]
            if not moved[0].value:
                moved = moved[1:]
        tokens = moved + tokens
    container.fa.set_flow_style()
    keys = list(parent.keys())
    following = keys[keys.index(name) + 1] if keys.index(name) + 1 < len(keys) else None
    if tokens and following is not None:
        slots = parent.ca.items.setdefault(following, [None, None, None, None])
        while len(slots) < 4:
            slots.append(None)
        slots[1] = tokens + list(slots[1] or [])


def set_file_decision(config_path: Path, name: str, *, reason: str, type: str | None = None, unit: str | None = None,
                      title: str | None = None, include: bool | None = None,
                      check: Callable[[Config], None] | None = None) -> Config:
    """Write (or replace) the decision for the file ``name`` under ``files:``. Fields left None are not decided."""
    reason = (reason or "").strip()
    if not reason:
        raise ConfigError("请写明理由：每个决定都要有理由，所有相关输出都会注明。")
    values = {"type": type, "unit": unit, "title": title, "include": include}
    decided = {k: v for k, v in values.items() if v is not None and v != ""}
    if not decided:
        raise ConfigError("没有要记录的决定：请至少选择类型、报送单位、题目或是否收入汇编中的一项。")

    def change(data: dict) -> None:
        from ruamel.yaml.comments import CommentedMap

        files = _section(data, "files", {})
        entry = CommentedMap()
        for key in FIELDS:
            if key in decided:
                entry[key] = decided[key] if key == "include" else str(decided[key]).strip()
        entry["reason"] = reason
        if name in files:
            _remove_keeping_gap(files, name, data, "files")
            files.fa.set_block_style()
        _append_keeping_gap(files, name, entry)

    return _edit(config_path, change, check)


def clear_file_decision(config_path: Path, name: str, check: Callable[[Config], None] | None = None) -> Config:
    def change(data: dict) -> None:
        files = data.get("files")
        if isinstance(files, dict) and name in files:
            _remove_keeping_gap(files, name, data, "files")

    return _edit(config_path, change, check)


def add_waiver(config_path: Path, file: str, rule: str, reason: str,
               check: Callable[[Config], None] | None = None) -> Config:
    """Accept the finding ``rule`` for ``file`` (``waivers:``), replacing an earlier waiver of the same pair."""
    reason = (reason or "").strip()
    if not reason:
        raise ConfigError("请写明理由：豁免一个问题要说明为什么可以接受。")

    def change(data: dict) -> None:
        from ruamel.yaml.comments import CommentedMap

        waivers = _section(data, "waivers", [])
        for i in reversed(range(len(waivers))):
            w = waivers[i]
            if isinstance(w, dict) and w.get("file") == file and w.get("rule") == rule:
                _remove_keeping_gap(waivers, i, data, "waivers")
                waivers.fa.set_block_style()
        item = CommentedMap([("file", file), ("rule", rule), ("reason", reason)])
        item.fa.set_flow_style()  # one line per waiver, as the README writes them
        _append_keeping_gap(waivers, None, item)

    return _edit(config_path, change, check)


def remove_waiver(config_path: Path, file: str, rule: str, check: Callable[[Config], None] | None = None) -> Config:
    def change(data: dict) -> None:
        waivers = data.get("waivers")
        if not isinstance(waivers, list):
            return
        for i in reversed(range(len(waivers))):
            w = waivers[i]
            if isinstance(w, dict) and w.get("file") == file and w.get("rule") == rule:
                _remove_keeping_gap(waivers, i, data, "waivers")

    return _edit(config_path, change, check)


def ensure_config(config_path: Path) -> None:
    """An empty jlt.yaml where there is none (a round folder made by hand), so decisions have a home."""
    if not Path(config_path).exists():
        atomic_write(Path(config_path), lambda tmp: tmp.write_text("", encoding="utf-8"))


def set_setting(config_path: Path, section: str, key: str, value, check: Callable[[Config], None] | None = None) -> Config:
    """Write one setting (e.g. serve.deadline) into jlt.yaml, keeping everything else as it was."""

    def change(data: dict) -> None:
        from ruamel.yaml.comments import CommentedMap

        node = data.get(section)
        if not isinstance(node, dict):
            node = CommentedMap()
            data[section] = node
        node[key] = value

    return _edit(config_path, change, check)
