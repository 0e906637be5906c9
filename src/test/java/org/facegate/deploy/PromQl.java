package org.facegate.deploy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the deploy tests need from a PromQL expression: its vector selectors (metric name and label matchers) and
 * the labels it groups or matches on, found by a tokenizer that knows PromQL's lexical rules, and a structural
 * check (balanced brackets, known functions and aggregations, well-formed ranges and matchers). Not a full parser:
 * no Java PromQL parser is on Maven Central, and this is enough to catch what breaks dashboards silently (a metric
 * or label renamed, a typo in a function name). {@code promtool check rules} does the full check where it is
 * installed (DeployFilesTest uses it then).
 *
 * <p>Grafana's variables ({@code $namespace}, {@code ${pod}}, {@code $__rate_interval}) are accepted where a
 * string or a duration goes.
 */
final class PromQl {

    /** One label matcher, e.g. {@code decision="REJECTED"} or {@code client_id=~".+-consumer"}. */
    record Matcher(String label, String op, String value) {

        /** Whether {@code actual} satisfies this matcher, Grafana variables standing for "anything". */
        boolean matches(String actual) {
            String v = actual == null ? "" : actual;
            String wanted = GRAFANA_VARIABLE.matcher(value).replaceAll(".*");
            boolean hasVariable = !wanted.equals(value);
            return switch (op) {
                case "=" -> hasVariable ? Pattern.matches(wanted, v) : v.equals(value);
                case "!=" -> hasVariable || !v.equals(value);
                case "=~" -> Pattern.matches(wanted, v);
                case "!~" -> hasVariable || !Pattern.matches(wanted, v);
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** A vector selector: {@code metric{matchers}}. */
    record Selector(String metric, List<Matcher> matchers) {
    }

    /** What an expression selects and which labels it names in {@code by}, {@code without}, {@code on}, ... */
    record Parsed(List<Selector> selectors, Set<String> groupingLabels) {
    }

    static final class InvalidQueryException extends RuntimeException {
        InvalidQueryException(String expr, int at, String message) {
            super(message + " at offset " + at + " in: " + expr);
        }
    }

    static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh",
            "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh",
            "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg", "delta", "deriv",
            "double_exponential_smoothing", "exp", "floor", "histogram_avg", "histogram_count", "histogram_fraction",
            "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour",
            "idelta", "increase", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10", "log2",
            "mad_over_time", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear",
            "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin",
            "sinh", "sort", "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time",
            "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year");

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
    static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[A-Za-z0-9_]+}|\\$[A-Za-z0-9_]+");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern GRAFANA_LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$",
            Pattern.DOTALL);

    private enum Kind { IDENT, STRING, NUMBER, DURATION, VARIABLE, PUNCT, OP }

    private record Token(Kind kind, String text, int at) {
        boolean is(String s) {
            return (kind == Kind.PUNCT || kind == Kind.OP) && text.equals(s);
        }
    }

    private PromQl() {
    }

