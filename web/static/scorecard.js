// Scorecard: a failed knock-out gate stops the scorecard, so the criteria are hidden while any gate fails.
(function () {
  "use strict";
  var form = document.getElementById("scorecard");
  var criteria = document.getElementById("criteria");
  var note = document.getElementById("gate-failed-note");
  if (!form || !criteria || !note) { return; }
  function update() {
    var failed = form.querySelectorAll(".gate input[value=fail]:checked").length > 0;
    criteria.hidden = failed;
    note.hidden = !failed;
  }
  form.addEventListener("change", update);
  update();
})();
