// Draw the radar from the figure embedded in the page; a click on a blip opens its page.
(function () {
  "use strict";
  var holder = document.getElementById("radar-chart");
  var source = document.getElementById("radar-figure");
  if (!holder || !source || !window.Plotly) { return; }
  var figure = JSON.parse(source.textContent);
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  window.Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
    holder.setAttribute("data-drawn", "true");
  });
  holder.on("plotly_click", function (event) {
    var point = event.points && event.points[0];
    if (point && point.customdata) {
      window.location.href = "/blips/" + encodeURIComponent(point.customdata[0]);
    }
  });
})();
