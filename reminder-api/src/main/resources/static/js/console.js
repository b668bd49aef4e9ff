// Keeps the dashboard's numbers fresh without reloading the page: asks the JSON endpoint
// every few seconds and writes each number into the cell that names it (data-number), so
// the page stays readable text and works as it was rendered when this script cannot run.
(function () {
  'use strict';
  var dashboard = document.getElementById('dashboard');
  if (!dashboard) {
    return;
  }
  var url = dashboard.getAttribute('data-numbers');
  var every = parseInt(dashboard.getAttribute('data-refresh'), 10) || 5000;
  var zone = dashboard.getAttribute('data-zone');
  // sv-SE writes dates the way the server does: 2025-11-03 09:00:00.
  var format = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit'
  });

  function lookup(numbers, path) {
    var parts = path.split('.');
    var value = numbers;
    if (parts[0] === 'waves') {
      value = {};
      numbers.waves.forEach(function (wave) { value[wave.key] = wave; });
      parts = parts.slice(1);
      // A wave key never holds a dot, so the key is the next part.
      value = value[parts[0]];
      parts = parts.slice(1);
    }
    for (var i = 0; i < parts.length && value !== undefined && value !== null; i++) {
      value = value[parts[i]];
    }
    return value;
  }

  function show(numbers) {
    dashboard.querySelectorAll('[data-number]').forEach(function (cell) {
      var value = lookup(numbers, cell.getAttribute('data-number'));
      if (typeof value === 'number' && cell.textContent !== String(value)) {
        cell.textContent = String(value);
      }
    });
    dashboard.querySelectorAll('[data-time]').forEach(function (cell) {
      var value = lookup(numbers, cell.getAttribute('data-time'));
      cell.textContent = value ? format.format(new Date(value)) : '\u2013';
    });
    var late = document.getElementById('pacing-late');
    if (late && numbers.pacing) {
      late.hidden = !numbers.pacing.late;
    }
    if (numbers.consumers) {
      showConsumers(numbers.consumers);
    }
    var asOf = document.getElementById('as-of');
    if (asOf && numbers.asOf) {
      asOf.setAttribute('datetime', numbers.asOf);
      asOf.textContent = format.format(new Date(numbers.asOf));
    }
  }

  // The consumer groups' topics change as services start and stop, so the table's body is
  // built anew each time, row by row as the server renders it: one row per group and
  // topic, or one row with a dash for a group without committed offsets.
  function showConsumers(consumers) {
    var table = document.getElementById('consumers');
    var warning = document.getElementById('consumers-unknown');
    if (!table) {
      return;
    }
    if (warning) {
      warning.hidden = consumers.known;
    }
    var unknown = table.getAttribute('data-unknown');
    var body = document.createElement('tbody');
    consumers.groups.forEach(function (group) {
      var members = group.members === null ? unknown : String(group.members);
      var topics = group.topics.length > 0 ? group.topics
        : [{ topic: '\u2013', lag: consumers.known ? '\u2013' : unknown }];
      topics.forEach(function (topic) {
        var row = document.createElement('tr');
        var name = document.createElement('th');
        name.setAttribute('scope', 'row');
        name.textContent = group.group;
        row.appendChild(name);
        [topic.topic, String(topic.lag), members].forEach(function (text) {
          var cell = document.createElement('td');
          cell.textContent = text;
          row.appendChild(cell);
        });
        body.appendChild(row);
      });
    });
    table.replaceChild(body, table.tBodies[0]);
  }

  // The funnel over time, if uPlot loaded. Lines differ by dash pattern as well as
  // colour, so they can be told apart without colour.
  var chart = null;
  var STYLES = [
    { stroke: '#0b4f8a', dash: [] },
    { stroke: '#1b7f3b', dash: [10, 5] },
    { stroke: '#6a3d9a', dash: [2, 4] },
    { stroke: '#b35900', dash: [14, 4, 2, 4] },
    { stroke: '#444444', dash: [6, 3, 6, 8] }
  ];

  function label(step) {
    var header = dashboard.querySelector('[data-step="' + step + '"]');
    return header ? header.textContent : step;
  }

  function chartData(timeline) {
    var steps = Object.keys(timeline.totals);
    return { steps: steps, data: [timeline.times].concat(steps.map(function (s) { return timeline.totals[s]; })) };
  }

  function draw(numbers) {
    var target = document.getElementById('funnel-chart');
    if (!target || typeof window.uPlot !== 'function' || !numbers.timeline || numbers.timeline.times.length === 0) {
      return;
    }
    var columns = chartData(numbers.timeline);
    if (chart) {
      chart.setData(columns.data);
      return;
    }
    chart = new window.uPlot({
      width: Math.max(300, target.clientWidth || 600),
      height: 260,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), zone); },
      scales: { x: { time: true } },
      series: [{}].concat(columns.steps.map(function (step, i) {
        var style = STYLES[i % STYLES.length];
        return { label: label(step), stroke: style.stroke, dash: style.dash, width: 2, points: { show: true } };
      }))
    }, columns.data, target);
  }

  function refresh() {
    fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (numbers) {
        show(numbers);
        draw(numbers);
      })
      .catch(function () { /* keep the last numbers; the next round may succeed */ })
      .then(function () { window.setTimeout(refresh, every); });
  }

  // The chart needs the timeline, which the page does not carry: ask at once.
  refresh();
}());
