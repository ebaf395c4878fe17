// Draws every chart of a course-site page from the figure stored beside it
// (<script type="application/json" data-chart="ID">), with the plotly.js that
// ships in the site's own files: no request leaves the site.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("script[data-chart]").forEach(function (stored) {
    var target = document.getElementById(stored.getAttribute("data-chart"));
    var figure = JSON.parse(stored.textContent);
    var layout = Object.assign({}, figure.layout || {}, { autosize: true });
    delete layout.width;
    Plotly.newPlot(target, figure.data || [], layout, {
      responsive: true,
      displaylogo: false,
    });
  });
});
