"""jlt serve in a real browser (Debian's chromium through Playwright) against a real server on a loopback port:
upload good and bad cases, see the findings, decide a type with a reason and see the CLI obey it, build the
brochure and download a valid PDF, and the hostile requests (a path in a file name, no token, a CSRF attempt).
A screenshot of every page is saved under the test's tmp dir (serve-screenshots/)."""

from __future__ import annotations

import json
import shutil
import subprocess

import httpx
import pytest

from conftest import SAMPLES
from jlt_cli.actions.init import init
from serve_helpers import CHROMIUM, CHROMIUM_ARGS, JLT, Server, cli_validate_json

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium 不存在（浏览器测试需要 Debian 的 chromium）"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

GOOD = ["社区学校_钱塘镇_家门口的社区学校.docx", "护校安园_南津街街道_织密护校网.md", "困境儿童_区检察院_莎姐守未一人一策.docx"]
BAD = ["缺少题目_盐井街道报送材料.md", "类型不符_古楼镇_爱心妈妈结对帮扶.docx", "格式不支持_官渡镇_院坝课堂.rtf",
       "隐私问题_沙鱼镇_送教上门暖童心.md"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("serve-screenshots")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("round") / "2026征集"
    init(root)
    srv = Server(root).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(f"{server.base}/?token={server.token}")
    pg.errors = errors
    yield pg
    context.close()


def test_1_upload_good_and_bad_cases_and_see_the_findings(page, server, shots, tmp_path):
    assert page.url == f"{server.base}/"  # the token left the address bar
    assert "总览" in page.inner_text("h1")
    page.screenshot(path=str(shots / "serve-总览-空.png"), full_page=True)
    with page.expect_navigation():
        page.click("nav >> text=收件")
    assert "收件文件夹是空的" in page.inner_text("main")
    files = []
    for name in GOOD:
        files.append(SAMPLES / name)
    for name in BAD:
        files.append(SAMPLES / "需修改" / name)
    with page.expect_navigation():  # the script uploads through /api/files and reloads the list
        page.set_input_files("#upload input[multiple]", [str(f) for f in files])
    page.wait_for_selector("table.cases tbody tr")
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == len(files)
    text = page.inner_text("table.cases")
    for rule in ("missing-title", "unsupported-format", "personal-info", "type-mismatch"):
        assert rule in text
    assert "通过" in text and "需修改" in text and "无法读取" in text
    page.screenshot(path=str(shots / "serve-收件.png"), full_page=True)
    # filter by status, then by rule
    page.select_option("select[name=status]", "invalid")
    with page.expect_navigation():
        page.click("form.filters button")
    assert page.locator("table.cases tbody tr").count() == 2  # missing-title, personal-info (the .rtf is unreadable)
    page.select_option("select[name=status]", "")
    page.select_option("select[name=rule]", "type-mismatch")
    with page.expect_navigation():
        page.click("form.filters button")
    assert page.locator("table.cases tbody tr").count() == 1
    # sorting by unit keeps every row
    page.goto(f"{server.base}/inbox?sort=unit&order=desc")
    assert page.locator("table.cases tbody tr").count() == len(files)
    page.goto(f"{server.base}/")
    assert page.inner_text(".cards .card:nth-child(1) .num") == str(len(files))
    page.screenshot(path=str(shots / "serve-总览.png"), full_page=True)
    assert not page.errors, page.errors


def test_1b_files_dropped_on_the_box_are_uploaded(page, server):
    page.goto(f"{server.base}/inbox")
    before = page.locator("table.cases tbody tr").count()
    text = (SAMPLES / "困境儿童_区民政局_儿童主任守护成长.md").read_text(encoding="utf-8")
    with page.expect_navigation():
        page.evaluate("""(text) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], "拖入_区民政局_儿童主任.md", {type: "text/markdown"}));
            const box = document.getElementById("upload");
            box.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
            box.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""", text)
    assert page.locator("table.cases tbody tr").count() == before + 1
    assert "拖入_区民政局_儿童主任.md" in page.inner_text("table.cases")
    assert not page.errors, page.errors


def test_2_a_type_decision_with_a_reason_is_obeyed_by_the_cli(page, server, shots):
    target = "收件/类型不符_古楼镇_爱心妈妈结对帮扶.docx"
    before = {f["path"]: f for f in json.loads(cli_validate_json(server.root))["files"]}[target]
    assert before["type"] == "护校安园" and any(f["rule"] == "type-mismatch" for f in before["findings"])
    page.goto(f"{server.base}/inbox")
    with page.expect_navigation():
        page.click("text=类型不符_古楼镇_爱心妈妈结对帮扶.docx")
    assert "爱心妈妈" in page.inner_text("h1")
    assert page.locator(".finding code", has_text="type-mismatch").count() == 1
    page.select_option("form.decide select[name=type]", "困境儿童")
    page.fill("form.decide input[name=reason]", "内容为困境儿童结对帮扶，经与古楼镇确认改列")
    with page.expect_navigation():
        page.click("form.decide button")
    assert "已写入 jlt.yaml" in page.inner_text(".alert.ok")
    assert "工作人员决定：改列“困境儿童帮扶案例”（理由：内容为困境儿童结对帮扶，经与古楼镇确认改列）" in page.inner_text("main")
    page.screenshot(path=str(shots / "serve-案例.png"), full_page=True)
    after = {f["path"]: f for f in json.loads(cli_validate_json(server.root))["files"]}[target]
    assert after["type"] == "困境儿童" and after["decision"]["reason"] == "内容为困境儿童结对帮扶，经与古楼镇确认改列"
    assert not any(f["rule"] == "type-mismatch" for f in after["findings"])
    yaml_text = (server.root / "jlt.yaml").read_text(encoding="utf-8")
    assert "# jlt 配置文件（由 jlt init 生成）" in yaml_text and "type: 困境儿童" in yaml_text
    # a finding shown beside its paragraph: the privacy case's personal-info findings sit next to the text
    page.goto(f"{server.base}/inbox")
    with page.expect_navigation():
        page.click("text=隐私问题_沙鱼镇_送教上门暖童心.md")
    assert page.locator(".block.has-finding .side .finding code", has_text="personal-info").count() >= 1
    page.screenshot(path=str(shots / "serve-案例-问题在段落旁.png"), full_page=True)
    # the API gives what the CLI prints, after the decision too
    api = httpx.get(f"{server.base}/api/cases", headers=server.headers, timeout=60).text
    assert api == cli_validate_json(server.root)
    assert not page.errors, page.errors


def test_3_build_the_brochure_and_download_a_valid_pdf(page, server, shots, tmp_path):
    from pypdf import PdfReader

    page.goto(f"{server.base}/outputs")
    with page.expect_navigation():
        page.click("text=生成汇编（PDF，印刷用）")
    assert page.locator("tr.fresh").count() == 1
    page.screenshot(path=str(shots / "serve-输出-进行中.png"), full_page=True)
    page.wait_for_selector("tr.fresh a.button", timeout=240_000)  # the script reloads when the job is done
    with page.expect_download() as info:
        page.click("tr.fresh a.button")
    pdf = tmp_path / "汇编.pdf"
    info.value.save_as(pdf)
    assert info.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(str(pdf))
    text = "".join(p.extract_text() or "" for p in reader.pages)
    assert len(reader.pages) >= 5 and "合川区" in text and "莎姐守未" in text
    assert "隐私" not in text and "送教上门暖童心" not in text  # a case with errors is left out
    page.screenshot(path=str(shots / "serve-输出.png"), full_page=True)
    assert not page.errors, page.errors


def test_3b_every_output_through_the_api(server, tmp_path):
    """Word and web brochures, the review sheet, the letters and the annotated copies: each a job, each downloaded
    and opened with the library that reads its format."""
    import io
    import zipfile

    from docx import Document
    from openpyxl import load_workbook

    jobs = {kind: httpx.post(f"{server.base}/api/build", headers=server.headers, json={"format": kind}, timeout=30).json()["job"]
            for kind in ("docx", "html", "xlsx", "letters", "annotated")}
    got = {}
    for kind, job in jobs.items():
        state = server.wait_job(job)
        assert state["state"] == "done", (kind, state)
        got[kind] = httpx.get(server.base + state["download"], headers=server.headers, timeout=60).content
    assert "莎姐守未" in "\n".join(p.text for p in Document(io.BytesIO(got["docx"])).paragraphs)
    with zipfile.ZipFile(io.BytesIO(got["html"])) as zf:
        assert any(n.endswith("/index.html") for n in zf.namelist())
    sheet = load_workbook(io.BytesIO(got["xlsx"])).active
    assert any("隐私问题_沙鱼镇_送教上门暖童心.md" in str(c.value) for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(io.BytesIO(got["letters"])) as zf:
        letters = [n for n in zf.namelist() if n.endswith(".docx")]
        assert letters and any("沙鱼镇" in n for n in letters)
    with zipfile.ZipFile(io.BytesIO(got["annotated"])) as zf:
        assert len([n for n in zf.namelist() if n.endswith(".docx")]) >= len(letters)


def test_4_an_upload_named_with_a_path_stays_in_the_inbox(page, server):
    before = sorted(p.name for p in server.root.parent.iterdir())
    res = httpx.post(f"{server.base}/api/files", headers=server.headers, timeout=30,
                     files=[("file", ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"))])
    stored = res.json()["files"][0]
    assert stored["stored"] == "收件/etc-passwd.txt" and stored["name"] == "../../etc/passwd"
    assert (server.root / "收件" / "etc-passwd.txt").read_bytes().startswith(b"root:x")
    assert sorted(p.name for p in server.root.parent.iterdir()) == before
    # the same through the browser's file input
    page.goto(f"{server.base}/inbox")
    with page.expect_navigation():
        page.set_input_files("#upload input[multiple]", files=[
            {"name": "../../../x/evil.md", "mimeType": "text/markdown", "buffer": "# 标题\n\n正文".encode()}])
    names = sorted(p.name for p in (server.root / "收件").iterdir())
    assert not any("/" in n or n.startswith(".") for n in names)
    assert sorted(p.name for p in server.root.parent.iterdir()) == before


def test_5_a_request_without_the_token_is_refused(browser, server, shots):
    context = browser.new_context()
    pg = context.new_page()
    for path in ("/", "/inbox", "/outputs", "/case?path=收件/etc-passwd.txt", "/static/style.css"):
        res = pg.goto(server.base + path)
        assert res.status == 401, path
    assert "需要访问令牌" in pg.inner_text("body")
    pg.screenshot(path=str(shots / "serve-无令牌.png"))
    assert pg.goto(f"{server.base}/?token=not-the-token").status == 401
    assert httpx.get(f"{server.base}/api/cases", timeout=10).status_code == 401
    context.close()


def test_6_a_csrf_attempt_changes_nothing(page, server):
    """A page elsewhere (another port of the same machine, and another site) posts a decision form to the server
    while the browser holds the cookie: refused, jlt.yaml unchanged."""
    before = (server.root / "jlt.yaml").read_bytes()
    attack = f"""<html><body><form id=f method=post action="{server.base}/case/decide">
      <input name=path value="收件/护校安园_南津街街道_织密护校网.md"><input name=action value=decide>
      <input name=include value=no><input name=reason value=hacked></form>
      <button id=go onclick="document.getElementById('f').submit()">go</button></body></html>"""
    for origin in ("http://127.0.0.1:9/", "http://evil.test/"):  # same site (other port), other site
        page.route(origin + "attack.html", lambda route: route.fulfill(status=200, content_type="text/html", body=attack))
        page.goto(origin + "attack.html")
        with page.expect_navigation():
            page.click("#go")
        assert "未做任何修改" in page.inner_text("body") or "需要访问令牌" in page.inner_text("body")
    # a script on the page itself cannot post without the CSRF token either
    page.goto(f"{server.base}/inbox")
    status = page.evaluate("""async () => (await fetch('/api/build', {method: 'POST', body: '{"format":"pdf"}'})).status""")
    assert status == 403
    assert (server.root / "jlt.yaml").read_bytes() == before


def test_7_the_screenshots_exist(shots):
    names = sorted(p.name for p in shots.glob("*.png"))
    for name in ("serve-总览.png", "serve-收件.png", "serve-案例.png", "serve-输出.png"):
        assert name in names
    keep = shots.parent / "latest-serve-screenshots"
    shutil.rmtree(keep, ignore_errors=True)
    shutil.copytree(shots, keep)


def test_8_serve_refuses_host_without_token_and_a_busy_port(server, tmp_path):
    res = subprocess.run([*JLT, "serve", str(server.root), "--host", "0.0.0.0"], capture_output=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin"})
    assert res.returncode == 2 and "令牌" in res.stderr.decode()
    res = subprocess.run([*JLT, "serve", str(server.root), "--port", str(server.port)], capture_output=True, timeout=60)
    assert res.returncode == 2 and "已被占用" in res.stderr.decode()
