// Draw every element with data-figure="<id>" from the JSON figure in <script type="application/json" id="<id>">.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var config = { responsive: true, displaylogo: false, displayModeBar: false };

  // A spider chart on a phone: its criterion names would take the whole width, so they wrap onto short lines in a
  // smaller font, and the margins they need shrink with them.
  function fitNarrow(figure, width) {
    var polar = figure.layout && figure.layout.polar;
    if (!polar || width >= 560) { return; }
    var wrap = function (name) { return String(name).replace(/(.{6,}?)\s+/g, "$1<br>"); };
    figure.data.forEach(function (trace) { if (trace.theta) { trace.theta = trace.theta.map(wrap); } });
    polar.angularaxis = Object.assign({}, polar.angularaxis, { tickfont: { size: 10 } });
    figure.layout.margin = Object.assign({}, figure.layout.margin, { l: 56, r: 56, t: 48 });
    figure.layout.height = Math.min(figure.layout.height || 460, width + 120);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), function (holder) {
    var source = document.getElementById(holder.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    fitNarrow(figure, holder.clientWidth);
    window.Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
      holder.setAttribute("data-drawn", "true");
    });
  });
})();
