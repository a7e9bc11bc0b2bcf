/* Progressive enhancement for the application form: saves the draft on the server while she
   types and counts characters as people do (an emoji or an Arabic letter counts once).
   Without JavaScript the "Save draft" button does the same. Nothing goes to browser storage. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("save-status");
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter() : null;
  function count(text) {
    if (segmenter) { var n = 0, it = segmenter.segment(text)[Symbol.iterator](); while (!it.next().done) { n++; } return n; }
    return Array.from(text).length;
  }
  function refreshCounter(box) {
    var counter = document.getElementById(box.id + "-count");
    if (!counter) { return; }
    var limit = parseInt(box.getAttribute("data-limit"), 10), used = count(box.value);
    counter.textContent = counter.getAttribute("data-template").replace("%(used)s", used).replace("%(limit)s", limit);
    counter.classList.toggle("over", used > limit);
  }
  var timer = null, dirty = false;
  function save() {
    if (!dirty) { return; }
    dirty = false;
    var data = new FormData(form);
    data.set("action", "autosave");
    fetch(form.getAttribute("data-autosave"), { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok || r.status === 409 ? r.json() : Promise.reject(r.status); })
      .then(function (body) { if (status) { status.textContent = body.message; } })
      .catch(function () { dirty = true; if (status) { status.textContent = status.getAttribute("data-offline"); } });
  }
  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-limit")) { refreshCounter(event.target); }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 2000);
  });
  Array.prototype.forEach.call(form.querySelectorAll("[data-limit]"), refreshCounter);
  window.addEventListener("pagehide", save);
})();