    /**
     * Parses a query; Grafana's {@code label_values(SELECTOR, label)} (a template-variable query, not PromQL) counts
     * as the selector with {@code label} as a grouping label.
     *
     * @throws InvalidQueryException when the query is malformed
     */
    static Parsed parse(String expr) {
        java.util.regex.Matcher lv = GRAFANA_LABEL_VALUES.matcher(expr);
        if (lv.matches()) {
            Parsed inner = parse(lv.group(1));
            Set<String> labels = new LinkedHashSet<>(inner.groupingLabels());
            labels.add(lv.group(2));
            return new Parsed(inner.selectors(), labels);
        }
        return new Walker(expr, tokenize(expr)).walk();
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i++;
                StringBuilder value = new StringBuilder();
                while (i < s.length() && s.charAt(i) != c) {
                    if (s.charAt(i) == '\\' && c != '`' && i + 1 < s.length()) {
                        char e = s.charAt(++i);
                        // Go-style escapes: \" \\ \n ...; in a regex string \\. becomes \. (what the regex engine sees)
                        value.append(switch (e) {
                            case 'n' -> "\n";
                            case 't' -> "\t";
                            case '"', '\'', '\\' -> String.valueOf(e);
                            default -> "\\" + e;
                        });
                    } else {
                        value.append(s.charAt(i));
                    }
                    i++;
                }
                if (i >= s.length()) {
                    throw new InvalidQueryException(s, start, "unterminated string");
                }
                i++;
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else if (c == '$') {
                java.util.regex.Matcher m = GRAFANA_VARIABLE.matcher(s).region(i, s.length());
                if (!m.lookingAt()) {
                    throw new InvalidQueryException(s, i, "bad variable");
                }
                out.add(new Token(Kind.VARIABLE, m.group(), i));
                i = m.end();
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || ((s.charAt(i) == '+' || s.charAt(i) == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
                        && !s.substring(start, i).startsWith("0x")))) {
                    i++;
                }
                String text = s.substring(start, i);
                if (DURATION.matcher(text).matches()) {
                    out.add(new Token(Kind.DURATION, text, start));
                } else if (text.matches("0[xX][0-9a-fA-F]+|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.")) {
                    out.add(new Token(Kind.NUMBER, text, start));
                } else {
                    throw new InvalidQueryException(s, start, "bad number or duration '" + text + "'");
                }
            } else if (Character.isLetter(c) || c == '_') { // a name may start with ':' too, but then [1h:5m] is ambiguous
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else if ("(){}[],".indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i++));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (List.of("==", "!=", "=~", "!~", "<=", ">=").contains(two)) {
                    out.add(new Token(Kind.OP, two, i));
                    i += 2;
                } else if ("+-*/%^<>=@:".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OP, String.valueOf(c), i++));
                } else {
                    throw new InvalidQueryException(s, i, "unexpected character '" + c + "'");
                }
            }
        }
        return out;
    }

    /** One pass over the tokens with a bracket stack. */
    private static final class Walker {
        private final String expr;
        private final List<Token> tokens;
        private int pos;
        private final List<Selector> selectors = new ArrayList<>();
        private final Set<String> grouping = new LinkedHashSet<>();
        private final Deque<Token> open = new ArrayDeque<>();

        Walker(String expr, List<Token> tokens) {
            this.expr = expr;
            this.tokens = tokens;
        }

        private Token peek(int ahead) {
            return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : null;
        }

        private InvalidQueryException error(Token at, String message) {
            return new InvalidQueryException(expr, at == null ? expr.length() : at.at(), message);
        }

        Parsed walk() {
            if (tokens.isEmpty()) {
                throw error(null, "empty query");
            }
            while (pos < tokens.size()) {
                Token t = tokens.get(pos);
                Token next = peek(1);
                if (t.kind() == Kind.IDENT) {
                    String word = t.text();
                    String lower = word.toLowerCase(java.util.Locale.ROOT);
                    if (GROUPING.contains(lower)) {
                        pos++;
                        if (peek(0) != null && peek(0).is("(")) {
                            labelList();
                        } else if (!lower.startsWith("group_")) {
                            throw error(t, "'" + word + "' needs a label list");
                        }
                    } else if (KEYWORDS.contains(lower)) {
                        pos++;
                        if (lower.equals("offset")) {
                            expectDuration();
                        }
                    } else if (next != null && next.is("(")) {
                        if (!FUNCTIONS.contains(word) && !AGGREGATIONS.contains(word)) {
                            throw error(t, "unknown function '" + word + "'");
                        }
                        pos++;
                    } else if (AGGREGATIONS.contains(word) && next != null && next.kind() == Kind.IDENT
                            && Set.of("by", "without").contains(next.text())) {
                        pos++;
                    } else {
                        pos++;
                        List<Matcher> matchers = peek(0) != null && peek(0).is("{") ? matchers() : List.of();
                        selectors.add(new Selector(word, matchers));
                    }
                } else if (t.is("{")) {
                    List<Matcher> matchers = matchers();
                    String name = matchers.stream().filter(m -> m.label().equals("__name__") && m.op().equals("="))
                            .map(Matcher::value).findFirst()
                            .orElseThrow(() -> error(t, "a selector without a metric name needs __name__=\"...\""));
                    selectors.add(new Selector(name, matchers));
                } else if (t.is("[")) {
                    pos++;
                    expectDuration();
                    if (peek(0) != null && peek(0).is(":")) {
                        pos++;
                        if (peek(0) != null && (peek(0).kind() == Kind.DURATION || peek(0).kind() == Kind.VARIABLE)) {
                            pos++;
                        }
                    }
                    if (peek(0) == null || !peek(0).is("]")) {
                        throw error(peek(0), "']' expected after the range");
                    }
                    pos++;
                } else if (t.is("(")) {
                    open.push(t);
                    pos++;
                } else if (t.is(")")) {
                    if (open.isEmpty()) {
                        throw error(t, "unbalanced ')'");
                    }
                    open.pop();
                    pos++;
                } else if (t.is("}") || t.is("]")) {
                    throw error(t, "unexpected '" + t.text() + "'");
                } else {
                    pos++;
                }
            }
            if (!open.isEmpty()) {
                throw error(open.peek(), "unclosed '('");
            }
            if (selectors.isEmpty() && tokens.stream().noneMatch(x -> x.kind() == Kind.IDENT && x.text().equals("time"))) {
                throw error(null, "no metric selected");
            }
            return new Parsed(List.copyOf(selectors), Set.copyOf(grouping));
        }

        private void expectDuration() {
            Token d = peek(0);
            if (d == null || (d.kind() != Kind.DURATION && d.kind() != Kind.VARIABLE)) {
                throw error(d, "duration expected (e.g. 5m)");
            }
            pos++;
        }

        /** {@code (a, b, c)} after by/without/on/ignoring/group_left/group_right. */
        private void labelList() {
            Token start = peek(0);
            pos++; // (
            boolean expectLabel = true;
            while (true) {
                Token t = peek(0);
                if (t == null) {
                    throw error(start, "unclosed label list");
                }
                pos++;
                if (t.is(")")) {
                    return;
                }
                if (expectLabel && t.kind() == Kind.IDENT && LABEL_NAME.matcher(t.text()).matches()) {
                    grouping.add(t.text());
                    expectLabel = false;
                } else if (!expectLabel && t.is(",")) {
                    expectLabel = true;
                } else {
                    throw error(t, "label name or ')' expected in a label list");
                }
            }
        }

        /** {@code {label op "value", ...}}. */
        private List<Matcher> matchers() {
            Token start = peek(0);
            pos++; // {
            List<Matcher> out = new ArrayList<>();
            while (true) {
                Token t = peek(0);
                if (t == null) {
                    throw error(start, "unclosed '{'");
                }
                if (t.is("}")) {
                    pos++;
                    return out;
                }
                Token op = peek(1);
                Token value = peek(2);
                if (t.kind() != Kind.IDENT || !LABEL_NAME.matcher(t.text()).matches()) {
                    throw error(t, "label name expected in a selector");
                }
                if (op == null || !(op.is("=") || op.is("!=") || op.is("=~") || op.is("!~"))) {
                    throw error(op, "matcher operator (=, !=, =~, !~) expected");
                }
                if (value == null || value.kind() != Kind.STRING) {
                    throw error(value, "quoted label value expected");
                }
                if (op.text().endsWith("~")) {
                    try {
                        Pattern.compile(GRAFANA_VARIABLE.matcher(value.text()).replaceAll(".*"));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw error(value, "bad regular expression: " + e.getDescription());
                    }
                }
                out.add(new Matcher(t.text(), op.text(), value.text()));
                pos += 3;
                Token sep = peek(0);
                if (sep != null && sep.is(",")) {
                    pos++;
                } else if (sep == null || !sep.is("}")) {
                    throw error(sep, "',' or '}' expected in a selector");
                }
            }
        }
    }
}
