// Proposal form: when the technology changes, show its current ring and offer only the allowed moves.
(function () {
  "use strict";
  var source = document.getElementById("ring-moves");
  var blip = document.getElementById("f-blip");
  var target = document.getElementById("f-target_ring");
  if (!source || !blip || !target) { return; }
  var data = JSON.parse(source.textContent);
  var current = document.getElementById("current-ring");
  var fresh = document.getElementById("new-technology");
  blip.addEventListener("change", function () {
    var option = blip.options[blip.selectedIndex];
    var moves = blip.value ? (data.moves[blip.value] || {}) : { assess: "add" };
    target.innerHTML = "";
    Object.keys(moves).forEach(function (slug) {
      var item = document.createElement("option");
      item.value = slug;
      item.textContent = (data.names[slug] || slug) + " — " + moves[slug];
      target.appendChild(item);
    });
    if (!target.options.length) {
      var none = document.createElement("option");
      none.value = "";
      none.textContent = "No move allowed";
      target.appendChild(none);
    }
    current.textContent = blip.value ? option.getAttribute("data-ring-name") : "Not on the radar";
    fresh.hidden = Boolean(blip.value);
  });
})();
