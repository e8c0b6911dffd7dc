package dev.mta.daemon.config;

import org.apache.commons.configuration2.interpol.ConfigurationInterpolator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} in a value with the environment variable NAME, through Commons Configuration's
 * interpolator ({@code $${...}} stays a literal {@code ${...}}). Only the {@code env} prefix is known: the
 * default lookups ({@code sys:}, {@code file:}, {@code url:}, other keys...) are not registered, and any other
 * {@code ${...}} is reported instead of being left in place.
 *
 * <p>The environment is a map so tests can give their own. A variable's value is taken verbatim: the interpolator
 * sees only a placeholder without {@code $}, so a password that contains {@code ${} or ends in {@code $} is
 * neither expanded again nor unescaped. Placeholders are NUL-delimited; the binder refuses control characters
 * in the file's values, so none can be forged.
 */
final class EnvInterpolator {

    /** Result of interpolating one value. */
    record Result(String value, List<String> problems) {
    }

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String ENV_PREFIX = "env";

    private final Map<String, String> environment;

    EnvInterpolator(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Interpolates one raw value; problems name the variable and say what is wrong. */
    Result interpolate(String raw) {
        if (!raw.contains("${")) {
            return new Result(raw, List.of());
        }
        // A set: the interpolator may ask for one variable more than once.
        Set<String> problems = new LinkedHashSet<>();
        List<String> values = new ArrayList<>();
        ConfigurationInterpolator interpolator = new ConfigurationInterpolator();
        interpolator.registerLookup(ENV_PREFIX, name -> {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                problems.add("${env:" + name + "}: not a valid environment variable name");
                return null;
            }
            String value = environment.get(name);
            if (value == null) {
                problems.add("environment variable " + name + " is not set");
                return null;
            }
            values.add(value);
            return "\0" + (values.size() - 1) + "\0";
        });
        interpolator.addDefaultLookup(variable -> {
            if (!variable.startsWith(ENV_PREFIX + ":")) {
                problems.add("${" + variable + "}: only ${env:NAME} is supported (write $${ for a literal ${)");
            }
            return null;
        });
        String substituted = Objects.toString(interpolator.interpolate(raw), "");
        if (problems.isEmpty() && count(substituted, "${") > count(raw, "$${")) {
            // What is left beyond the escapes is a ${ without its closing brace.
            problems.add("'${' without a closing '}' (write $${ for a literal ${)");
        }
        if (!problems.isEmpty()) {
            return new Result(raw, List.copyOf(problems));
        }
        StringBuilder out = new StringBuilder(substituted.length());
        int i = 0;
        while (i < substituted.length()) {
            char c = substituted.charAt(i);
            int end = c == '\0' ? substituted.indexOf('\0', i + 1) : -1;
            if (end > 0) {
                out.append(values.get(Integer.parseInt(substituted.substring(i + 1, end))));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), List.of());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
