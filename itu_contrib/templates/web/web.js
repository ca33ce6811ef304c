/* itu_contrib web pages: drag and drop onto the file fields, and upload progress.
   Progressive enhancement only: without this script the forms post as usual. No inline handlers. */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  each(document.querySelectorAll("[data-drop]"), function (zone) {
    var input = zone.querySelector("input[type=file]");
    var hint = zone.querySelector(".drop-hint");
    if (!input || typeof DataTransfer === "undefined") { return; }
    if (hint) { hint.hidden = false; }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });

  each(document.querySelectorAll("form[data-upload]"), function (form) {
    var box = form.querySelector("[data-progress]");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector("[data-progress-text]");
    if (!box || !bar || typeof XMLHttpRequest === "undefined" || typeof FormData === "undefined") { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.responseType = "text";
      box.hidden = false;
      if (button) { button.disabled = true; }
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round(100 * e.loaded / e.total);
          text.textContent = (box.getAttribute("data-sending") || "{percent} %").replace("{percent}", bar.value);
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");
        text.textContent = box.getAttribute("data-checking") || "…";
      });
      xhr.addEventListener("load", function () {
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        text.textContent = box.getAttribute("data-failed") || "!";
      });
      xhr.send(new FormData(form));
    });
  });
}());
