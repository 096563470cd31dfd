// The interview form: "not sure" and a tick exclude each other; "don't know" and "ongoing"
// empty the typed answer. The form works the same without this script.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[type=checkbox]") || !box.checked) return;
  var form = box.form;
  if (!form) return;
  var pair = box.getAttribute("data-pair");
  if (pair) {
    var other = form.elements.namedItem(pair);
    if (other) other.checked = false;
    return;
  }
  var name = box.name;
  var dot = name.indexOf(".");
  if (dot < 0) return;
  var kind = name.slice(0, dot), id = name.slice(dot + 1);
  if (kind !== "dk" && kind !== "ongoing") return;
  var typed = form.elements.namedItem("q." + id);
  if (typed && typed.type === "text") typed.value = "";
  var sibling = form.elements.namedItem((kind === "dk" ? "ongoing." : "dk.") + id);
  if (sibling) sibling.checked = false;
});
document.addEventListener("input", function (event) {
  var el = event.target;
  if (!el.name || el.name.indexOf("q.") !== 0 || el.type !== "text" || !el.value) return;
  var id = el.name.slice(2);
  ["dk.", "ongoing."].forEach(function (prefix) {
    var box = el.form && el.form.elements.namedItem(prefix + id);
    if (box) box.checked = false;
  });
});
