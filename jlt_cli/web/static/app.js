// jlt serve: drag-and-drop upload (files and folders) and live progress of background jobs. Everything also
// works without this script (plain forms, reload).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.content : "";

  function text(el, s) { el.textContent = s; }

  // -- upload --------------------------------------------------------------------------------------
  var form = document.getElementById("upload");
  if (form) {
    var status = document.getElementById("upload-status");
    form.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
      input.addEventListener("change", function () {
        var files = Array.prototype.map.call(input.files, function (f) {
          return { file: f, name: f.webkitRelativePath || f.name };
        });
        send(files);
      });
    });
    ["dragenter", "dragover"].forEach(function (ev) {
      form.addEventListener(ev, function (e) { e.preventDefault(); form.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      form.addEventListener(ev, function (e) { e.preventDefault(); form.classList.remove("over"); });
    });
    form.addEventListener("drop", function (e) {
      var items = e.dataTransfer.items;
      var entries = [];
      for (var i = 0; items && i < items.length; i++) {
        var entry = items[i].webkitGetAsEntry ? items[i].webkitGetAsEntry() : null;
        if (entry) entries.push(entry);
      }
      if (entries.length) {
        collect(entries).then(send);  // files and folders, walked
      } else {
        send(Array.prototype.map.call(e.dataTransfer.files, function (f) { return { file: f, name: f.name }; }));
      }
    });
  }

  function collect(entries) {
    // a dropped folder: every file inside it, with its path (the unit's folder name stays with the file)
    var out = [];
    function walk(entry) {
      if (entry.isFile) {
        return new Promise(function (resolve) {
          entry.file(function (f) { out.push({ file: f, name: entry.fullPath.replace(/^\//, "") }); resolve(); },
                     function () { resolve(); });
        });
      }
      if (entry.isDirectory) {
        var reader = entry.createReader();
        return new Promise(function (resolve) {
          var all = [];
          (function more() {
            reader.readEntries(function (batch) {
              if (!batch.length) { Promise.all(all.map(walk)).then(resolve); return; }
              all = all.concat(Array.prototype.slice.call(batch));
              more();
            }, function () { resolve(); });
          })();
        });
      }
      return Promise.resolve();
    }
    return Promise.all(entries.map(walk)).then(function () { return out; });
  }

  function send(files) {
    if (!files.length) return;
    var status = document.getElementById("upload-status");
    var data = new FormData();
    files.forEach(function (f) { data.append("file", f.file, f.name); });
    text(status, "正在上传 " + files.length + " 个文件…");
    // the staff's 收件 posts to /api/files; a unit's page names its own (data-api) and where to go after (data-done)
    var api = form.dataset.api || "/api/files";
    fetch(api, { method: "POST", body: data, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.innerHTML = ""; var p = document.createElement("span"); p.className = "err";
          text(p, res.body.error || "上传失败"); status.appendChild(p); return; }
        var refused = res.body.files.filter(function (f) { return f.error; });
        var stored = res.body.files.filter(function (f) { return f.version; });
        if (!refused.length && form.dataset.done && stored.length) {
          window.location.assign(form.dataset.done + stored[stored.length - 1].version + "#receipt"); return;
        }
        if (!refused.length) { window.location.reload(); return; }
        status.innerHTML = "";
        refused.forEach(function (f) {
          var p = document.createElement("span"); p.className = "err"; text(p, f.name + "：" + f.error); status.appendChild(p);
        });
        var again = document.createElement("a"); again.href = form.dataset.done ? window.location.pathname : "/inbox"; text(again, "刷新"); status.appendChild(again);
      })
      .catch(function () { text(status, "上传失败：无法连接服务器。请检查 jlt serve 是否仍在运行。"); });
  }

  // -- jobs ------------------------------------------------------------------------------------------
  var rows = document.querySelectorAll('tr[data-state="running"]');
  if (rows.length) {
    var timer = setInterval(function () {
      var pending = document.querySelectorAll('tr[data-state="running"]');
      if (!pending.length) { clearInterval(timer); return; }
      pending.forEach(function (row) {
        fetch("/api/jobs/" + row.dataset.job, { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (job) {
            if (job.state !== "running") { window.location.reload(); return; }
            var bar = row.querySelector("progress"); if (bar) bar.value = job.progress.percent;
            var stage = row.querySelector(".stage"); if (stage) text(stage, job.progress.stage);
          });
      });
    }, 1000);
  }
})();
