"""``jlt serve``: the round in a browser, for the staff who never open a terminal."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import click

from jlt_cli.cli.common import command, EXIT_OK, FOLDER, fail, shows_errors
from jlt_cli.outputs.terminal import clean, stdout_console

LOOPBACK = "127.0.0.1"


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise fail(f"端口 {port} 已被占用（可能已有一个 jlt serve 在运行）。请用 --port 换一个端口，例如 --port {port + 1}。") from None
        raise fail(f"无法在 {host}:{port} 上启动：{exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@command("serve")
@click.argument("folder", required=False, default=".", type=FOLDER, metavar="[本轮文件夹]")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口")
@click.option("--host", default=None, metavar="地址",
              help="监听地址（默认只在本机 127.0.0.1）；给其他电脑访问时必须同时用 --token 或 JLT_TOKEN 设定令牌")
@click.option("--token", envvar="JLT_TOKEN", default=None, metavar="令牌",
              help="访问令牌（也可用环境变量 JLT_TOKEN）；默认每次启动随机生成")
@shows_errors
def command(folder: Path, port: int, host: str | None, token: str | None) -> None:
    """在浏览器中使用：启动网页界面（总览、收件、案例、输出），与命令行使用同一个本轮文件夹和 jlt.yaml。

    本轮文件夹即 jlt init 生成的文件夹（其中有 jlt.yaml、收件/、输出/），默认为当前文件夹。
    启动后显示带令牌的地址，在浏览器中打开即可；按 Ctrl-C 停止。
    """
    from jlt_cli.web.auth import new_token
    from jlt_cli.web.state import check_round

    if host is not None and not token:
        raise fail("使用 --host 让其他电脑访问时，必须用 --token 或环境变量 JLT_TOKEN 设定访问令牌（足够长、不易猜到）。")
    if token is not None and len(token) < 8:
        raise fail("访问令牌太短：请至少用 8 个字符（建议 20 个以上的随机字母和数字）。")
    check_round(folder)
    token = token or new_token()
    host = host or LOOPBACK
    sock = _listen(host, port)
    os.chdir(folder)  # 收件/… named as `jlt validate 收件` names them, run in the round's folder

    import uvicorn

    from jlt_cli.web.app import create_app

    app = create_app(Path("."), token)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host
    port = sock.getsockname()[1]
    out = stdout_console()
    out.print(f"jlt serve：本轮文件夹 {clean(str(Path.cwd()))}", soft_wrap=True)
    out.print(f"在浏览器中打开：http://{shown_host}:{port}/?token={token}", soft_wrap=True, highlight=False)
    out.print("按 Ctrl-C 停止。", soft_wrap=True)
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    raise click.exceptions.Exit(EXIT_OK)
