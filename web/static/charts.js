// Draw every element with data-figure="<id>" from the JSON figure in <script type="application/json" id="<id>">.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var config = { responsive: true, displaylogo: false, displayModeBar: false };
  Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), function (holder) {
    var source = document.getElementById(holder.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
      holder.setAttribute("data-drawn", "true");
    });
  });
})();
