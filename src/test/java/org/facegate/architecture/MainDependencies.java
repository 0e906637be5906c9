package org.facegate.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads which FaceGate classes each main class uses, from two places: the compiled classes' constant pools (every
 * class, field and method type they name, fully qualified uses and the owners of inlined constants included) and the
 * sources' {@code import} lines (an import used only in Javadoc leaves no trace in the class file, yet it is an
 * import). Only references to {@code org.facegate} classes in another top-level package are kept. A class file that
 * is not one (bad magic number) throws {@link IOException}.
 */
final class MainDependencies {

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(org/facegate/[\\w/$]+)[;<]");
    /** An import line: the imported name (a static import names a member, a wildcard import a package). */
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s+(?:static\\s+)?(org\\.facegate\\.[\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private MainDependencies() {
    }

    /** Every cross-room dependency of the classes under {@code classesDir} and the sources under {@code sourceDir}. */
    static List<Dependency> read(Path classesDir, Path sourceDir) throws IOException {
        Set<Dependency> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Path f : files(classesDir, ".class")) {
            try (InputStream in = Files.newInputStream(f)) {
                String from = classNameOf(classesDir, f);
                for (String to : referencedClasses(in)) {
                    keep(out, from, to);
                }
            }
        }
        for (Path f : files(sourceDir, ".java")) {
            String text = Files.readString(f);
            Matcher p = PACKAGE.matcher(text);
            String name = f.getFileName().toString().replace(".java", "");
            String from = p.find() ? p.group(1) + "." + name : name;
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                keep(out, from, m.group(1));
            }
        }
        return new ArrayList<>(out);
    }

    private static void keep(Set<Dependency> out, String from, String to) {
        if (from.startsWith(Dependency.ROOT) && to.startsWith(Dependency.ROOT)) {
            Dependency d = new Dependency(from, to);
            if (!d.fromRoom().equals(d.toRoom())) {
                out.add(d);
            }
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir.toAbsolutePath() + " (run from the project root after compiling)");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String classNameOf(Path classesDir, Path classFile) {
        String rel = classesDir.relativize(classFile).toString().replace('\\', '/');
        return rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
    }

    /**
     * The FaceGate classes a class file names in its constant pool (class entries and the types in descriptors and
     * generic signatures), in dotted form.
     */
    static Set<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file (bad magic number)");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name.startsWith("org/facegate/")) {
                out.add(name.replace('/', '.'));
            }
        }
        for (String s : utf8) {
            if (s != null) {
                Matcher m = DESCRIPTOR_TYPE.matcher(s);
                while (m.find()) {
                    out.add(m.group(1).replace('/', '.'));
                }
            }
        }
        return out;
    }
}
