package io.vigil.engine.internal.eval;

import io.vigil.sdk.Event;

/** The boolean connectives. */
public final class Logic {

    private Logic() {
    }

    /** All children true; stops at the first false. */
    public static final class AndFilter extends Filter {
        private final Filter[] children;

        public AndFilter(Filter[] children) {
            this.children = children;
        }

        @Override
        public boolean test(Event e) {
            for (Filter f : children) {
                if (!f.test(e)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean explain(Event e, StringBuilder json) {
            return group("and", children, e, json, true);
        }

        @Override
        public String text() {
            return join(children, " and ");
        }
    }

    /** Any child true; stops at the first true. */
    public static final class OrFilter extends Filter {
        private final Filter[] children;

        public OrFilter(Filter[] children) {
            this.children = children;
        }

        @Override
        public boolean test(Event e) {
            for (Filter f : children) {
                if (f.test(e)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean explain(Event e, StringBuilder json) {
            return group("or", children, e, json, false);
        }

        @Override
        public String text() {
            return join(children, " or ");
        }
    }

    /** Negation. */
    public static final class NotFilter extends Filter {
        private final Filter child;

        public NotFilter(Filter child) {
            this.child = child;
        }

        @Override
        public boolean test(Event e) {
            return !child.test(e);
        }

        @Override
        public boolean explain(Event e, StringBuilder json) {
            json.append("{\"op\":\"not\",\"children\":[");
            boolean r = !child.explain(e, json);
            json.append("],\"result\":").append(r).append('}');
            return r;
        }

        @Override
        public String text() {
            return "not " + child.text();
        }
    }

    private static boolean group(String op, Filter[] children, Event e, StringBuilder json, boolean and) {
        json.append("{\"op\":\"").append(op).append("\",\"children\":[");
        boolean result = and;
        boolean decided = false;
        for (int i = 0; i < children.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            if (decided) {
                json.append("{\"text\":");
                Filter.jsonString(json, children[i].text());
                json.append(",\"skipped\":true}");
                continue;
            }
            boolean r = children[i].explain(e, json);
            if (and ? !r : r) {
                result = !and;
                decided = true;
            }
        }
        json.append("],\"result\":").append(result).append('}');
        return result;
    }

    private static String join(Filter[] children, String sep) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < children.length; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(children[i].text());
        }
        return sb.append(')').toString();
    }
}
