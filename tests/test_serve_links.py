"""Per-unit links (issue 14), in-process: links for the call's units, a unit's drafts checked at once and kept,
the submission in 收件/ as the CLI sees it, receipts, the deadline, and a unit's token reaching only its own files
(other units, guessed tokens, traversal, hostile and oversized files, rate limit, the log). The browser, load and
crash tests are in test_serve_links_browser.py and test_serve_links_load.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebuilder import case_markdown
from jlt_cli.actions.init import init
from jlt_cli.cli import app as cli_app

pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from jlt_cli.web.app import create_app  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import make_corpus  # noqa: E402

TOKEN = "test-token-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
BASE = "http://127.0.0.1:8765"
FULAN = "合川区妇女联合会"
DRAFT = case_markdown(unit=FULAN, parts=["basic", "measures", "results"])  # no 下步工作打算
FIXED = case_markdown(unit=FULAN)


@pytest.fixture
def round_dir(tmp_path, monkeypatch):
    root = tmp_path / "2026征集"
    init(root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def client(round_dir):
    with TestClient(create_app(round_dir, TOKEN), base_url=BASE) as c:
        yield c


@pytest.fixture
def links(client) -> dict[str, str]:
    res = client.post("/api/links", headers=BEARER)
    assert res.status_code == 200
    return {d["unit"]: d["url"].removeprefix(BASE) for d in res.json()}


def case_docx(unit: str = FULAN, parts: tuple[str, ...] = ("basic", "measures", "results", "plans")) -> bytes:
    """A small real Word case made with python-docx (headings as Word headings, as units write them)."""
    from docx import Document

    from casebuilder import PARTS

    doc = Document()
    doc.add_heading("办好“家门口”的社区家长学校 打造协同育人新阵地", level=1)
    doc.add_paragraph(f"报送单位：{unit}    联系人：张老师    联系电话：023-42751234")
    for key in parts:
        heading, text = PARTS[key]
        doc.add_heading(heading, level=2)
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(client, link: str, name: str, data: bytes, **kw):
    return client.post(f"{link}/api/files", files={"file": (name, data)}, **kw)


def cli_json(*args: str) -> dict:
    res = CliRunner().invoke(cli_app, ["validate", *args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def test_links_for_every_unit_of_the_call_made_once_and_unguessable(client, links, round_dir):
    from jlt_cli.config import load_config
    from jlt_cli.understand.units import addressees

    assert list(links) == addressees(load_config(round_dir / "jlt.yaml"))
    assert "区妇联" in links and "区教委" not in links  # not addressed by the call
    tokens = [url.removeprefix("/u/") for url in links.values()]
    assert len(set(tokens)) == len(tokens) and all(len(t) >= 43 for t in tokens)  # token_urlsafe(32)
    again = client.post("/api/links", headers=BEARER).json()
    assert {d["unit"]: d["url"].removeprefix(BASE) for d in again} == links  # kept, not re-made
    assert client.post("/api/links").status_code == 401  # staff only
    assert (round_dir / ".jlt" / "serve.sqlite").stat().st_mode & 0o077 == 0  # tokens: the staff's account only


def test_a_draft_without_a_part_is_found_fixed_and_submitted_and_the_cli_agrees(client, links, round_dir):
    link = links["区妇联"]
    first = upload(client, link, "妇联案例（初稿）.md", DRAFT.encode())
    assert first.status_code == 200
    v1 = first.json()["files"][0]
    assert v1["version"] == 1 and v1["summary"]["missing"] == ["下步工作打算"]
    assert any(f["rule"] == "missing-section" and "下步工作打算" in f["message"] for f in v1["summary"]["findings"])
    assert v1["receipt"]["sha256"] == hashlib.sha256(DRAFT.encode()).hexdigest()
    assert v1["receipt"]["size"] == len(DRAFT.encode()) and v1["receipt"]["file"] == "妇联案例（初稿）.md"
    second = upload(client, link, "妇联案例（修改稿）.md", FIXED.encode()).json()["files"][0]
    assert second["version"] == 2 and second["summary"]["errors"] == 0
    assert client.post(f"{link}/api/submit", json={"version": 2}).json()["submitted"] == 2
    # a later draft does not replace the submission in 收件/
    upload(client, link, "妇联案例（再改）.md", DRAFT.encode())
    inbox = sorted(p.name for p in (round_dir / "收件").iterdir())
    assert inbox == ["区妇联-在线报送.md"]
    assert (round_dir / "收件" / "区妇联-在线报送.md").read_bytes() == FIXED.encode()
    kept = sorted((round_dir / ".jlt" / "单位上传" / "区妇联").iterdir())
    assert [p.read_bytes() for p in kept] == [DRAFT.encode(), FIXED.encode(), DRAFT.encode()]
    # staff's API and the CLI on the round agree; the unit's API is the CLI on the unit's file
    staff = client.get("/api/cases", headers=BEARER).json()
    assert staff["files"] == cli_json("收件")["files"]
    assert [f["path"] for f in staff["files"]] == ["收件/区妇联-在线报送.md"]
    own = client.get(f"{link}/api/cases").json()
    assert own["files"] == cli_json("收件/区妇联-在线报送.md")["files"]
    # staff see every version and what changed
    page = client.get("/links/unit?unit=区妇联", headers=BEARER).text
    assert page.count("第 3 版") >= 1 and "正式报送" in page and "已改正 1 个问题" in page and "下步工作打算" in page


def test_the_unit_page_shows_what_jlt_read_the_findings_and_a_receipt(client, links):
    link = links["钱塘镇"]
    upload(client, link, "钱塘镇案例.md", DRAFT.replace(FULAN, "合川区钱塘镇人民政府").encode())
    page = client.get(f"{link}?uploaded=1")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    cookie = page.headers["set-cookie"]
    assert f"Path={link}" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    text = page.text
    for expected in ("合川区钱塘镇人民政府", "办好“家门口”的社区家长学校", "基本情况", "缺少：下步工作打算", "上传回执", "SHA-256",
                     "下载批注稿", "正式报送"):
        assert expected in text, expected
    receipt = client.get(f"{link}/receipt/1")
    assert receipt.status_code == 200 and "attachment" in receipt.headers["content-disposition"]
    body = receipt.content.decode("utf-8-sig")
    assert hashlib.sha256(DRAFT.replace(FULAN, "合川区钱塘镇人民政府").encode()).hexdigest() in body and "钱塘镇案例.md" in body
    annotated = client.get(f"{link}/annotated/1")
    assert annotated.status_code == 200 and "下步工作打算" in annotated.content.decode("utf-8-sig")


def test_an_annotated_docx_comes_back_for_a_word_draft(client, links):
    from docx import Document

    data = case_docx("合川区科学技术协会", parts=("basic", "measures", "results"))
    res = upload(client, links["区科协"], "科协案例.docx", data).json()["files"][0]
    assert res["summary"]["missing"] == ["下步工作打算"]
    got = client.get(f"{links['区科协']}/annotated/{res['version']}")
    assert got.status_code == 200
    doc = Document(io.BytesIO(got.content))  # a real .docx with the unit's text
    assert any(p.text for p in doc.paragraphs)
    assert b"word/comments.xml" in got.content


def test_a_units_token_reaches_only_its_own_files(client, links, round_dir):
    upload(client, links["区妇联"], "妇联案例.md", DRAFT.encode())
    other = links["区科协"]
    assert client.get(f"{other}/api/cases").status_code == 404  # nothing of its own; never the other's
    assert client.get(f"{other}/receipt/1").status_code == 404
    assert client.get(f"{other}/annotated/1").status_code == 404
    assert "妇联案例.md" not in client.get(other).text
    # a unit's token opens none of the staff's pages or APIs, however it is sent
    token = other.removeprefix("/u/")
    for path in ("/api/cases", "/inbox", "/links", "/links/unit?unit=区妇联", "/api/links"):
        assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 401, path
        assert client.get(path + ("&" if "?" in path else "?") + f"token={token}").status_code == 401, path
    # traversal in the address and in the file name
    for path in (f"{other}/receipt/..%2f..%2fjlt.yaml", f"{other}/../../jlt.yaml", "/u/..%2f.jlt%2fserve.sqlite",
                 f"{other}/receipt/-1", f"{other}/annotated/1e3"):
        res = client.get(path)
        assert res.status_code in (401, 404) and b"units:" not in res.content, path
    client.cookies.clear()  # a script with the link (the page's cookie would ask for the page's CSRF token)
    before = (round_dir / "jlt.yaml").read_bytes()
    res = upload(client, other, "../../../jlt.yaml.md", FIXED.encode()).json()["files"][0]
    assert res["version"] == 1 and res["file"] == "jlt.yaml.md"  # the sent name's last part, as data
    assert (round_dir / "jlt.yaml").read_bytes() == before
    stored = list((round_dir / ".jlt" / "单位上传" / "区科协").iterdir())
    assert [p.name for p in stored] == ["v001.md"]
    assert sorted(p.name for p in (round_dir / "收件").iterdir()) == ["区妇联-在线报送.md", "区科协-在线报送.md"]


def test_guessed_tokens_are_rate_limited_and_logged(client, links, round_dir):
    for i in range(10):
        res = client.get(f"/u/guess{i:02d}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        assert res.status_code == 404 and "链接无效或已停用" in res.text
    res = client.get("/u/guess-eleventh")
    assert res.status_code == 429 and "尝试次数过多" in res.text
    # while blocked, even a right link waits (no oracle for the guesser)
    assert client.get(links["区妇联"] + "/api/cases").status_code == 429
    assert "尝试次数过多" in client.post(links["区妇联"] + "/api/files").json()["error"]
    db = sqlite3.connect(round_dir / ".jlt" / "serve.sqlite")
    events = [r[0] for r in db.execute("SELECT event FROM access_log ORDER BY id")]
    assert events.count("bad-token") == 10 and "rate-limited" in events


def test_hostile_oversized_and_too_many_files_are_refused_or_explained(client, links, round_dir):
    link = links["区关工委"]
    zipped = make_corpus.zip_bytes([("案例.docx", make_corpus.valid_docx())])
    res = upload(client, link, "案例.zip", zipped)
    assert res.status_code == 415 and "解压" in res.json()["error"]
    macro = (Path(__file__).parent / "fixtures" / "docx" / "macro.docm").read_bytes()
    res = upload(client, link, "案例.docm", macro)
    assert res.status_code == 415 and "宏" in res.json()["error"]
    res = upload(client, link, "案例.docx", b"")
    assert res.status_code == 400 and "0 字节" in res.json()["error"]
    big = b"# x\n" + b"a" * (21 * 1024 * 1024)
    res = upload(client, link, "大文件.md", big)
    assert res.status_code == 413 and "MB" in res.json()["error"]
    many = [("file", (f"{i}.md", FIXED.encode())) for i in range(6)]
    res = client.post(f"{link}/api/files", files=many)
    assert res.status_code == 413 and "最多" in res.json()["error"]
    # kept and explained: a password, a bomb (read in a worker with a memory limit)
    locked = upload(client, link, "加密.docx", make_corpus.encrypted_ooxml()).json()["files"][0]
    assert any("密码" in f["message"] for f in locked["summary"]["findings"])
    bomb = upload(client, link, "炸弹.docx", make_corpus.bomb_docx(300)).json()["files"][0]
    assert bomb["summary"]["status"] == "unreadable" and bomb["summary"]["findings"]
    assert client.get(link).status_code == 200  # the server goes on
    assert [p.name for p in sorted((round_dir / ".jlt" / "单位上传" / "区关工委").iterdir())] == ["v001.docx", "v002.docx"]


def test_the_same_file_twice_is_one_version_and_versions_are_capped(client, links, round_dir):
    link = links["区科技局"]
    a = upload(client, link, "a.md", FIXED.encode()).json()["files"][0]
    b = upload(client, link, "a.md", FIXED.encode()).json()["files"][0]
    assert (a["version"], a["new"], b["version"], b["new"]) == (1, True, 1, False)
    (round_dir / "jlt.yaml").write_text((round_dir / "jlt.yaml").read_text(encoding="utf-8")
                                        + "\nserve:\n  unit_max_versions: 2\n", encoding="utf-8")
    assert upload(client, link, "b.md", DRAFT.encode()).status_code == 200
    res = upload(client, link, "c.md", (DRAFT + "\n补充。").encode())
    assert res.status_code == 429 and "上限" in res.json()["error"]


def test_the_deadline_closes_uploads_and_staff_extend_it_in_jlt_yaml(client, links, round_dir):
    link = links["区妇联"]
    assert upload(client, link, "妇联.md", DRAFT.encode()).status_code == 200
    page = client.get(f"/links?token={TOKEN}")
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    res = client.post("/links/deadline", data={"csrf": csrf, "deadline": "2020-01-01 18:00"})
    assert res.status_code == 200 and "2020年1月1日 18:00" in res.text  # followed the redirect to /links
    text = (round_dir / "jlt.yaml").read_text(encoding="utf-8")
    assert 'deadline: "2020-01-01 18:00"' in text and text.count("#") > 5  # round-trip: comments kept
    res = upload(client, link, "妇联.md", FIXED.encode())
    assert res.status_code == 403 and "截止" in res.json()["error"]
    assert client.post(f"{link}/api/submit", json={"version": 1}).status_code == 403
    assert "截止" in client.get(link).text
    assert client.post("/links/deadline", data={"csrf": csrf, "deadline": "明天"}).status_code == 400
    client.post("/links/deadline", data={"csrf": csrf, "deadline": "2999-12-31"})
    client.cookies.clear()  # as a script with the link
    assert upload(client, link, "妇联.md", FIXED.encode()).status_code == 200


def test_forms_need_the_csrf_token_and_the_right_origin(client, links):
    link = links["区妇联"]
    page = client.get(link)  # the browser now has the unit cookie
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    assert upload(client, link, "a.md", FIXED.encode()).status_code == 403  # cookie, no CSRF token
    assert upload(client, link, "a.md", FIXED.encode(), headers={"X-CSRF-Token": csrf}).status_code == 200
    res = client.post(f"{link}/submit", data={"csrf": "wrong", "version": "1"})
    assert res.status_code == 403
    res = client.post(f"{link}/submit", data={"csrf": csrf, "version": "1"})
    assert res.status_code == 200 and "已将第 1 版设为正式报送" in res.text
    client.cookies.clear()
    res = upload(client, link, "b.md", DRAFT.encode(), headers={"Origin": "https://evil.example"})
    assert res.status_code == 403


def test_revoked_and_reissued_links(client, links, round_dir):
    old = links["区妇联"]
    upload(client, old, "妇联.md", DRAFT.encode())
    page = client.get(f"/links?token={TOKEN}")
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    client.post("/links/create", data={"csrf": csrf, "action": "reissue", "unit": "区妇联"})
    assert client.get(old).status_code == 404
    new = {d["unit"]: d["url"].removeprefix(BASE) for d in client.get("/api/links", headers=BEARER).json()}["区妇联"]
    assert new != old and "妇联.md" in client.get(new).text  # the files stay with the unit
    client.post("/links/create", data={"csrf": csrf, "action": "revoke", "unit": "区妇联"})
    assert client.get(new).status_code == 404
    assert "区妇联" not in {d["unit"] for d in client.get("/api/links", headers=BEARER).json()}


def test_the_exported_list_and_the_letters_carry_the_links(client, links, round_dir):
    from docx import Document
    from openpyxl import load_workbook

    got = client.get("/links/export.csv", headers=BEARER)
    assert got.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0] == ["单位", "单位全称", "链接"] and len(rows) == len(links) + 1
    assert {r[0]: r[2] for r in rows[1:]}["区妇联"] == BASE + links["区妇联"]
    wb = load_workbook(io.BytesIO(client.get("/links/export.xlsx", headers=BEARER).content))
    cells = [[c.value for c in r] for r in wb.active.iter_rows()]
    assert cells[0] == ["单位", "单位全称", "链接"] and [BASE + links["区妇联"]] == [r[2] for r in cells if r[0] == "区妇联"]
    # the letter to the unit prints its link (the CLI reads the links from the round's database)
    upload(client, links["区妇联"], "妇联.md", DRAFT.encode())
    res = CliRunner().invoke(cli_app, ["feedback", "收件", "-o", "输出/意见"])
    assert res.exit_code in (0, 1), res.output
    letters = list((round_dir / "输出" / "意见").glob("*修改意见.docx"))
    assert len(letters) == 1
    doc = Document(letters[0])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert BASE + links["区妇联"] in text and "正式报送" in text
    targets = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets == [BASE + links["区妇联"]]  # a link Word opens on a click


def test_letters_without_links_are_as_before(round_dir):
    (round_dir / "收件" / "妇联.md").write_text(DRAFT, encoding="utf-8")
    from docx import Document

    res = CliRunner().invoke(cli_app, ["feedback", "收件", "-o", "输出/意见"])
    assert res.exit_code in (0, 1), res.output
    text = "\n".join(p.text for p in Document(next((round_dir / "输出" / "意见").glob("*.docx"))).paragraphs)
    assert "/u/" not in text and "专用链接" not in text


def test_a_file_staff_put_in_the_inbox_under_the_units_name_is_never_replaced(client, links, round_dir):
    mine = round_dir / "收件" / "区妇联-在线报送.md"
    mine.write_text("工作人员放入的文件", encoding="utf-8")
    assert upload(client, links["区妇联"], "妇联.md", DRAFT.encode()).status_code == 200
    assert mine.read_text(encoding="utf-8") == "工作人员放入的文件"
    assert (round_dir / ".jlt" / "单位上传" / "区妇联" / "v001.md").read_bytes() == DRAFT.encode()
    # a unit switching from Markdown to Word leaves one current file of its own
    mine.unlink()
    upload(client, links["区妇联"], "妇联.md", FIXED.encode())
    upload(client, links["区妇联"], "妇联.docx", case_docx())
    assert sorted(p.name for p in (round_dir / "收件").iterdir()) == ["区妇联-在线报送.docx"]
