/*
 * Longform: Sphinx's JavaScript translations under the site's Content-Security-Policy.
 *
 * Sphinx's doctools.js turns a catalogue's plural rule ("(n != 1)") into a function with `new Function`,
 * which a policy without 'unsafe-eval' refuses: on a site in German, French… every page would throw before
 * the catalogue's locale and plural rule are set.  Loaded after doctools.js and before translations.js,
 * this replaces Documentation.addTranslations with one that reads the rule with a small parser of the
 * gettext plural-expression grammar (n, integers, ! * / % + - < <= > >= == != && || ?: and parentheses).
 * Nothing is evaluated as code; an expression outside the grammar leaves Sphinx's default rule.
 */
(function () {
  "use strict";
  if (typeof Documentation === "undefined" || !Documentation.addTranslations) return;

  function tokenize(text) {
    var tokens = [];
    var pattern = /\s*(\d+|n|&&|\|\||==|!=|<=|>=|[-+*\/%<>!?:()])/y;
    pattern.lastIndex = 0;
    while (pattern.lastIndex < text.length) {
      var rest = text.slice(pattern.lastIndex);
      if (!rest.trim()) break;
      var match = pattern.exec(text);
      if (!match) return null;
      tokens.push(match[1]);
    }
    return tokens;
  }

  /* Recursive descent, C precedence: ?: < || < && < == != < < <= > >= < + - < * / % < ! and unary -. */
  function parse(text) {
    var tokens = tokenize(text);
    if (!tokens || !tokens.length) return null;
    var at = 0;
    function peek() { return tokens[at]; }
    function take(token) {
      if (tokens[at] !== token) throw new SyntaxError("expected " + token);
      at += 1;
    }
    function primary() {
      var token = tokens[at++];
      if (token === "n") return function (n) { return n; };
      if (/^\d+$/.test(token)) { var value = Number(token); return function () { return value; }; }
      if (token === "(") { var inner = ternary(); take(")"); return inner; }
      if (token === "!") { var operand = primary(); return function (n) { return operand(n) ? 0 : 1; }; }
      if (token === "-") { var negated = primary(); return function (n) { return -negated(n); }; }
      throw new SyntaxError("unexpected " + token);
    }
    var BINARY = [
      ["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"],
    ];
    function apply(op, a, b) {
      switch (op) {
        case "||": return function (n) { return a(n) || b(n) ? 1 : 0; };
        case "&&": return function (n) { return a(n) && b(n) ? 1 : 0; };
        case "==": return function (n) { return a(n) === b(n) ? 1 : 0; };
        case "!=": return function (n) { return a(n) !== b(n) ? 1 : 0; };
        case "<": return function (n) { return a(n) < b(n) ? 1 : 0; };
        case "<=": return function (n) { return a(n) <= b(n) ? 1 : 0; };
        case ">": return function (n) { return a(n) > b(n) ? 1 : 0; };
        case ">=": return function (n) { return a(n) >= b(n) ? 1 : 0; };
        case "+": return function (n) { return a(n) + b(n); };
        case "-": return function (n) { return a(n) - b(n); };
        case "*": return function (n) { return a(n) * b(n); };
        case "/": return function (n) { return Math.trunc(a(n) / b(n)); };
        default: return function (n) { return a(n) % b(n); };
      }
    }
    function level(depth) {
      if (depth === BINARY.length) return primary();
      var left = level(depth + 1);
      while (BINARY[depth].indexOf(peek()) !== -1) {
        var op = tokens[at++];
        left = apply(op, left, level(depth + 1));
      }
      return left;
    }
    function ternary() {
      var test = level(0);
      if (peek() !== "?") return test;
      at += 1;
      var yes = ternary();
      take(":");
      var no = ternary();
      return function (n) { return test(n) ? yes(n) : no(n); };
    }
    try {
      var rule = ternary();
      return at === tokens.length ? rule : null;
    } catch (error) {
      return null;
    }
  }

  Documentation.addTranslations = function (catalog) {
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    var rule = parse(String(catalog.plural_expr || ""));
    if (rule) Documentation.PLURAL_EXPR = function (n) { return Number(rule(n)); };
    Documentation.LOCALE = catalog.locale;
  };
})();
