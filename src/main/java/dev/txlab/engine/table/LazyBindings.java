package dev.txlab.engine.table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The standard table's bindings, each command file's taken when one of its commands is first
 * needed. Every {@code bind("get", StringCommands::get)} links a method reference when its file's
 * {@code bindings()} runs, and the 300-odd of them were a third of an engine's start; a one-file
 * replay or a lesson uses a few files. Which file binds which command is an index the build writes
 * ({@link #RESOURCE}, from {@link CommandTable#standardBindings()}, next to the compact COMMAND
 * INFO): nothing is written by hand, a new file still needs only its line in standardBindings().
 * Without the index (classes compiled by something other than Maven) the table binds everything
 * at once, as before.
 *
 * <p>A file's bindings are checked against the index when they load: an index older than the
 * classes (a file gained a command after the last {@code mvn process-classes}) is an error that
 * says so, not a command silently answered as not simulated. LazyBindingsTest checks the built
 * index against the bindings and the lazy table against the eager one.
 */
final class LazyBindings {
    static final String RESOURCE = "command-bindings.tsv";

    /** Command name to the class whose static {@code bindings()} binds it. */
    private final Map<String, String> fileOf;
    /** Files whose bindings are loaded, and what they bound. */
    private final Set<String> loadedFiles = new HashSet<>();
    private final Map<String, Binding> loaded = new HashMap<>();

    private LazyBindings(Map<String, String> fileOf) {
        this.fileOf = fileOf;
    }

    /** The index the build wrote, or null when there is none. */
    static LazyBindings fromIndex() {
        try (InputStream in = LazyBindings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return null;
            Map<String, String> fileOf = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                if (tab > 0) fileOf.put(line.substring(0, tab), line.substring(tab + 1));
            }
            return fileOf.isEmpty() ? null : new LazyBindings(fileOf);
        } catch (IOException e) {
            return null;
        }
    }

    /** The binding of this full command name: its file's, or the not-simulated stand-in. */
    synchronized Binding bindingOf(String name) {
        String file = fileOf.get(name);
        if (file == null) return Binding.notSimulated(name);
        if (loadedFiles.add(file)) load(file);
        Binding binding = loaded.get(name);
        if (binding == null) throw stale(file + ".bindings() no longer binds " + name);
        return binding;
    }

    /** The index: command name to file (for tests). */
    Map<String, String> fileOf() { return Map.copyOf(fileOf); }

    /** The files loaded so far (for tests). */
    synchronized Set<String> loadedFiles() { return Set.copyOf(loadedFiles); }

    private void load(String file) {
        for (Binding b : bindingsOf(file)) {
            // A file may hand on another's (SortedSetCommands gives ZSetAlgebra's): the index names the
            // file whose lambdas they are, and either's copy is the same binding.
            if (fileOf.get(b.name()) == null) throw stale(file + ".bindings() binds " + b.name() + ", which the index does not have");
            loaded.putIfAbsent(b.name(), b);
        }
    }

    private static IllegalStateException stale(String what) {
        return new IllegalStateException("the command binding index (" + RESOURCE + ") is older than the classes: " + what
                + "; rebuild with mvn process-classes (or package)");
    }

    @SuppressWarnings("unchecked")
    private static List<Binding> bindingsOf(String file) {
        try {
            Method bindings = Class.forName(file).getDeclaredMethod("bindings");
            bindings.setAccessible(true);
            return (List<Binding>) bindings.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw stale("no static bindings() in " + file);
        }
    }

    /**
     * The index for these bindings (build time): each command's file is the class its
     * implementation's method reference or lambda was written in, checked by running that class's
     * own {@code bindings()}. Null when some binding cannot be placed so (its implementation is
     * not a lambda of a class with a static bindings() that returns it): the table then binds
     * everything at once.
     */
    static Map<String, String> index(List<Binding> bindings) {
        Map<String, String> fileOf = new TreeMap<>();
        Map<String, Set<String>> verified = new LinkedHashMap<>();
        for (Binding b : bindings) {
            String lambda = b.implementation().getClass().getName();
            int at = lambda.indexOf("$$Lambda");
            if (at < 0) return null;
            String file = lambda.substring(0, at);
            Set<String> names = verified.get(file);
            if (names == null) {
                names = new HashSet<>();
                try {
                    for (Binding own : bindingsOf(file)) names.add(own.name());
                } catch (RuntimeException e) {
                    return null;
                }
                verified.put(file, names);
            }
            if (!names.contains(b.name())) return null;
            fileOf.put(b.name(), file);
        }
        // A file's bindings() must bind only what the standard table holds, or loading it would add others.
        Set<String> all = new HashSet<>();
        for (Binding b : bindings) all.add(b.name());
        for (Set<String> names : verified.values()) if (!all.containsAll(names)) return null;
        return fileOf;
    }

    /** Writes {@code DIR/command-bindings.tsv} for the standard bindings, or removes it when they cannot be indexed. */
    static void write(Path dir) {
        Map<String, String> index = index(CommandTable.standardBindings());
        Path file = dir.resolve(RESOURCE);
        try {
            if (index == null) {
                Files.deleteIfExists(file);
                System.err.println("LazyBindings: some binding is not a lambda in its file's bindings(); the table will bind all at once");
                return;
            }
            List<String> lines = new ArrayList<>();
            index.forEach((name, owner) -> lines.add(name + "\t" + owner));
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
