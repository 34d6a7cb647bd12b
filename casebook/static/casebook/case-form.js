/* The case form (submissions/case_form.html): live 字数 under each section,
   a busy state while an uploaded application form is read, and a warning
   before leaving with unsaved changes. The page works without it. */
(function () {
  "use strict";

  // The characters Python's str.isspace() accepts: the count must agree with
  // casebook.submissions.eligibility.count_chars, which the eligibility check uses.
  var SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;

  function countChars(text) {
    // Array.from counts code points, as Python does (not UTF-16 units).
    return Array.from(text.replace(SPACE, "")).length;
  }

  function updateCount(textarea, counter) {
    var chars = countChars(textarea.value);
    var min = parseInt(textarea.dataset.minChars || "0", 10);
    var max = parseInt(textarea.dataset.maxChars || "0", 10);
    counter.querySelector(".char-count__value").textContent = String(chars);
    counter.classList.toggle("char-count--short", min > 0 && chars < min);
    counter.classList.toggle("char-count--long", max > 0 && chars > max);
  }

  function watchCounters() {
    document.querySelectorAll("[data-count-for]").forEach(function (counter) {
      var textarea = document.getElementById(counter.dataset.countFor);
      if (!textarea) {
        return;
      }
      textarea.addEventListener("input", function () {
        updateCount(textarea, counter);
      });
      updateCount(textarea, counter);
    });
  }

  function watchChanges(form) {
    var dirty = false;
    var leaving = false;
    function markDirty(event) {
      // Evidence uploads have forms of their own and save at once.
      if (event.target.form === form) {
        dirty = true;
      }
    }
    document.addEventListener("input", markDirty);
    document.addEventListener("change", markDirty);
    form.addEventListener("submit", function (event) {
      leaving = true;
      var button = event.submitter;
      if (button && button.value === "fill" && button.dataset.busyText) {
        button.setAttribute("aria-busy", "true");
        button.textContent = button.dataset.busyText;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !leaving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("case-form");
    if (!form) {
      return;
    }
    watchCounters();
    watchChanges(form);
  });
})();
