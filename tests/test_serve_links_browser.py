"""Per-unit links in a real browser (Debian's chromium through Playwright) against a real `jlt serve`: a unit uploads
a Word draft without 下步工作打算, sees the finding, uploads the fix and submits it; staff see both versions and the
changes; another unit's link sees none of it. Screenshots go to the test's tmp dir (links-screenshots/)."""

from __future__ import annotations

import json

import httpx
import pytest

from jlt_cli.actions.init import init
from serve_helpers import CHROMIUM, CHROMIUM_ARGS, Server, cli_validate_json
from test_serve_links import case_docx

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium 不存在（浏览器测试需要 Debian 的 chromium）"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
FULAN = "合川区妇女联合会"


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("links-screenshots")


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


def test_a_unit_fixes_its_draft_and_submits_and_staff_see_the_changes(browser, server, shots, tmp_path):
    links = {d["unit"]: d["url"] for d in httpx.post(f"{server.base}/api/links", headers=server.headers).json()}
    draft, fixed = tmp_path / "妇联案例（初稿）.docx", tmp_path / "妇联案例（修改稿）.docx"
    draft.write_bytes(case_docx(FULAN, parts=("basic", "measures", "results")))
    fixed.write_bytes(case_docx(FULAN))

    unit = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    page = unit.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(links["区妇联"])
    assert page.inner_text("h1") == "合川区妇女联合会"
    assert "还没有上传文件" in page.inner_text("main")
    with page.expect_navigation():  # the script uploads through <link>/api/files and opens the receipt
        page.set_input_files("#upload input[type=file]", str(draft))
    page.wait_for_selector("#receipt")
    main = page.inner_text("main")
    assert "上传回执" in main and "妇联案例（初稿）.docx" in main and "缺少：下步工作打算" in main
    assert "下步工作打算" in page.inner_text("section.findings")
    page.screenshot(path=str(shots / "unit-初稿.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#receipt >> text=下载回执")
    receipt = dl.value.path().read_text(encoding="utf-8-sig")
    assert "SHA-256" in receipt and "妇联案例（初稿）.docx" in receipt
    with page.expect_download() as dl:
        page.click("section.findings >> text=下载批注稿")
    assert dl.value.suggested_filename.endswith("（审核批注）.docx")

    with page.expect_navigation():
        page.set_input_files("#upload input[type=file]", str(fixed))
    page.wait_for_selector("#receipt")
    assert "没有发现问题" in page.inner_text("section.findings")
    assert "已改正 1 个问题" in page.inner_text("main")
    with page.expect_navigation():
        page.click("button[data-submit='2']")
    assert "已将第 2 版设为正式报送" in page.inner_text("main")
    page.screenshot(path=str(shots / "unit-正式报送.png"), full_page=True)
    assert errors == []

    # staff: both versions and what changed; 收件 holds the submission, and the CLI agrees with the API
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    staff.goto(f"{server.base}/links?token={server.token}")
    assert f"已为 {len(links)} / {len(links)} 个单位创建" in staff.inner_text("h1")
    staff.screenshot(path=str(shots / "staff-单位链接.png"), full_page=True)
    staff.goto(f"{server.base}/links/unit?unit=区妇联")
    text = staff.inner_text("main")
    assert "第 2 版" in text and "第 1 版" in text and "正式报送" in text and "已改正 1 个问题" in text
    assert "下步工作打算（新增）" in text
    staff.screenshot(path=str(shots / "staff-版本与改动.png"), full_page=True)
    api = httpx.get(f"{server.base}/api/cases", headers=server.headers, timeout=60).json()
    assert [f["path"] for f in api["files"]] == ["收件/区妇联-在线报送.docx"]
    assert json.loads(cli_validate_json(server.root)) == api

    # another unit's link sees nothing of it
    other = browser.new_context(locale="zh-CN").new_page()
    other.goto(links["区科协"])
    assert "妇联案例" not in other.content()
    for path in ("/receipt/1", "/receipt/2", "/annotated/1", "/api/cases"):
        assert httpx.get(links["区科协"] + path).status_code == 404
    assert httpx.get(links["区科协"].replace("/u/", "/u/x")).status_code == 404
    unit.close()
