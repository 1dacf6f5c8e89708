// Progressive enhancement only: every page works without this file.
"use strict";

// Upload: drag and drop of files and folders, upload progress, then the batch page.
(function () {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const zone = document.getElementById("dropzone");
  const chosenText = document.getElementById("chosen");
  const bar = document.getElementById("upload-progress");
  const button = document.getElementById("upload-button");
  let chosen = []; // [{file, path}]

  function show() {
    if (!chosen.length) { chosenText.textContent = "Chưa chọn tệp nào."; return; }
    const size = chosen.reduce((sum, item) => sum + item.file.size, 0);
    const names = chosen.slice(0, 5).map((item) => item.path).join(", ");
    chosenText.textContent = `${chosen.length} tệp (${(size / 1048576).toFixed(1)} MB): ${names}${chosen.length > 5 ? "…" : ""}`;
  }
  function addFiles(list) {
    for (const file of list) chosen.push({ file, path: file.webkitRelativePath || file.name });
    show();
  }
  for (const id of ["file-input", "folder-input"]) {
    document.getElementById(id).addEventListener("change", (event) => addFiles(event.target.files));
  }

  function readEntry(entry, prefix) {
    return new Promise((resolve) => {
      if (entry.isFile) {
        entry.file((file) => resolve([{ file, path: prefix + file.name }]), () => resolve([]));
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        const all = [];
        const next = () => reader.readEntries(async (entries) => {
          if (!entries.length) {
            const nested = await Promise.all(all.map((e) => readEntry(e, prefix + entry.name + "/")));
            resolve(nested.flat());
          } else { all.push(...entries); next(); }
        }, () => resolve([]));
        next();
      } else resolve([]);
    });
  }
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault(); zone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("over")));
  zone.addEventListener("drop", async (event) => {
    event.preventDefault();
    const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    if (entries.length) {
      const found = await Promise.all(entries.map((entry) => readEntry(entry, "")));
      chosen.push(...found.flat());
      show();
    } else addFiles(event.dataTransfer.files);
  });

  form.addEventListener("submit", (event) => {
    if (!chosen.length) { event.preventDefault(); chosenText.textContent = "Hãy chọn ít nhất một tệp."; return; }
    event.preventDefault();
    const data = new FormData();
    data.append("batch", form.elements.batch.value);
    for (const item of chosen) { data.append("files", item.file, item.file.name); data.append("paths", item.path); }
    const request = new XMLHttpRequest();
    request.open("POST", "/api/uploads");
    request.setRequestHeader("X-CSRF-Token", form.elements.csrf_token.value);
    request.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total; });
    request.addEventListener("load", () => {
      if (request.status === 202) {
        window.location = "/batches/" + JSON.parse(request.responseText).job_id;
      } else {
        let message = "Tải lên không thành công (" + request.status + ")";
        try { message += ": " + JSON.parse(request.responseText).detail; } catch (e) { /* not JSON */ }
        chosenText.textContent = message; button.disabled = false; bar.hidden = true;
      }
    });
    request.addEventListener("error", () => { chosenText.textContent = "Mất kết nối khi tải lên; hãy thử lại."; button.disabled = false; });
    button.disabled = true; bar.hidden = false;
    chosenText.textContent = `Đang tải lên ${chosen.length} tệp…`;
    request.send(data);
  });
})();

// Batch page: refresh the progress table every 2 seconds until the batch is finished.
(function () {
  const box = document.getElementById("batch-progress");
  if (!box || box.dataset.running !== "1") return;
  async function refresh() {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (response.ok) box.innerHTML = await response.text();
    } catch (e) { /* retry on the next tick */ }
    const summary = box.querySelector(".batch-summary");
    const state = summary ? summary.dataset.state : "";
    if (state === "done" || state === "failed") return;
    setTimeout(refresh, 2000);
  }
  setTimeout(refresh, 2000);
})();
