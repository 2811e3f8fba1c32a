// The evidence form, enhanced: the chosen type's sections appear as the type changes, and
// the evidence coach re-runs its checks (the server's rules, from #coach-rules) as you type.
// Without this script the form still works: the server shows both after each submit.
(function () {
  "use strict";
  var form = document.querySelector("form[data-coach]");
  if (!form) { return; }
  var type = form.querySelector("#type");
  var hint = form.querySelector(".no-script-hint");
  if (hint) { hint.hidden = true; }

  function showType() {
    form.querySelectorAll(".kind-box").forEach(function (box) {
      box.hidden = box.getAttribute("data-kind") !== type.value;
    });
  }
  if (type) { type.addEventListener("change", function () { showType(); coach(); }); }

  var rulesNode = document.getElementById("coach-rules");
  var panel = form.querySelector("[data-coach-panel]");
  if (!rulesNode || !panel) { return; }
  var rules = JSON.parse(rulesNode.textContent);

  function filled(name) {
    var input = form.querySelector("[name='" + name + "']");
    return !!(input && input.value.trim());
  }

  function text() {
    var parts = [];
    form.querySelectorAll("input[type=text], textarea").forEach(function (input) {
      var box = input.closest(".kind-box");
      if (input.name === "links" || input.hasAttribute("data-coach-skip") || (box && box.hidden)) { return; }
      var metric = /^metric-(\d+)-(name|unit|baseline|result)$/.exec(input.name);
      if (metric) {  // like the server: a metric's name and unit count once it has a result
        var result = form.querySelector("[name='metric-" + metric[1] + "-result']");
        if (metric[2] === "baseline" || metric[2] === "result" || !(result && result.value.trim())) { return; }
      }
      if (input.value.trim()) { parts.push(input.value); }
    });
    return parts.join("\n");
  }

  function coach() {
    var words = text();
    var done = {};
    ["stakeholders", "scope", "result"].forEach(function (name) { done[name] = filled(name); });
    form.querySelectorAll(".kind-box:not([hidden]) [data-fills]").forEach(function (section) {
      var any = Array.prototype.some.call(section.querySelectorAll("input[type=text], textarea"),
        function (input) { return input.value.trim() !== ""; });
      if (any) { done[section.getAttribute("data-fills")] = true; }
    });
    done.metrics = Array.prototype.some.call(form.querySelectorAll("input[name^='metric-'][name$='-result']"),
      function (input) { return input.value.trim() !== ""; });
    var passed = 0;
    var list = panel.querySelector("[data-coach-list]");
    rules.checks.forEach(function (check) {
      var met = check.fields.some(function (name) { return done[name]; }) ||
        new RegExp(check.pattern, "i").test(words);
      if (met) { passed += 1; }
      var item = list.querySelector("[data-check='" + check.slug + "']");
      item.className = met ? "met" : "missing";
      item.innerHTML = "";
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = met ? "\u2713" : "\u25cb";
      item.appendChild(mark);
      item.appendChild(document.createTextNode(" " + check.label));
      if (!met && words) {
        item.appendChild(document.createElement("br"));
        var why = document.createElement("span");
        why.className = "muted small";
        why.textContent = check.hint;
        item.appendChild(why);
      }
    });
    var vague = (words.match(new RegExp(rules.sentence, "g")) || []).filter(function (sentence) {
      return new RegExp(rules.vague.pattern, "i").test(sentence) && !/\d/.test(sentence);
    });
    var old = list.querySelector("[data-check='vague']");
    if (old) { old.remove(); }
    if (vague.length) {
      var warn = document.createElement("li");
      warn.className = "missing";
      warn.setAttribute("data-check", "vague");
      warn.textContent = "! Vague: \u201c" + vague.slice(0, 5).map(function (s) { return s.trim(); })
        .join("\u201d; \u201c") + "\u201d. " + rules.vague.hint;
      list.appendChild(warn);
    }
    var score = Math.max(0, passed - (vague.length ? 1 : 0));
    panel.querySelector("[data-coach-score]").textContent = words ? score + " of 5" : "";
  }

  var pending = null;
  form.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(coach, 150);
  });
})();
