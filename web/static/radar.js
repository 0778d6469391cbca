// The radar page: draw the chart from the embedded figure, open a blip on click, export and print the chart,
// sort the table, and apply a filter as soon as it changes. Everything works without it, through the form.
(function () {
  "use strict";

  function drawChart() {
    var holder = document.getElementById("radar-chart");
    var source = document.getElementById("radar-figure");
    if (!holder || !source || !window.Plotly) { return null; }
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
    return holder;
  }

  function wireExports(holder) {
    document.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!holder) { return; }
        window.Plotly.downloadImage(holder, { format: button.getAttribute("data-export"), filename: "radar" });
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function wireSorting() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      headers.forEach(function (header, column) {
        var button = header.querySelector("button[data-sort]");
        if (!button) { return; }
        button.addEventListener("click", function () {
          var ascending = header.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var kind = button.getAttribute("data-sort");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column], y = b.cells[column];
            var left = x.getAttribute("data-value") || x.textContent.trim();
            var right = y.getAttribute("data-value") || y.textContent.trim();
            var order = kind === "text" ? left.localeCompare(right) : Number(left) - Number(right);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  function wireFilters() {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  }

  // Runs right after the chart's markup: draw now, wire the rest once the whole page is parsed.
  var holder = drawChart();
  function wireAll() {
    wireExports(holder);
    wireSorting();
    wireFilters();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireAll);
  } else {
    wireAll();
  }
})();
