package io.vigil.output.support.testing;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a component property type instance from properties, as Declarative Services does
 * (method {@code user__agent} reads property {@code user_agent}, {@code vigil_output_name}
 * reads {@code vigil.output.name}), so tests activate components with the exact property
 * names a configuration would carry.
 */
public final class Configs {

    private Configs() {
    }

    /** An instance of {@code type} with {@code props} over the annotation's defaults. */
    public static <A> A of(Class<A> type, Map<String, ?> props) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            switch (m.getName()) {
                case "toString": return type.getSimpleName() + props;
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == args[0];
                case "annotationType": return type;
                default:
            }
            String key = propertyName(m.getName());
            Object v = props.containsKey(key) ? props.get(key) : m.getDefaultValue();
            if (v == null) {
                throw new IllegalStateException("no value and no default for " + key);
            }
            return coerce(v, m);
        });
        return type.cast(proxy);
    }

    /** DS 1.4 name mapping: {@code __} is an underscore, {@code _} a dot, {@code $} dropped. */
    public static String propertyName(String method) {
        return method.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_').replace("$", "");
    }

    private static Object coerce(Object v, Method m) {
        Class<?> t = m.getReturnType();
        if (t.isInstance(v)) {
            return v;
        }
        if (t.isArray()) {
            Object arr = Array.newInstance(t.getComponentType(), 1);
            Array.set(arr, 0, v);
            return arr;
        }
        String s = v.toString();
        if (t == int.class) {
            return Integer.parseInt(s);
        }
        if (t == long.class) {
            return Long.parseLong(s);
        }
        if (t == boolean.class) {
            return Boolean.parseBoolean(s);
        }
        if (t == String.class) {
            return s;
        }
        throw new IllegalArgumentException("cannot convert " + v + " to " + t + " for " + m.getName());
    }
}
