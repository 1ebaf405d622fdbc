package io.vigil.engine.internal.eval;

/** Falco's comparison operators. */
public enum Op {
    EQ, NE, LT, LE, GT, GE, CONTAINS, ICONTAINS, BCONTAINS, STARTSWITH, BSTARTSWITH, ENDSWITH, GLOB, IGLOB,
    REGEX, IN, INTERSECTS, PMATCH, EXISTS;

    /** The operator as written in conditions ({@code =} and {@code ==} are the same). */
    public static Op parse(String s) {
        return switch (s) {
            case "=", "==" -> EQ;
            case "!=" -> NE;
            case "<" -> LT;
            case "<=" -> LE;
            case ">" -> GT;
            case ">=" -> GE;
            case "contains" -> CONTAINS;
            case "icontains" -> ICONTAINS;
            case "bcontains" -> BCONTAINS;
            case "startswith" -> STARTSWITH;
            case "bstartswith" -> BSTARTSWITH;
            case "endswith" -> ENDSWITH;
            case "glob" -> GLOB;
            case "iglob" -> IGLOB;
            case "regex" -> REGEX;
            case "in" -> IN;
            case "intersects" -> INTERSECTS;
            case "pmatch" -> PMATCH;
            case "exists" -> EXISTS;
            default -> null;
        };
    }

    /** Modifiers over a list of right-hand values: exactly one, at least one, or all must match. */
    public enum Modifier { ONEOF, ANYOF, ALLOF }

    static boolean decide(Modifier m, int matches, int n) {
        return switch (m) {
            case ONEOF -> matches == 1;
            case ANYOF -> matches >= 1;
            case ALLOF -> matches == n;
        };
    }
}
