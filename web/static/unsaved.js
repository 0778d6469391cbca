// Long forms (marked data-warn-unsaved) warn before the page is left with changes that were not saved.
(function () {
  "use strict";
  var dirty = new Set();
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var mark = function () { dirty.add(form); };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { dirty.clear(); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
