// Framework editor: show the sum of the criteria weights live, and whether it is 1.
(function () {
  "use strict";
  var form = document.getElementById("framework-form");
  var total = document.getElementById("weight-total");
  var hint = document.getElementById("weight-hint");
  if (!form || !total) { return; }
  function update() {
    var sum = 0;
    Array.prototype.forEach.call(form.querySelectorAll(".weight-input"), function (input) {
      var value = parseFloat(input.value.replace(",", "."));
      if (!isNaN(value)) { sum += value; }
    });
    total.textContent = sum.toFixed(2);
    var ok = Math.abs(sum - 1) <= 0.001;
    total.className = ok ? "ok" : "bad";
    hint.textContent = ok ? "sums to 1" : "must be 1.00";
  }
  form.addEventListener("input", update);
  update();
})();
