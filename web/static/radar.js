// The radar page: show the quadrant views on a phone, let Plotly take over the server-drawn SVG chart (same size,
// same positions) after the first paint for hover and click, export and print the chart, sort the table, and apply a filter as soon as
// it changes. Everything works without it: the SVG's marks and quadrant names are links, and the form filters.
(function () {
  "use strict";

  // The same width as the stylesheet's phone layout, where the quadrant views replace the whole-radar chart.
  var PHONE = window.matchMedia("(max-width: 767px)");

  // Each quadrant view's SVG arrives inside <noscript>, which a browser running scripts keeps as plain text.
  function showPhoneViews() {
    if (!PHONE.matches) { return; }
    document.querySelectorAll(".phone-chart > noscript").forEach(function (holder) {
      holder.insertAdjacentHTML("afterend", holder.textContent);
      holder.remove();
    });
  }

  // plotly.js is large: it is fetched early (the page preloads it, except on a phone) but runs only after the first
  // paint, the server's SVG, so that its start-up never holds that paint back. A phone, which shows the quadrant
  // views instead of the whole-radar chart, does not run it at all.
  var PLOTLY_URL = document.currentScript && document.currentScript.getAttribute("data-plotly");
  var chart = null;  // the Plotly chart, once drawn
  var loading = false;

  function afterFirstPaint(callback) {
    window.requestAnimationFrame(function () { window.setTimeout(callback, 0); });
  }

  function loadPlotlyWhenShown() {
    var holder = document.getElementById("radar-chart");
    // On phones the whole-radar stage is hidden and the quadrant views (SVG with links) are the chart. (A media query,
    // not the holder's offsetParent: that would lay out the whole page before its first paint.)
    if (loading || !PLOTLY_URL || !holder || PHONE.matches) { return; }
    loading = true;
    afterFirstPaint(function () {
      var script = document.createElement("script");
      script.src = PLOTLY_URL;
      script.onload = function () { chart = drawChart(holder); };
      document.head.appendChild(script);
    });
  }

  function drawChart(holder) {
    var source = document.getElementById("radar-figure");
    if (!source || !window.Plotly) { return null; }
    var figure = JSON.parse(source.textContent);
    var config = { displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d", "zoom2d", "pan2d"] };
    window.Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
      holder.parentNode.classList.add("interactive");  // the SVG stays underneath, for print
      holder.setAttribute("data-drawn", "true");
      holder.setAttribute("data-drawn-at", String(Math.round(window.performance.now())));
    });
    holder.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point && point.customdata) {
        window.location.href = "/blips/" + encodeURIComponent(point.customdata[0]);
      }
    });
    return holder;
  }

  function save(href, filename) {
    var link = document.createElement("a");
    link.href = href;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // Without the Plotly chart (a phone, or before it is drawn): the server's SVG of the same view, as it is or drawn
  // onto a canvas for a PNG.
  function saveServerImage(format) {
    var url = "/radar.svg" + window.location.search;
    if (format !== "png") { save(url, "radar.svg"); return; }
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth * 2;
      canvas.height = image.naturalHeight * 2;
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var href = URL.createObjectURL(blob);
        save(href, "radar.png");
        window.setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
      });
    };
    image.src = url;
  }

  function wireExports() {
    document.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () {
        var format = button.getAttribute("data-export");
        if (!chart) { saveServerImage(format); return; }
        window.Plotly.downloadImage(chart, { format: format, filename: "radar" });
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

  // A deferred script: the page is parsed.
  showPhoneViews();
  loadPlotlyWhenShown();
  PHONE.addEventListener("change", function () { showPhoneViews(); loadPlotlyWhenShown(); });
  wireExports();
  wireSorting();
  wireFilters();
})();
